/**
 * The legacy `/websocket` protocol as the official `LegacyClient` (truenas_api_client/legacy.py)
 * speaks it: `connect` → `connected`, `method` → `result` (errors with `type: VALIDATION` and a
 * trace for validation, which the client needs to raise ValidationErrors), `sub` → `ready`, events
 * as bare `added`/`changed` messages, `nosub` at the end, and no answer to `ping` (25.04+).
 * Server side: api/base/server/ws_handler/legacy (TS-25.10.2).
 */
import { describe, expect, it } from 'vitest';
import { type Json, LegacyClient } from './raw-client.js';
import { pair } from './simulator.js';

describe('legacy /websocket', () => {
  it('logs in, calls, reports validation errors in the shape LegacyClient reads, and follows a job', async () => {
    const sim = await pair({ apiVersion: 'v25.10.2' });
    const c = await LegacyClient.open(sim.vip.ws);
    expect(c.received[0]).toEqual({ msg: 'connected', session: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const denied = await c.method('failover.status');
    expect(denied.error).toMatchObject({ error: 207, errname: 'ENOTAUTHENTICATED' });
    const login = await c.method('auth.login_ex', {
      mechanism: 'PASSWORD_PLAIN',
      username: sim.credentials.username,
      password: sim.credentials.password,
    });
    expect(login.result).toMatchObject({ response_type: 'SUCCESS' });
    expect((await c.method('failover.status')).result).toBe('MASTER');
    const invalid = await c.method('failover.update', { timeout: 'x' });
    expect(invalid.error).toMatchObject({
      error: 11,
      errname: 'EAGAIN',
      type: 'VALIDATION',
      extra: [['data.timeout', 'Input should be a valid integer', 22]],
    });
    expect((invalid.error as Json).trace).not.toBeNull();

    const { answer } = await c.sub('core.get_jobs');
    expect(answer.msg).toBe('ready');
    const started = await c.method('failover.reboot.other_node', { reason: 'Legacy', graceful: false });
    const jobId = started.result as number;
    expect(Number.isInteger(jobId)).toBe(true);
    const done = await c.next(
      (m) => m.msg === 'changed' && m.collection === 'core.get_jobs' && m.id === jobId && (m.fields as Json).state === 'SUCCESS',
      'the job to succeed',
      60_000,
    );
    expect(done).toMatchObject({ msg: 'changed', collection: 'core.get_jobs', id: jobId, fields: { id: jobId, result: null } });

    sim.faults.endSubscriptions('core.get_jobs');
    expect(await c.next((m) => m.msg === 'nosub', 'nosub')).toEqual({ msg: 'nosub', collection: 'core.get_jobs' });

    // LegacyClient.ping sends {"msg": "ping", "id": ...}; 25.04+ servers do not answer it.
    c.send({ msg: 'ping', id: 'p1' });
    expect((await c.method('core.ping')).result).toBe('pong');
    expect(c.received.some((m) => m.msg === 'pong')).toBe(false);
    c.close();
  }, 60_000);

  it('refuses a subscription the credential may not make with an error `result` for the sub id', async () => {
    const sim = await pair({ apiVersion: 'v25.04.2' });
    const c = await LegacyClient.open(sim.vip.ws);
    const { id, answer } = await c.sub('failover.status');
    expect(answer).toMatchObject({ msg: 'result', id, error: { error: 13, errname: 'EACCES' } });
    c.close();
  });
});
