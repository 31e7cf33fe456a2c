import { describe, expect, it } from 'vitest';
import type { FailoverEvent } from '../../src/index.js';
import { baseUrl, clientOf, clientOver, master, simulator, simulatorForBoth, until } from './helpers.js';

// Given several addresses (no VIP), the client works with the active controller, follows it
// through a failover, and says so with a 'failover' event. Over WebSocket and over REST the search
// is the same code; what tells the active controller apart differs: failover.status (WebSocket,
// REST on 25.04), or who holds the VIP (failover.get_ips) where REST has no failover.status (25.10).
describe.each([
  ['websocket', 'v25.10.0'],
  ['rest', 'v25.04.2'],
  ['rest', 'v25.10.0'],
] as const)('controller addresses over %s on %s', (transport, apiVersion) => {
  it('prefers the active controller over a standby listed first, and follows a failover', async () => {
    const sim = await simulatorForBoth({ apiVersion });
    const client = clientOver(transport, sim, { urls: [baseUrl(sim, transport, 'b'), baseUrl(sim, transport, 'a')] });
    expect(await client.failover.node()).toBe('A');
    expect(client.controller?.node).toBe('A');
    expect(client.controller?.url).toBe(`${baseUrl(sim, transport, 'a')}${transport === 'rest' ? '/api/v2.0' : `/api/${apiVersion}`}`);
    if (transport === 'websocket') expect(client.controller).toMatchObject({ node: 'A', status: 'MASTER' });
    const failovers: string[] = [];
    client.on('failover', (e) => failovers.push(`${e.from.node}->${e.to.node}`));
    sim.faults.killController('A');
    await until(async () => (await client.failover.node()) === 'B', 'controller B to answer', 20_000);
    expect(failovers).toEqual(['A->B']);
    await client.failover.update({ timeout: 4 });
    expect(sim.state().nodes.B?.config.timeout).toBe(4);
  });
});

describe('several controller addresses over WebSocket', () => {
  it('prefers the MASTER even when the standby is listed first', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { urls: [sim.b.ws, sim.a.ws] });
    expect(await client.failover.node()).toBe('A');
    expect(client.controller).toMatchObject({ node: 'A', status: 'MASTER' });
  });

  it('follows a planned failover from A to B without a VIP', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { urls: { a: sim.a.ws, b: sim.b.ws } });
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    expect(await client.failover.node()).toBe('A');
    await client.failover.become_passive();
    // Calls made during the failover wait for the new master.
    expect(await client.failover.status()).toBe('MASTER');
    expect(await client.failover.node()).toBe('B');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: { node: 'A' }, to: { node: 'B', status: 'MASTER' }, nodeChanged: true });
    expect(events[0]?.to.url.startsWith(sim.b.ws)).toBe(true);
  });

  it('survives the active controller dying: reads in flight are answered by the new master', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { urls: { vip: sim.vip.ws, a: sim.a.ws, b: sim.b.ws }, keepAlive: false });
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    await client.connect();
    sim.faults.hangController('A');
    const reads = Array.from({ length: 30 }, () => client.failover.node());
    await new Promise((r) => setTimeout(r, 100));
    sim.faults.killController('A');
    expect(new Set(await Promise.all(reads))).toEqual(new Set(['B']));
    expect(master(sim)).toBe('B');
    await until(() => events.length === 1, 'the failover event');
    expect(events[0]).toMatchObject({ from: { node: 'A' }, to: { node: 'B' } });
  });

  it('moves from a standby to the master when the standby refuses like one (EHAUNAVAILABLE)', async () => {
    const sim = await simulator();
    // A hangs and the heartbeat is cut: B, the standby, does not redirect and is the only usable controller.
    sim.faults.hangController('A');
    sim.faults.cutHeartbeat();
    const client = clientOf(sim, { urls: [sim.b.ws, sim.a.ws], masterWait: 100, connectTimeout: 500, keepAlive: false });
    await client.connect();
    expect(client.controller).toMatchObject({ node: 'B', status: 'BACKUP' });
    sim.faults.unhangController('A');
    sim.faults.restoreHeartbeat();
    sim.faults.failNextCall('failover.config', { errno: 210, reason: 'HA is unavailable' });
    await expect(client.failover.config()).rejects.toMatchObject({ errno: 210 });
    await until(() => client.controller?.node === 'A', 'the client to move to the master', 20_000);
    expect(await client.failover.status()).toBe('MASTER');
  });
});
