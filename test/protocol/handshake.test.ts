/**
 * The frames every official-client session starts with (../shared/interop/README.md, "What midclt
 * sends"), against the simulator over a raw socket: `core.set_options` first, its result deciding
 * the job style, string uuid ids and positional params, the jobs subscription before each call
 * (ENOTAUTHENTICATED before login, an id after), and the exact `Method does not exist` text the
 * client's fallbacks key on. Server side: service/core_service.py `set_options`,
 * api/base/server/ws_handler/rpc.py `process_message`.
 */
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { RawClient, RpcError } from './raw-client.js';
import { current, pair } from './simulator.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each<[ApiVersion, boolean]>([
  ['v25.04.2', false],
  ['v25.10.2', true],
  ['v26.0.0', true],
  ['v27.0.0', true],
])('handshake on %s', (apiVersion, newStyle) => {
  it(`core.set_options first; the result says ${newStyle ? 'new-style' : 'legacy'} jobs; ids and params as midclt frames them`, async () => {
    const sim = await pair({ apiVersion });
    const c = await RawClient.open(current(sim.vip.ws));
    expect(c.sent[0]).toEqual({
      jsonrpc: '2.0',
      method: 'core.set_options',
      id: expect.stringMatching(UUID),
      params: [{ legacy_jobs: false, private_methods: false, py_exceptions: false }],
    });
    const reply = c.received[0]!;
    expect(reply.id).toBe(c.sent[0]!.id);
    // 25.04's set_options returns None; 25.10+ echoes the options (core_service.py `set_options`).
    expect(reply.result).toEqual(newStyle ? { legacy_jobs: false, private_methods: false, py_exceptions: false } : null);
    expect(c.newStyleJobs).toBe(newStyle);

    // Unknown methods: exactly -32601 "Method does not exist", the text the client's fallbacks test.
    const unknown = await c.request('auth.no_such_method', []);
    expect(unknown).toEqual({ jsonrpc: '2.0', error: { code: -32601, message: 'Method does not exist' }, id: unknown.id });

    if (newStyle) {
      // Before login the jobs subscription is refused with ENOTAUTHENTICATED, which the client ignores.
      const refused = await c.request('core.subscribe', ['core.get_jobs']);
      expect(refused.error).toMatchObject({ code: -32001, data: { error: 207, errname: 'ENOTAUTHENTICATED' } });
    }
    expect(await c.loginPassword(sim.credentials.username, sim.credentials.password)).toBe('SUCCESS');
    expect(await c.call('failover.status')).toBe('MASTER');
    const calls = c.sent.map((f) => f.method);
    if (newStyle) {
      // The subscription is retried before each call until it succeeds, then no more.
      expect(calls.slice(-4)).toEqual(['core.subscribe', 'auth.login_ex', 'core.subscribe', 'failover.status']);
      const subscribed = c.received.find((r) => r.id === c.sent[c.sent.length - 2]!.id);
      expect(typeof subscribed?.result).toBe('string');
    } else {
      expect(calls.slice(-2)).toEqual(['auth.login_ex', 'failover.status']);
    }
    for (const frame of c.sent) {
      expect(Object.keys(frame)).toEqual(['jsonrpc', 'method', 'id', 'params']);
      expect(frame.id).toMatch(UUID);
      expect(Array.isArray(frame.params)).toBe(true);
    }
    // Every reply echoes its request's string id.
    const replies = c.received.filter((r) => 'id' in r);
    expect(replies.map((r) => r.id)).toEqual(c.sent.map((f) => f.id));
    c.close();
  });
});

describe('errors the official client parses', () => {
  it('answers only the JSON-RPC codes the client knows, with TrueNAS data on -32001/-32602', async () => {
    const sim = await pair({ apiVersion: 'v25.10.2' });
    const c = await RawClient.open(current(sim.vip.ws));
    await c.loginPassword(sim.credentials.username, sim.credentials.password);
    const invalid = await c.call('failover.update', { timeout: 'soon' }).catch((e: RpcError) => e);
    expect(invalid).toBeInstanceOf(RpcError);
    expect((invalid as RpcError).error).toMatchObject({
      code: -32602,
      message: 'Invalid params',
      data: { error: 22, errname: 'EINVAL', extra: [['data.timeout', 'Input should be a valid integer', 22]] },
    });
    const denied = await c.call('failover.call_remote', 'failover.status', [], { connect_timeout: 'x' }).catch((e: RpcError) => e);
    expect([-32602, -32001]).toContain((denied as RpcError).error.code);
    c.close();
  });
});
