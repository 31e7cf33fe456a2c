/**
 * Jobs followed the way `midclt call -j` follows them, and event subscriptions as `midclt
 * subscribe` reads them (../shared/interop/README.md, "Jobs" and "Events"): the job id from the
 * `core.get_jobs` `collection_update` carrying this request's id in `message_ids`, the end on a
 * `changed` with a final state; `collection_update` per change and `notify_unsubscribed` when the
 * server ends a subscription. Server side: job.py `Job.__encode__`/`send_changed_event`,
 * api/base/server/ws_handler/rpc.py `send_event`, `notify_unsubscribed`, and api/base/server/method.py
 * `Method.call` (new-style jobs hold the reply until the job ends).
 */
import { describe, expect, it } from 'vitest';
import { JobFailed, type Json, RawClient } from './raw-client.js';
import { current, pair } from './simulator.js';

describe('jobs like `midclt call -j`', () => {
  it('new-style (25.10+): the job id comes from core.get_jobs events; the reply waits for the job', async () => {
    const sim = await pair({ apiVersion: 'v25.10.2' });
    const c = await RawClient.open(current(sim.vip.ws));
    await c.loginPassword(sim.credentials.username, sim.credentials.password);
    const { result, progress, id } = await c.callJob('failover.reboot.other_node', { reason: 'Protocol', graceful: false });
    expect(result).toBeNull();
    const descriptions = progress.map((p) => p.description);
    expect(descriptions).toEqual(
      expect.arrayContaining(['Waiting for the other controller to come back online', 'Other controller rebooted successfully']),
    );
    const request = c.sent.find((f) => f.method === 'failover.reboot.other_node')!;
    const added = c.updates('core.get_jobs').find((e) => e.id === id && e.msg === 'added')!;
    expect((added.fields as Json).message_ids).toEqual([request.id]);
    // The call's own reply came only once the job had ended (and is not needed by the client).
    await c.until(() => c.received.find((r) => r.id === request.id), 'the job call reply');
    const replyIndex = c.received.findIndex((r) => r.id === request.id);
    const endIndex = c.received.findIndex(
      (r) => r.method === 'collection_update' && (r.params as Json).id === id && ((r.params as Json).fields as Json).state === 'SUCCESS',
    );
    expect(replyIndex).toBeGreaterThan(endIndex);
    expect(c.received[replyIndex]).toEqual({ jsonrpc: '2.0', result: null, id: request.id });
    c.close();
  }, 60_000);

  it('a job with bad arguments ends FAILED with exc_info VALIDATION (main.py _call_prepare, validation in the job)', async () => {
    const sim = await pair({ apiVersion: 'v27.0.0' });
    const c = await RawClient.open(current(sim.vip.ws));
    await c.loginApiKeyPlain(sim.credentials.username, sim.credentials.apiKey);
    const failure = await c.callJob('failover.reboot.other_node', { graceful: 'later' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JobFailed);
    expect((failure as JobFailed).fields).toMatchObject({
      state: 'FAILED',
      error: '[EINVAL] options.graceful: Input should be a valid boolean\n',
      exc_info: { type: 'VALIDATION', extra: [['options.graceful', 'Input should be a valid boolean', 22]] },
    });
    c.close();
  });

  it('legacy jobs (25.04): the reply is the job id, then the same events', async () => {
    const sim = await pair({ apiVersion: 'v25.04.2' });
    const c = await RawClient.open(current(sim.vip.ws));
    expect(c.newStyleJobs).toBe(false);
    await c.loginPassword(sim.credentials.username, sim.credentials.password);
    const { id } = await c.callJob('failover.reboot.other_node');
    const request = c.sent.find((f) => f.method === 'failover.reboot.other_node')!;
    expect(c.received.find((r) => r.id === request.id)?.result).toBe(id);
    c.close();
  }, 60_000);
});

describe('subscriptions like `midclt subscribe`', () => {
  it('pushes collection_update on each change (never on subscribe) and ends with notify_unsubscribed', async () => {
    const sim = await pair({ apiVersion: 'v26.0.0' });
    const watcher = await RawClient.open(current(sim.vip.ws));
    await watcher.loginPassword(sim.credentials.username, sim.credentials.password);
    const subscription = await watcher.subscribe('failover.disabled.reasons');
    expect(subscription).toMatch(/\S/);
    const writer = await RawClient.open(current(sim.vip.ws));
    await writer.loginPassword(sim.credentials.username, sim.credentials.password);
    expect(watcher.updates('failover.disabled.reasons')).toEqual([]);
    await writer.call('failover.update', { disabled: true, master: true });
    const first = await watcher.until(() => watcher.updates('failover.disabled.reasons')[0], 'a disabled.reasons event');
    expect(first).toEqual({ msg: 'changed', collection: 'failover.disabled.reasons', fields: { disabled_reasons: ['NO_FAILOVER'] } });
    await writer.call('failover.update', { disabled: false });
    const second = await watcher.until(() => watcher.updates('failover.disabled.reasons')[1], 'a second event');
    expect(second.fields).toEqual({ disabled_reasons: [] });

    expect(sim.faults.endSubscriptions('failover.disabled.reasons', { errno: 5, reason: 'source failed' })).toBe(1);
    const ended = await watcher.until(() => watcher.notifications.find((n) => n.method === 'notify_unsubscribed'), 'notify_unsubscribed');
    expect(ended).toEqual({
      jsonrpc: '2.0',
      method: 'notify_unsubscribed',
      params: {
        collection: 'failover.disabled.reasons',
        error: { error: 5, errname: 'EIO', reason: '[EIO] source failed', trace: null, extra: null },
      },
    });
    watcher.close();
    writer.close();
  });

  it('refuses core.subscribe before login with ENOTAUTHENTICATED, as midclt subscribe meets it over TCP', async () => {
    const sim = await pair({ apiVersion: 'v27.0.0' });
    const c = await RawClient.open(current(sim.vip.ws));
    const reply = await c.request('core.subscribe', ['failover.status']);
    expect(reply.error).toMatchObject({ code: -32001, data: { error: 207, errname: 'ENOTAUTHENTICATED' } });
    c.close();
  });
});
