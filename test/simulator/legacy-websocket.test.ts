import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Simulator } from '../../src/simulator.js';
import { simulator, waitUntil } from './helpers.js';

class Legacy {
  readonly messages: Record<string, unknown>[] = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.messages.push(JSON.parse(String(d))));
    ws.on('close', () => {
      this.closed = true;
    });
  }
  static async open(url: string): Promise<Legacy> {
    const ws = new WebSocket(`${url}/websocket`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Legacy(ws);
  }
  send(message: unknown) {
    this.ws.send(JSON.stringify(message));
  }
  async next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    await waitUntil(() => this.messages.some(match), 10_000, 'a legacy message');
    return this.messages.find(match)!;
  }
  async call(id: string, method: string, params: unknown[] = []) {
    this.send({ id, msg: 'method', method, params });
    return this.next((m) => m.id === id && m.msg === 'result');
  }
}

describe('legacy /websocket protocol', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator({ apiVersion: 'v25.10.0' });
  });
  afterAll(() => sim.stop());

  it('refuses calls before the handshake and a wrong protocol version', async () => {
    const c = await Legacy.open(sim.vip.ws);
    c.send({ id: '1', msg: 'method', method: 'core.ping' });
    expect(await c.next(() => true)).toEqual({ msg: 'failed', version: '1' });
    c.send({ msg: 'connect', version: '2', support: ['2'] });
    await waitUntil(() => c.messages.length === 2, 5000, 'second reply');
    expect(c.messages[1]).toEqual({ msg: 'failed', version: '1' });
    c.ws.close();
  });

  it('connects, logs in, calls, and reports errors in the legacy shape', async () => {
    const c = await Legacy.open(sim.vip.ws);
    c.send({ msg: 'connect', version: '1', support: ['1'] });
    const connected = await c.next((m) => m.msg === 'connected');
    expect(connected.session).toMatch(/^[0-9a-f-]{36}$/);
    const denied = await c.call('a', 'failover.status');
    expect(denied.error).toMatchObject({
      error: 207,
      errname: 'ENOTAUTHENTICATED',
      type: null,
      reason: '[ENOTAUTHENTICATED] Not authenticated',
    });
    expect((await c.call('b', 'auth.login_with_api_key', [sim.credentials.apiKey])).result).toBe(true);
    expect(await c.call('c', 'failover.status')).toEqual({ id: 'c', msg: 'result', result: 'MASTER' });
    const invalid = await c.call('d', 'failover.update', [{ timeout: 'x', disabled: 'y' }]);
    expect(invalid.error).toMatchObject({ error: 11, errname: 'EAGAIN', type: 'VALIDATION' });
    expect((invalid.error as { extra: unknown[] }).extra).toHaveLength(2);
    const single = await c.call('e', 'failover.update', [{ disabled: true }]).then(() => c.call('f', 'failover.become_passive'));
    expect(single.error).toMatchObject({
      error: 22,
      type: 'VALIDATION',
      reason: '[EINVAL] failover.become_passive: Failover must be enabled.',
    });
    await c.call('g', 'failover.update', [{ disabled: false }]);
    const unknown = await c.call('h', 'failover.nope');
    expect(unknown.error).toMatchObject({ error: 201, errname: 'ENOMETHOD', reason: "[ENOMETHOD] Method 'nope' not found in 'failover'" });
    expect(typeof (await c.call('i', 'failover.reboot.other_node')).result).toBe('number');
    c.ws.close();
  });

  it('subscribes with sub/ready and delivers events as bare changed messages', async () => {
    // A pair of its own: the previous test rebooted the standby, whose return would show up here.
    const own = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const c = await Legacy.open(own.vip.ws);
      c.send({ msg: 'connect', version: '1', support: ['1'] });
      await c.next((m) => m.msg === 'connected');
      c.send({ msg: 'sub', id: 'early', name: 'failover.status' });
      expect((await c.next((m) => m.id === 'early')).error).toMatchObject({ error: 13, reason: 'Not authorized' });
      await c.call('l', 'auth.login', [own.credentials.username, own.credentials.password]);
      c.send({ msg: 'sub', id: 's1', name: 'failover.disabled.reasons' });
      expect(await c.next((m) => m.msg === 'ready')).toEqual({ msg: 'ready', subs: ['s1'] });
      await c.call('u', 'failover.update', [{ disabled: true }]);
      expect(await c.next((m) => m.msg === 'changed')).toEqual({
        msg: 'changed',
        collection: 'failover.disabled.reasons',
        fields: { disabled_reasons: ['NO_FAILOVER'] },
      });
      c.send({ msg: 'unsub', id: 's1' });
      await c.call('v', 'failover.update', [{ disabled: false }]);
      expect(c.messages.filter((m) => m.msg === 'changed')).toHaveLength(1);
      c.ws.close();
    } finally {
      await own.stop();
    }
  });

  it('closes the connection on invalid JSON with 1007', async () => {
    const c = await Legacy.open(sim.vip.ws);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send('{nope');
    expect(await closed).toBe(1007);
  });
});
