import { describe, expect, it } from 'vitest';
import { connect, login, rootSession, session, simulator, waitUntil } from './helpers.js';

const MILESTONES = [
  [0, 'Checking other controller boot environment'],
  [5, 'Rebooting other controller'],
  [30, 'Waiting on the other controller to go offline'],
  [60, 'Waiting for the other controller to come back online'],
  [100, 'Other controller rebooted successfully'],
];

describe('failover.reboot.other_node', () => {
  it('reboots the standby as a job with the server milestones; the standby returns with a new boot id', async () => {
    const sim = await simulator();
    try {
      const bootIdB = sim.state().nodes.B?.bootId;
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const jobId = await c.call<number>('failover.reboot.other_node', [{ reason: 'Maintenance', graceful: false }]);
      expect(typeof jobId).toBe('number');
      const done = await c.waitFor((n) => n.params.id === jobId && (n.params.fields as { state: string }).state === 'SUCCESS', 20_000);
      const progress = c.notifications
        .filter((n) => n.params.id === jobId)
        .map((n) => (n.params.fields as { progress: { percent: number; description: string } }).progress)
        .map((p) => [p.percent, p.description]);
      for (const milestone of MILESTONES) expect(progress).toContainEqual(milestone);
      expect(done.params.msg).toBe('changed');
      expect(done.params.fields).toMatchObject({
        method: 'failover.reboot.other_node',
        result: null,
        arguments: [{ reason: 'Maintenance', graceful: false }],
      });
      expect(sim.state().nodes.B?.bootId).not.toBe(bootIdB);
      expect(sim.state().nodes.A.status).toBe('MASTER');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('from the standby against the active controller fails over to the caller', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const b = await rootSession(sim, 'B');
      const jobId = await b.call<number>('failover.reboot.other_node');
      await waitUntil(
        async () => (await b.call<{ state: string }>('core.get_jobs', [[['id', '=', jobId]], { get: true }])).state === 'SUCCESS',
        20_000,
        'the job',
      );
      expect(sim.state().nodes.B?.status).toBe('MASTER');
      expect(sim.state().vip.holder).toBe('B');
      expect(sim.state().nodes.A.status).toBe('BACKUP');
      b.close();
    } finally {
      await sim.stop();
    }
  });

  it('with legacy_jobs false answers only when the job ends, with its result', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const c = await connect(sim.vip.ws);
      await c.call('core.set_options', [{ legacy_jobs: false }]);
      await login(c, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const request = c.request('failover.reboot.other_node', [{ reason: 'Test', graceful: true }], 30_000);
      const added = await c.waitFor((n) => n.params.msg === 'added');
      expect((added.params.fields as { message_ids: unknown[] }).message_ids.length).toBe(1);
      const reply = await request;
      expect(reply.result).toBeNull();
      const last = c.notifications.filter((n) => n.params.id === added.params.id).at(-1);
      expect((last!.params.fields as { state: string }).state).toBe('SUCCESS');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('fails the job (and the new-style reply) when the peer is down', async () => {
    const sim = await simulator();
    try {
      sim.faults.killController('B');
      const c = await connect(sim.vip.ws);
      await c.call('core.set_options', [{ legacy_jobs: false }]);
      await login(c, sim);
      const reply = await c.request('failover.reboot.other_node', [], 20_000);
      expect(reply.error).toMatchObject({ code: -32001, data: { error: 111, errname: 'ECONNREFUSED' } });
      const job = await c.call<Record<string, unknown>>('core.get_jobs', [[['method', '=', 'failover.reboot.other_node']], { get: true }]);
      expect(job).toMatchObject({
        state: 'FAILED',
        error: '[ECONNREFUSED] Remote connection unavailable',
        exc_info: { type: 'CallError', errno: 111 },
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
