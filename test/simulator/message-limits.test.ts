import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, session, simulator } from './helpers.js';

describe('message size limits and frame types', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator();
  });
  afterAll(() => sim.stop());

  it('closes an unauthenticated connection that sends more than 8 KiB with 1007', async () => {
    const c = await connect(sim.vip.ws);
    c.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'core.ping', params: ['x'.repeat(9000)] }));
    expect(await c.closed).toEqual({ code: 1007, reason: 'Anonymous connection max message length is 8 kB' });
  });

  it('accepts up to 64 KiB after login and closes above it with 1009', async () => {
    const c = await session(sim.vip.ws, sim);
    const reply = await c.request('core.ping', ['x'.repeat(20_000)]);
    expect(reply.error?.code).toBe(-32602);
    c.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'core.ping', params: ['x'.repeat(70_000)] }));
    expect(await c.closed).toEqual({ code: 1009, reason: 'Max message length is 64 kB' });
  });

  it('closes the connection on a binary frame with 1003', async () => {
    const c = await connect(sim.vip.ws);
    c.send(Buffer.from([1, 2, 3]));
    expect((await c.closed).code).toBe(1003);
  });

  it('keeps serving new connections afterwards', async () => {
    const c = await session(sim.vip.ws, sim);
    expect(await c.call('failover.status')).toBe('MASTER');
    c.close();
  });
});
