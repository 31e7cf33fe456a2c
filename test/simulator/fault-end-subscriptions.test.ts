/**
 * `sim.faults.endSubscriptions(event, error?)`: the server ends every subscription to an event, as
 * when an event source fails. JSON-RPC connections get `notify_unsubscribed` with the TrueNAS error
 * (or null), legacy ones `nosub`; the subscriptions are gone server-side, other ones stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Simulator, SimulatorUsageError } from '../../src/simulator.js';
import { type RpcConnection, session, simulator, waitUntil } from './helpers.js';

class Legacy {
  readonly messages: Record<string, unknown>[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.messages.push(JSON.parse(String(d)) as Record<string, unknown>));
  }
  static async open(url: string): Promise<Legacy> {
    const ws = new WebSocket(`${url}/websocket`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const legacy = new Legacy(ws);
    legacy.send({ msg: 'connect', version: '1', support: ['1'] });
    await legacy.next((m) => m.msg === 'connected');
    return legacy;
  }
  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
  async next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    await waitUntil(() => this.messages.some(match), 10_000, 'a legacy message');
    return this.messages.find(match)!;
  }
}

let sim: Simulator;
const open: { close(): void }[] = [];
beforeAll(async () => {
  sim = await simulator({ apiVersion: 'v25.10.2' });
});
afterAll(async () => {
  for (const c of open) c.close();
  await sim.stop();
});

async function rpc(): Promise<RpcConnection> {
  const c = await session(sim.vip.ws, sim);
  open.push(c);
  return c;
}

async function legacy(): Promise<Legacy> {
  const l = await Legacy.open(sim.vip.ws);
  open.push({ close: () => l.ws.close() });
  l.send({ id: 'login', msg: 'method', method: 'auth.login_with_api_key', params: [sim.credentials.apiKey] });
  expect(await l.next((m) => m.id === 'login')).toMatchObject({ result: true });
  return l;
}

const jobEvents = (c: RpcConnection) =>
  c.notifications.filter((n) => n.method === 'collection_update' && n.params.collection === 'core.get_jobs');

describe('sim.faults.endSubscriptions', () => {
  it('ends the subscriptions with the error on both protocols; later events reach only the others', async () => {
    const ended = await rpc();
    await ended.call('core.subscribe', ['core.get_jobs']);
    const old = await legacy();
    old.send({ id: 'jobs', msg: 'sub', name: 'core.get_jobs' });
    await old.next((m) => m.msg === 'ready');
    const control = await rpc();
    await control.call('core.subscribe', ['*']);

    expect(sim.faults.endSubscriptions('core.get_jobs', { errno: 5, reason: 'Event source crashed' })).toBe(2);
    const notice = await ended.waitFor((n) => n.method === 'notify_unsubscribed');
    expect(notice.params).toEqual({
      collection: 'core.get_jobs',
      error: { error: 5, errname: 'EIO', reason: '[EIO] Event source crashed', trace: null, extra: null },
    });
    expect(await old.next((m) => m.msg === 'nosub')).toEqual({
      msg: 'nosub',
      collection: 'core.get_jobs',
      error: { error: 5, errname: 'EIO', type: null, reason: '[EIO] Event source crashed', trace: null, extra: null },
    });

    // A job now: its events reach the `*` subscription, not the ended ones.
    sim.faults.failJob('failover.upgrade', { atPercent: 0, reason: 'stop at once' });
    const id = await control.call<number>('failover.upgrade', [{}]);
    await control.waitFor((n) => n.params.id === id && (n.params.fields as { state: string }).state === 'FAILED');
    // Events go out in order on each connection: a ping answered after the job's last event proves none is on its way.
    await ended.call('core.ping');
    expect(jobEvents(ended)).toEqual([]);
    expect(old.messages.filter((m) => m.collection === 'core.get_jobs' && m.msg !== 'nosub')).toEqual([]);
    expect(sim.faults.endSubscriptions('core.get_jobs')).toBe(0);
  });

  it('without errno or reason the error is null (legacy: no error key)', async () => {
    const c = await rpc();
    await c.call('core.subscribe', ['failover.status']);
    const old = await legacy();
    old.send({ id: 'status', msg: 'sub', name: 'failover.status' });
    await old.next((m) => m.msg === 'ready');
    expect(sim.faults.endSubscriptions('failover.status')).toBe(2);
    expect((await c.waitFor((n) => n.method === 'notify_unsubscribed')).params).toEqual({ collection: 'failover.status', error: null });
    expect(await old.next((m) => m.msg === 'nosub')).toEqual({ msg: 'nosub', collection: 'failover.status' });
  });

  it('refuses bad arguments with SimulatorUsageError naming the field', () => {
    expect(() => sim.faults.endSubscriptions('')).toThrow(SimulatorUsageError);
    expect(() => sim.faults.endSubscriptions('failover.status', { errno: 1.5 })).toThrow(/error\.errno/);
    expect(() => sim.faults.endSubscriptions('failover.status', { reason: 5 as unknown as string })).toThrow(/error\.reason/);
  });
});
