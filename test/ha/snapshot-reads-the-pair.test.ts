import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { adminAuth, pairClient, restClient, simulator } from './helpers.js';

describe('client.ha.snapshot()', () => {
  it('reads licensed, status, node, config, disabled reasons and reboot info of the controller reached', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const s = await client.ha.snapshot();
    const state = sim.state();
    expect(s).toMatchObject({
      licensed: true,
      status: 'MASTER',
      node: 'A',
      otherNode: 'B',
      config: { disabled: false, master: true },
      disabledReasons: [],
      designatedMaster: 'A',
      unavailable: {},
      healthy: true,
    });
    expect(s.rebootInfo.this_node.boot_id).toBe(state.nodes.A.bootId);
    expect(s.rebootInfo.other_node?.boot_id).toBe(state.nodes.B?.bootId);
    expect(s.controller?.node).toBe('A');
    expect(s.readAt).toBeLessThanOrEqual(Date.now());
  });

  it('is not healthy when a reason is reported, and says which', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.failover.update({ disabled: true });
    const s = await client.ha.snapshot();
    expect(s.healthy).toBe(false);
    expect(s.config.disabled).toBe(true);
    expect(s.disabledReasons).toContain('NO_FAILOVER');
  });

  it('on a single (unlicensed) system: SINGLE, MANUAL, no other node, not healthy as a pair', async () => {
    const sim = await simulator({ licensed: false });
    const client = createClient({ url: sim.vip.ws, auth: adminAuth(sim), env: false });
    try {
      const s = await client.ha.snapshot();
      expect(s).toMatchObject({
        licensed: false,
        status: 'SINGLE',
        node: 'MANUAL',
        otherNode: undefined,
        designatedMaster: undefined,
        healthy: false,
      });
    } finally {
      await client.close();
    }
  });

  it('over REST on 25.10 reports status and reasons as unavailable instead of failing', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    const s = await client.ha.snapshot();
    expect(s.status).toBeUndefined();
    expect(s.disabledReasons).toBeUndefined();
    expect(s.unavailable.status).toMatch(/failover\.status is not exposed over REST/);
    expect(s.unavailable.disabledReasons).toMatch(/failover\.disabled\.reasons is not exposed over REST/);
    expect(s).toMatchObject({ licensed: true, node: 'A', config: { disabled: false }, healthy: undefined });
  });

  it('over REST on 25.04 reads the status (25.04 exposes it) but not the reasons', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    const client = restClient(sim);
    const s = await client.ha.snapshot();
    expect(s.status).toBe('MASTER');
    expect(s.disabledReasons).toBeUndefined();
    expect(Object.keys(s.unavailable)).toEqual(['disabledReasons']);
  });

  it('rejects with the client’s typed error when the controller cannot be reached in time', async () => {
    const sim = await simulator();
    const client = pairClient(sim, { urls: undefined, url: sim.a.ws });
    await client.connect();
    sim.faults.hangController('A');
    await expect(client.ha.snapshot({ timeout: 300 })).rejects.toMatchObject({ name: 'TimeoutError' });
    sim.faults.unhangController('A');
  });
});
