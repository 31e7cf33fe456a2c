import { describe, expect, it } from 'vitest';
import { adminKey, rawRequest, rest, restSimulator } from './helpers.js';

// The body is the single argument, an object keyed by argument name for several arguments, and
// absent for none; malformed bodies answer 400 with TrueNAS's texts.
describe('REST request bodies become positional arguments', () => {
  it('takes the single argument as the body (PUT /failover, POST /failover/sync_to_peer)', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = adminKey(sim);
    const updated = await rest(sim.vip.http, '/failover', { method: 'PUT', headers: h, body: JSON.stringify({ timeout: 7 }) });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ timeout: 7 });
    expect((await rest(sim.vip.http, '/failover/sync_to_peer', { method: 'POST', headers: h, body: '{"reboot": false}' })).json).toBeNull();
    // No body: the optional argument takes its default.
    expect((await rest(sim.vip.http, '/failover/sync_to_peer', { method: 'POST', headers: h })).status).toBe(200);
  });

  it('takes several arguments as an object keyed by name, refusing wrong shapes with 400', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = adminKey(sim);
    const token = await rest(sim.a.http, '/auth/generate_token', { method: 'POST', headers: h, body: JSON.stringify({ ttl: 60 }) });
    expect(token.status).toBe(200);
    expect(typeof token.json).toBe('string');
    const notObject = await rest(sim.a.http, '/auth/generate_token', { method: 'POST', headers: h, body: '[60]' });
    expect([notObject.status, notObject.json]).toEqual([400, { message: 'Endpoint accepts multiple params, object/dict expected.' }]);
    const unexpected = await rest(sim.a.http, '/auth/generate_token', { method: 'POST', headers: h, body: '{"ttl": 60, "colour": 1}' });
    expect([unexpected.status, unexpected.json]).toEqual([400, { message: 'The following attributes are not expected: colour' }]);
    // TrueNAS's quirk: a left-out optional argument shifts the later ones (here match_origin lands on attrs).
    const shifted = await rest(sim.a.http, '/auth/generate_token', {
      method: 'POST',
      headers: h,
      body: '{"ttl": 60, "match_origin": false}',
    });
    expect(shifted.status).toBe(422);
    expect(Object.keys(shifted.json as object)).toEqual(['attrs']);
  });

  it('answers 400 with errno 22 to a body that is not JSON, before anything runs', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const reply = await rest(sim.vip.http, '/failover', { method: 'PUT', headers: adminKey(sim), body: '{"timeout": ' });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ errno: 22 });
    expect((reply.json as { message: string }).message).toMatch(/^json parse error: /);
    expect(((await rest(sim.vip.http, '/failover', { headers: adminKey(sim) })).json as { timeout: number }).timeout).toBe(0);
  });

  it('accepts {} on a GET without arguments, and refuses a body a method without arguments cannot take', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = { ...adminKey(sim), 'content-type': 'application/json' };
    const empty = await rawRequest(sim.vip.http, '/failover/node', 'GET', '{}', h);
    expect([empty.status, JSON.parse(empty.text)]).toEqual([200, 'A']);
    const extra = await rawRequest(sim.vip.http, '/failover/node', 'GET', '{"x": 1}', h);
    expect(extra.status).toBe(422);
  });

  it('takes a query method’s arguments from a GET body when the query string is empty', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = { ...adminKey(sim), 'content-type': 'application/json' };
    const job = await rest(sim.vip.http, '/failover/reboot/other_node', { method: 'POST', headers: adminKey(sim), body: '{}' });
    const reply = await rawRequest(
      sim.vip.http,
      '/core/get_jobs',
      'GET',
      JSON.stringify({ 'query-filters': [['id', '=', job.json]], 'query-options': { get: true } }),
      h,
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({ id: job.json, method: 'failover.reboot.other_node' });
  });
});
