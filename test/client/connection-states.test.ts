import { describe, expect, it } from 'vitest';
import type { ClientState } from '../../src/index.js';
import { clientOf, simulator, until } from './helpers.js';

// The connection state is observable: idle → connecting → authenticating → ready, then
// reconnecting → authenticating → ready after a drop, and closed at the end.
describe('connection state', () => {
  it('walks through its states and reports them in order', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const states: ClientState[] = [];
    client.on('state', (s) => states.push(s));
    expect(client.state).toBe('idle');
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

  it('does nothing until the first call', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    await new Promise((r) => setTimeout(r, 100));
    expect(client.state).toBe('idle');
    expect(client.controller).toBeUndefined();
    expect(await client.failover.licensed()).toBe(true);
    expect(client.state).toBe('ready');
  });
});
