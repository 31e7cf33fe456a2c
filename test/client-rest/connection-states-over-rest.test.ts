import { describe, expect, it } from 'vitest';
import type { ClientState } from '../../src/index.js';
import { clientOver, simulator, until } from './helpers.js';

// A REST client reports the same observable states as the WebSocket client: it "connects" (finds
// a controller and checks the credentials), reconnects after a request got no answer, and closes.
describe('REST client states and events', () => {
  it('goes idle → connecting → authenticating → ready, reconnecting after a failure, closed at the end', async () => {
    const sim = await simulator();
    const client = clientOver('rest', sim);
    const states: ClientState[] = [];
    const events: string[] = [];
    client.on('state', (s) => states.push(s));
    client.on('connected', (c) => events.push(`connected ${c.node}`));
    client.on('disconnected', () => events.push('disconnected'));
    client.on('failover', (f) => events.push(`failover ${f.from.node}->${f.to.node}`));
    expect(client.state).toBe('idle');
    await client.connect();
    expect(states).toEqual(['connecting', 'authenticating', 'ready']);
    sim.faults.killController('A');
    await until(async () => (await client.failover.node()) === 'B', 'controller B through the VIP');
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('ready');
    expect(events[0]).toBe('connected A');
    expect(events).toContain('disconnected');
    expect(events.at(-1)).toBe('failover A->B');
    await client.close();
    expect(client.state).toBe('closed');
  });
});
