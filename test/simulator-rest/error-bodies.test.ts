import { describe, expect, it } from 'vitest';
import { adminKey, rawRequest, rest, restSimulator } from './helpers.js';

// TrueNAS's REST error bodies (spec §9): 422 {message, errno} for a call error, without the
// [ERRNAME] prefix; 422 {attribute: [{message, errno}]} for validation errors; 404 for a missing
// item; 500 {message, traceback} for anything else.
describe('REST error bodies and status codes', () => {
  it('answers 422 with per-attribute lists for validation errors', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const reply = await rest(sim.vip.http, '/failover', {
      method: 'PUT',
      headers: adminKey(sim),
      body: JSON.stringify({ timeout: 'soon', disabled: 'maybe' }),
    });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      'data.timeout': [{ message: 'Input should be a valid integer', errno: 22 }],
      'data.disabled': [{ message: 'Input should be a valid boolean', errno: 22 }],
    });
  });

  it('answers 422 with a validation error a method raises itself (become_passive while disabled)', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = adminKey(sim);
    expect((await rest(sim.vip.http, '/failover', { method: 'PUT', headers: h, body: '{"disabled": true}' })).status).toBe(200);
    const reply = await rest(sim.vip.http, '/failover/become_passive', { headers: h });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ 'failover.become_passive': [{ message: 'Failover must be enabled.', errno: 22 }] });
  });

  it('answers 422 {message, errno} for a call error, without the [ERRNAME] prefix', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    sim.faults.failNextCall('failover.sync_to_peer', { errno: 111, reason: 'Remote connection unavailable' });
    const reply = await rest(sim.vip.http, '/failover/sync_to_peer', { method: 'POST', headers: adminKey(sim), body: '{}' });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ message: 'Remote connection unavailable', errno: 111 });
    // A real failure of the method: the peer is unreachable once the heartbeat link is cut.
    sim.faults.cutHeartbeat();
    const unreachable = await rest(sim.vip.http, '/failover/sync_to_peer', { method: 'POST', headers: adminKey(sim), body: '{}' });
    expect(unreachable.status).toBe(422);
    const body = unreachable.json as { message: string; errno: number };
    expect(Object.keys(body).sort()).toEqual(['errno', 'message']);
    expect(body.message).not.toMatch(/^\[/);
    expect([104, 110, 111, 112, 113]).toContain(body.errno);
  });

  it('answers 404 when a queried item does not exist, and 500 with a traceback for an unexpected error', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = { ...adminKey(sim), 'content-type': 'application/json' };
    const missing = await rawRequest(
      sim.vip.http,
      '/core/get_jobs',
      'GET',
      JSON.stringify({ filters: [['id', '=', 999_999]], options: { get: true } }),
      h,
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ message: '' });
    sim.faults.failNextCall('failover.node', { code: -32603, reason: 'cannot serialise' });
    const broken = await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim) });
    expect(broken.status).toBe(500);
    expect(broken.json).toMatchObject({ message: 'cannot serialise' });
    expect((broken.json as { traceback: string }).traceback).toContain('Traceback');
  });

  it('answers 413 to a body above 1 MiB without running the method', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const body = JSON.stringify({ timeout: 5, padding: 'x'.repeat(1024 * 1024) });
    const reply = await rest(sim.vip.http, '/failover', { method: 'PUT', headers: adminKey(sim), body });
    expect(reply.status).toBe(413);
    expect(((await rest(sim.vip.http, '/failover', { headers: adminKey(sim) })).json as { timeout: number }).timeout).toBe(0);
  });
});
