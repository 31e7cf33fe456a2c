import { describe, expect, it } from 'vitest';
import type { ClientState } from '../../src/index.js';
import { clientOf, clientOver, simulator, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

// The connection state is observable, the same over both transports: idle → connecting →
// authenticating → ready, reconnecting after a failure (a dropped socket; over REST a request that
// got no answer), and closed at the end; nothing happens before the first call.
describe.each(TRANSPORTS)('connection state over %s', (transport) => {
  it('goes idle → connecting → authenticating → ready, reconnecting after a failure, closed at the end', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const states: ClientState[] = [];
    const events: string[] = [];
    client.on('state', (s) => states.push(s));
    client.on('connected', (c) => events.push(`connected ${c.node}`));
    client.on('disconnected', () => events.push('disconnected'));
    client.on('failover', (f) => events.push(`failover ${f.from.node}->${f.to.node}`));
    expect(client.state).toBe('idle');
    await client.connect();
    expect(states).toEqual(['connecting', 'authenticating', 'ready']);
    expect(client.controller).toMatchObject({ node: 'A', bootId: sim.state().nodes.A.bootId });
    // REST on 25.10 has no failover.status: the status of the controller reached is known over WebSocket.
    if (transport === 'websocket') expect(client.controller?.status).toBe('MASTER');
    sim.faults.killController('A');
    await until(async () => (await client.failover.node()) === 'B', 'controller B through the VIP');
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('ready');
    expect(events[0]).toBe('connected A');
    expect(events).toContain('disconnected');
    expect(events.at(-1)).toBe('failover A->B');
    await client.close();
    expect(client.state).toBe('closed');
    expect(states.at(-1)).toBe('closed');
  });

  it('does nothing until the first call', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    await new Promise((r) => setTimeout(r, 100));
    expect(client.state).toBe('idle');
    expect(client.controller).toBeUndefined();
    expect(await client.failover.licensed()).toBe(true);
    expect(client.state).toBe('ready');
  });
});

// A WebSocket notices a drop by itself (the socket closes), so the states follow without a call.
describe('connection state over a WebSocket that drops', () => {
  it('reports reconnecting → authenticating → ready in order, with one disconnected event', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const states: ClientState[] = [];
    client.on('state', (s) => states.push(s));
    await client.connect();
    expect(states).toEqual(['connecting', 'authenticating', 'ready']);
    expect(client.controller).toMatchObject({ node: 'A', status: 'MASTER', bootId: sim.state().nodes.A.bootId });
    const disconnected: number[] = [];
    client.on('disconnected', (d) => disconnected.push(d.code));
    sim.faults.partitionVip();
    await until(() => states.includes('reconnecting'), 'reconnecting');
    sim.faults.healVip();
    await until(() => client.state === 'ready', 'ready again');
    expect(states.slice(3)).toEqual(['reconnecting', 'authenticating', 'ready']);
    expect(disconnected.length).toBe(1);
    await client.close();
    expect(states.at(-1)).toBe('closed');
  });
});
