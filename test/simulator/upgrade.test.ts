import { describe, expect, it } from 'vitest';
import { connect, login, rootSession, session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

type JobFields = {
  id: number;
  state: string;
  error: string | null;
  progress: { percent: number | null; description: string };
  exc_info: { errno: number } | null;
};

async function runJob(c: Awaited<ReturnType<typeof session>>, params: unknown[]): Promise<JobFields> {
  const id = await c.call<number>('failover.upgrade', params);
  await c.waitFor((n) => n.params.id === id && ['SUCCESS', 'FAILED'].includes((n.params.fields as JobFields).state), 30_000);
  return c.call<JobFields>('core.get_jobs', [[['id', '=', id]], { get: true }]);
}

describe('failover.upgrade (rolling upgrade job)', () => {
  it('upgrades and reboots the standby, then marks the active controller for an UPGRADE reboot; a planned failover finishes it', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0', unixSockets: true, upgradeVersion: '27.0.1' });
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const job = await runJob(c, [{}]);
      expect(job.state).toBe('SUCCESS');
      const descriptions = c.notifications
        .filter((n) => n.params.id === job.id)
        .map((n) => (n.params.fields as JobFields).progress.description);
      // failover.py `upgrade` relays update_/download.py's descriptions while it downloads.
      expect(descriptions).toEqual(
        expect.arrayContaining([
          'Retrieving update manifest',
          expect.stringMatching(/^Downloading update: [\d.]+ GiB at [\d.]+ MiB\/s$/),
          'Update downloaded.',
          'Sending files to Standby Controller',
          'Waiting on the Standby Controller to reboot.',
          expect.stringMatching(/^Active Controller: \d+%: .+\nStandby Controller: \d+%: .+$/),
        ]),
      );
      const state = sim.state();
      expect(state.nodes.B?.version).toBe('27.0.1');
      expect(state.nodes.A.version).not.toBe('27.0.1');
      expect(state.nodes.A.nextVersion).toBe('27.0.1');
      expect(await c.call('failover.disabled.reasons')).toEqual(['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ']);
      const b = await rootSession(sim, 'B');
      expect(await b.call('failover.disabled.reasons')).toEqual(['MISMATCH_VERSIONS', 'REM_UPGRADE_REBOOT_REQ']);
      expect(await c.call('failover.reboot.info')).toMatchObject({ this_node: { reboot_required_reasons: [{ code: 'UPGRADE' }] } });

      await c.request('failover.become_passive', [], 3000).catch(() => {});
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      await waitUntil(() => sim.state().nodes.A.ready, 15_000, 'A back');
      expect(sim.state().nodes.A.version).toBe('27.0.1');
      const after = await session(sim.vip.ws, sim);
      await waitUntil(async () => (await after.call<string[]>('failover.disabled.reasons')).length === 0, 10_000, 'a healthy pair');
      after.close();
    } finally {
      await sim.stop();
    }
  });

  it('refuses to run on the standby', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const b = await rootSession(sim, 'B');
      await b.call('core.subscribe', ['core.get_jobs']);
      const job = await runJob(b, []);
      expect(job).toMatchObject({ state: 'FAILED', error: '[EFAULT] Upgrade can only run on Active Controller.' });
    } finally {
      await sim.stop();
    }
  });

  it('stops on an installer warning with EAGAIN and continues with resume: true', async () => {
    const sim = await simulator();
    try {
      sim.faults.installerWarning('Pool tank has an unsupported feature flag');
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const first = await runJob(c, [{}]);
      expect(first).toMatchObject({
        state: 'FAILED',
        error: '[EAGAIN] Pool tank has an unsupported feature flag',
        exc_info: { errno: 11 },
      });
      expect(sim.state().nodes.B?.version).toBe(sim.state().nodes.A.version);
      const second = await runJob(c, [{ resume: true }]);
      expect(second.state).toBe('SUCCESS');
      expect(sim.state().nodes.B?.version).not.toBe(sim.state().nodes.A.version);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('maps the UPGRADE reboot reason to the FIPS reason on 25.04 and to none on 25.10.0', async () => {
    for (const [apiVersion, expected] of [
      ['v25.04.2', ['MISMATCH_VERSIONS', 'LOC_FIPS_REBOOT_REQ']],
      ['v25.10.0', ['MISMATCH_VERSIONS']],
    ] as const) {
      const sim = await simulator({ apiVersion });
      try {
        const c = await connect(sim.vip.ws);
        await login(c, sim);
        await c.call('core.subscribe', ['core.get_jobs']);
        expect((await runJob(c, [{}])).state).toBe('SUCCESS');
        expect(await c.call('failover.disabled.reasons')).toEqual(expected);
        c.close();
      } finally {
        await sim.stop();
      }
    }
  });
});
