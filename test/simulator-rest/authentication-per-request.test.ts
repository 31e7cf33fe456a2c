import { describe, expect, it } from 'vitest';
import { adminKey, basic, bearer, rest, restSimulator } from './helpers.js';

// Each REST request authenticates on its own: Bearer API key, Basic user:password, Token header or
// ?auth_token=. Missing or bad credentials → 401; a bad token or a role that does not grant the
// method → 403 (no body).
describe('REST authentication per request', () => {
  it('accepts a Bearer API key, Basic user:password, a Token header and ?auth_token=', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const { username, password } = sim.credentials;
    expect((await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim) })).json).toBe('A');
    expect((await rest(sim.vip.http, '/failover/node', { headers: basic(username, password) })).json).toBe('A');

    const created = await rest(sim.a.http, '/auth/generate_token', {
      method: 'POST',
      headers: adminKey(sim),
      body: JSON.stringify({ ttl: 600, attrs: {}, match_origin: false }),
    });
    expect(created.status).toBe(200);
    const token = created.json as string;
    expect(typeof token).toBe('string');
    expect((await rest(sim.a.http, '/failover/licensed', { headers: { authorization: `Token ${token}` } })).json).toBe(true);
    expect((await rest(sim.a.http, `/failover/licensed?auth_token=${encodeURIComponent(token)}`)).json).toBe(true);
    // Tokens live in the memory of the controller that issued them.
    expect((await rest(sim.b.http, '/failover/licensed', { headers: { authorization: `Token ${token}` } })).status).toBe(403);
  });

  it('answers 401 to missing, unknown-scheme and bad credentials', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const missing = await rest(sim.vip.http, '/failover');
    expect(missing.status).toBe(401);
    expect(missing.text).toBe('401: Unauthorized');
    expect((await rest(sim.vip.http, '/failover', { headers: { authorization: 'Digest abc' } })).status).toBe(401);
    const badKey = await rest(sim.vip.http, '/failover', { headers: bearer('1-wrongwrongwrongwrongwrong') });
    expect([badKey.status, badKey.text]).toEqual([401, 'Invalid API key']);
    const badPassword = await rest(sim.vip.http, '/failover', { headers: basic(sim.credentials.username, 'not-the-password') });
    expect([badPassword.status, badPassword.text]).toEqual([401, 'Bad username or password']);
    const otpUser = await rest(sim.vip.http, '/failover', { headers: basic(sim.credentials.otp.username, sim.credentials.otp.password) });
    expect([otpUser.status, otpUser.text]).toEqual([401, 'HTTP Basic Auth is unavailable when OTP is enabled']);
    expect((await rest(sim.vip.http, '/failover', { headers: { authorization: 'Basic abc' } })).status).toBe(400);
  });

  it('answers 403 to a bad token and to a role that does not grant the method', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const badToken = await rest(sim.vip.http, '/failover', { headers: { authorization: 'Token nope' } });
    expect([badToken.status, badToken.text]).toEqual([403, 'Invalid token']);
    const viewer = bearer(sim.credentials.readonly.apiKey);
    expect((await rest(sim.vip.http, '/failover', { headers: viewer })).status).toBe(200);
    const refused = await rest(sim.vip.http, '/failover', { method: 'PUT', headers: viewer, body: JSON.stringify({ timeout: 5 }) });
    expect([refused.status, refused.text]).toEqual([403, '']);
    // Nothing changed.
    expect(((await rest(sim.vip.http, '/failover', { headers: viewer })).json as { timeout: number }).timeout).toBe(0);
  });

  it('never revokes a Bearer key sent over plain HTTP (unlike API_KEY_PLAIN over ws://)', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0', enforceSecureTransport: true });
    expect((await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim) })).status).toBe(200);
    expect((await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim) })).status).toBe(200);
  });

  it('runs methods without authentication for anyone: core.ping on 25.10, but not on 25.04', async () => {
    const s2510 = await restSimulator({ apiVersion: 'v25.10.0' });
    expect((await rest(s2510.vip.http, '/core/ping')).json).toBe('pong');
    // Credentials that are presented must still be valid.
    expect((await rest(s2510.vip.http, '/core/ping', { headers: bearer('1-wrongwrongwrongwrongwrong') })).status).toBe(401);
    const s2504 = await restSimulator({ apiVersion: 'v25.04.2' });
    expect((await rest(s2504.vip.http, '/core/ping')).status).toBe(401);
    expect((await rest(s2504.vip.http, '/core/ping', { headers: adminKey(s2504) })).json).toBe('pong');
  });
});
