import { describe, expect, it } from 'vitest';
import { createClient, FailoverPreconditionError } from '../../src/index.js';
import { adminAuth, master, pairClient, restClient, settle, simulator, until } from './helpers.js';

async function refusal(workflow: PromiseLike<unknown>): Promise<FailoverPreconditionError> {
  const result = await settle(workflow);
  expect(result.ok).toBe(false);
  const error = (result as { error: unknown }).error;
  expect(error).toBeInstanceOf(FailoverPreconditionError);
  return error as FailoverPreconditionError;
}

describe('client.ha.plannedFailover() refuses, naming the failed precondition, and changes nothing', () => {
  it('licensed: a single system has no other controller', async () => {
    const sim = await simulator({ licensed: false });
    const client = createClient({ url: sim.vip.ws, auth: adminAuth(sim), env: false });
    try {
      const error = await refusal(client.ha.plannedFailover());
      expect(error.precondition).toBe('licensed');
      expect(error.workflow).toBe('plannedFailover');
      expect(error.message).toMatch(/not an HA pair/);
      expect(sim.state().nodes.A.status).toBe('SINGLE');
    } finally {
      await client.close();
    }
  });

  it('active-controller: a client that reaches the standby (REST, per-request login on the standby)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim, { b: sim.b.http });
    const error = await refusal(client.ha.plannedFailover());
    expect(error.precondition).toBe('active-controller');
    expect(error.snapshot?.node).toBe('B');
    expect(master(sim)).toBe('A');
  });

  it('failover-enabled: failover is administratively disabled', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.failover.update({ disabled: true });
    const error = await refusal(client.ha.plannedFailover());
    expect(error.precondition).toBe('failover-enabled');
    expect(error.hint).toMatch(/reenable/);
    expect(master(sim)).toBe('A');
  });

  it('peer-healthy: the heartbeat is cut (NO_PONG), or the standby is down', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    sim.faults.cutHeartbeat();
    let error = await refusal(client.ha.plannedFailover());
    expect(error.precondition).toBe('peer-healthy');
    expect(error.message).toMatch(/NO_PONG \(the other controller does not answer/);
    sim.faults.restoreHeartbeat();
    await until(async () => (await client.failover.disabled.reasons()).length === 0, 'the heartbeat back');
    sim.faults.killController('B');
    error = await refusal(client.ha.plannedFailover());
    expect(error.precondition).toBe('peer-healthy');
    expect(master(sim)).toBe('A');
    expect(sim.state().nodes.A.bootId).toBe(error.snapshot?.rebootInfo.this_node.boot_id);
  });

  it('no-disabled-reasons: a reason about this controller blocks even when the peer ones are allowed', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    // Upgrading only the standby leaves MISMATCH_VERSIONS (peer) and LOC_UPGRADE_REBOOT_REQ (this controller).
    await client.ha.rollingUpgrade({ failover: false, interval: 100 });
    let error = await refusal(client.ha.plannedFailover());
    expect(error.precondition).toBe('peer-healthy');
    error = await refusal(client.ha.plannedFailover({ allowReasons: ['MISMATCH_VERSIONS'] }));
    expect(error.precondition).toBe('no-disabled-reasons');
    expect(error.message).toMatch(/LOC_UPGRADE_REBOOT_REQ/);
    expect(master(sim)).toBe('A');
  });
});
