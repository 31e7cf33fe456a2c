import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, simulator } from './helpers.js';
import { scramLogin } from './scram-client.js';

const cert = readFileSync(new URL('../fixtures/tls/cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8');
// tls-server-end-point for an RSA/SHA-256 certificate: SHA-256 of its DER form.
const binding = new Uint8Array(createHash('sha256').update(new X509Certificate(cert).raw).digest());

describe('TLS: wss:// and SCRAM with channel binding', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator({ tls: { cert, key } });
  });
  afterAll(() => sim.stop());

  it('serves wss:// and https:// URLs', async () => {
    expect(sim.vip.ws).toMatch(/^wss:\/\//);
    expect(sim.a.http).toMatch(/^https:\/\//);
  });

  it('logs in with SCRAM-PLUS (tls-server-end-point) through the VIP', async () => {
    const c = await connect(sim.vip.ws);
    const outcome = await scramLogin(c, sim.credentials.username, sim.credentials.apiKey, { binding });
    expect(outcome.final).toMatchObject({ response_type: 'SCRAM_RESPONSE', scram_type: 'SERVER_FINAL_RESPONSE' });
    expect(outcome.serverSignatureValid).toBe(true);
    c.close();
  });

  it('refuses wrong binding data', async () => {
    const c = await connect(sim.a.ws);
    const outcome = await scramLogin(c, sim.credentials.username, sim.credentials.apiKey, { binding: new Uint8Array(32) });
    expect(outcome.final).toEqual({ response_type: 'AUTH_ERR' });
    c.close();
  });

  it('accepts API_KEY_PLAIN over TLS even when enforcing secure transport', async () => {
    const strict = await simulator({ tls: { cert, key }, enforceSecureTransport: true });
    try {
      const c = await connect(strict.vip.ws);
      expect(
        await c.call('auth.login_ex', [
          { mechanism: 'API_KEY_PLAIN', username: strict.credentials.username, api_key: strict.credentials.apiKey },
        ]),
      ).toMatchObject({ response_type: 'SUCCESS' });
      c.close();
    } finally {
      await strict.stop();
    }
  });
});
