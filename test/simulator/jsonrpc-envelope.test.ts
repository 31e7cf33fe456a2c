import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, login, type RpcConnection, simulator, sleep, waitUntil } from './helpers.js';

describe('JSON-RPC envelope errors', () => {
  let sim: Simulator;
  let c: RpcConnection;
  beforeAll(async () => {
    sim = await simulator();
    c = await connect(sim.vip.ws);
  });
  afterAll(async () => {
    c.close();
    await sim.stop();
  });

  const next = async (raw: string) => {
    const before = c.replies.length;
    c.send(raw);
    await waitUntil(() => c.replies.length > before, 5000, 'a reply');
    return c.replies[before]!;
  };

  it('answers invalid JSON with -32700 and a null id', async () => {
    const reply = await next('{"jsonrpc": "2.0", ');
    expect(reply.id).toBeNull();
    expect(reply.error?.code).toBe(-32700);
    expect(reply.error?.data).toBeUndefined();
  });

  it('refuses batch arrays with -32700', async () => {
    const reply = await next('[{"jsonrpc":"2.0","id":1,"method":"core.ping"}]');
    expect(reply.error).toEqual({ code: -32700, message: 'Batch messages are not supported at this time' });
  });

  it('answers malformed envelopes with -32600 when an id is present', async () => {
    expect((await next('{"id":"x1","method":"core.ping"}')).error).toEqual({ code: -32600, message: "Missing 'jsonrpc' member" });
    expect((await next('{"jsonrpc":"1.0","id":"x2","method":"core.ping"}')).error?.code).toBe(-32600);
    expect((await next('{"jsonrpc":"2.0","id":"x3"}')).error?.message).toBe("Missing 'method' member");
    expect((await next('{"jsonrpc":"2.0","id":"x4","method":""}')).error?.message).toBe("'method' member must be of type string");
    expect((await next('{"jsonrpc":"2.0","id":"x5","method":"core.ping","params":{"a":1}}')).error?.message).toBe(
      "'params' member must be of type array",
    );
    expect((await next('{"jsonrpc":"2.0","id":1.5,"method":"core.ping"}')).error?.message).toBe(
      "'id' member must be of type null, string or number",
    );
  });

  it('says nothing about a malformed envelope without an id', async () => {
    const before = c.replies.length;
    c.send('{"jsonrpc":"1.0","method":"core.ping"}');
    const pong = await c.request('core.ping');
    expect(pong.result).toBe('pong');
    expect(c.replies.length).toBe(before + 1);
  });

  it('answers unknown methods with exactly "Method does not exist"', async () => {
    const reply = await c.request('failover.no_such_method');
    expect(reply.error).toEqual({ code: -32601, message: 'Method does not exist' });
    // Names that happen to be JavaScript object members are unknown methods as well.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await c.request(name)).error).toEqual({ code: -32601, message: 'Method does not exist' });
    }
    // Methods of other versions are unknown too: failover.control is 25.04-only (25.10 removed it).
    expect((await c.request('failover.control')).error?.code).toBe(-32601);
  });

  it('accepts a missing params member as no arguments', async () => {
    expect((await next('{"jsonrpc":"2.0","id":"p1","method":"core.ping"}')).result).toBe('pong');
  });

  it('runs notifications without answering them', async () => {
    const admin = await connect(sim.vip.ws);
    await login(admin, sim);
    const before = admin.replies.length;
    admin.send(JSON.stringify({ jsonrpc: '2.0', method: 'failover.update', params: [{ timeout: 11 }] }));
    await waitUntil(() => sim.state().nodes.A.config.timeout === 11, 5000, 'the notification to run');
    await sleep(50);
    expect(admin.replies.length).toBe(before);
    admin.close();
  });
});
