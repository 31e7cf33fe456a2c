/**
 * Every login the official client makes, frame by frame (../shared/interop/README.md, "What midclt
 * sends" and "SCRAM exchange"): PASSWORD_PLAIN and its `auth.login` fallback, `auth.mechanism_choices`
 * before any API-key login (with its fallbacks, including the 25.04.2–25.10.2 server bug),
 * API_KEY_PLAIN, SCRAM-SHA-512 over ws:// and SCRAM-PLUS (tls-server-end-point) over wss://.
 * Server side: plugins/auth.py `login_ex`, `mechanism_choices`, `login`; utils/auth (SCRAM) at each tag.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { certificateDer, RawClient, tlsServerEndPoint } from './raw-client.js';
import { current, pair, tls } from './simulator.js';

describe('password logins', () => {
  it('PASSWORD_PLAIN answers SUCCESS or AUTH_ERR; auth.login [u, p, null] (the fallback) answers true', async () => {
    const sim = await pair({ apiVersion: 'v25.10.2' });
    const c = await RawClient.open(current(sim.vip.ws));
    expect(await c.loginPassword(sim.credentials.username, 'wrong')).toBe('AUTH_ERR');
    expect(await c.call('auth.login', sim.credentials.username, sim.credentials.password, null)).toBe(true);
    expect(await c.call('failover.node')).toBe('A');
    c.close();
    const d = await RawClient.open(current(sim.vip.ws));
    expect(await d.loginPassword(sim.credentials.username, sim.credentials.password)).toBe('SUCCESS');
    const login = d.sent.find((f) => f.method === 'auth.login_ex');
    expect(login?.params).toEqual([
      { mechanism: 'PASSWORD_PLAIN', username: sim.credentials.username, password: sim.credentials.password },
    ]);
    d.close();
  });
});

describe.each<[ApiVersion, string[] | 'bug']>([
  ['v25.04.0', ['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN']],
  ['v25.04.2', 'bug'],
  ['v25.10.2', 'bug'],
  ['v25.10.5', ['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN']],
  ['v26.0.0', ['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN', 'SCRAM']],
  ['v27.0.0', ['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN', 'SCRAM']],
])('API keys on %s', (apiVersion, choices) => {
  it('auth.mechanism_choices comes first; API_KEY_PLAIN logs in', async () => {
    const sim = await pair({ apiVersion });
    const c = await RawClient.open(current(sim.vip.ws));
    const reply = await c.request('auth.mechanism_choices');
    if (choices === 'bug') {
      // 25.04.2–25.10.2 fail this call before login; the client recognises the text and assumes API_KEY_PLAIN.
      expect(reply.error).toMatchObject({ code: -32001, data: { reason: "'NoneType' object has no attribute 'may_create_auth_token'" } });
    } else {
      expect(reply.result).toEqual(choices);
    }
    expect(await c.loginApiKeyPlain(sim.credentials.username, sim.credentials.apiKey)).toBe('SUCCESS');
    const methods = c.sent.map((f) => f.method).filter((m) => m !== 'core.subscribe');
    expect(methods.slice(-2)).toEqual(['auth.mechanism_choices', 'auth.login_ex']);
    expect(c.sent.at(-1)?.params).toEqual([
      { mechanism: 'API_KEY_PLAIN', username: sim.credentials.username, api_key: sim.credentials.apiKey },
    ]);
    expect(await c.call('failover.licensed')).toBe(true);
    c.close();
    const bad = await RawClient.open(current(sim.vip.ws));
    expect(await bad.loginApiKeyPlain(sim.credentials.username, '1-wrongkey')).toBe('AUTH_ERR');
    bad.close();
  });

  if (choices === 'bug' || !choices.includes('SCRAM')) {
    it('SCRAM is refused by the client: the server does not list it', async () => {
      const sim = await pair({ apiVersion });
      const c = await RawClient.open(current(sim.vip.ws));
      await expect(c.loginScram(sim.credentials.username, sim.credentials.apiKey, false)).rejects.toThrow(
        /SCRAM authentication is not supported/,
      );
      expect(c.sent.some((f) => f.method === 'auth.login_ex')).toBe(false);
      c.close();
    });
  } else {
    it('SCRAM-SHA-512 without channel binding over ws:// (n,, and c=biws)', async () => {
      const sim = await pair({ apiVersion });
      const c = await RawClient.open(current(sim.vip.ws));
      const outcome = await c.loginScram(sim.credentials.username, sim.credentials.apiKey, false);
      expect(outcome.serverFirst).toMatch(/^r=[A-Za-z0-9+/=]+,s=[A-Za-z0-9+/=]+,i=\d+$/);
      const [first, final] = c.sent.filter((f) => f.method === 'auth.login_ex').map((f) => (f.params as Record<string, string>[])[0]!);
      expect(first).toMatchObject({
        mechanism: 'SCRAM',
        scram_type: 'CLIENT_FIRST_MESSAGE',
        rfc_str: expect.stringMatching(/^n,,n=truenas_admin:1,r=/),
      });
      expect(final).toMatchObject({ scram_type: 'CLIENT_FINAL_MESSAGE', rfc_str: expect.stringMatching(/^c=biws,r=.+,p=.+$/) });
      expect(await c.call('failover.status')).toBe('MASTER');
      c.close();
      // A wrong key: the proof does not verify and the server answers AUTH_ERR to the final message.
      const bad = await RawClient.open(current(sim.vip.ws));
      await expect(bad.loginScram(sim.credentials.username, `1-${'x'.repeat(64)}`, false)).rejects.toThrow(
        'Failed to authenticate with API key',
      );
      bad.close();
    });
  }
});

describe('SCRAM-PLUS over wss://', () => {
  it('binds to the certificate (tls-server-end-point, SHA-256 for an RSA/SHA-256 certificate)', async () => {
    const sim = await pair({ apiVersion: 'v27.0.0', tls });
    const c = await RawClient.open(current(sim.vip.ws), { insecure: true });
    expect(c.peerCertificate?.equals(certificateDer(tls.cert))).toBe(true);
    expect(tlsServerEndPoint(c.peerCertificate!)).toEqual(createHash('sha256').update(certificateDer(tls.cert)).digest());
    const outcome = await c.loginScram(sim.credentials.username, sim.credentials.apiKey, true);
    expect(outcome.serverFinal).toMatch(/^v=/);
    const first = (c.sent.find((f) => f.method === 'auth.login_ex')?.params as Record<string, string>[] | undefined)?.[0];
    expect(first?.rfc_str).toMatch(/^p=tls-server-end-point,,n=truenas_admin:1,r=/);
    expect(await c.call('failover.node')).toBe('A');
    c.close();
  });

  it('refuses a binding computed for another certificate', async () => {
    const sim = await pair({ apiVersion: 'v27.0.0', tls });
    const c = await RawClient.open(current(sim.vip.ws), { insecure: true });
    // Pretend the certificate were another one: the proof covers the wrong binding data.
    Object.defineProperty(c, 'peerCertificate', { value: createHmac('sha256', 'other').update('cert').digest() });
    await expect(c.loginScram(sim.credentials.username, sim.credentials.apiKey, true)).rejects.toThrow(/Failed to authenticate|unexpected/);
    c.close();
  });
});
