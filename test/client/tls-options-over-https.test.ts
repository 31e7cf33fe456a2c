import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createClient, TlsCertificateError } from '../../src/index.js';
import { apiKeyAuth, failure, simulatorForBoth } from './helpers.js';

// https:// with Node TLS options (node:https with a keep-alive Agent): a self-signed TrueNAS
// certificate is trusted through tls.ca, refused otherwise with a typed error that retrying
// cannot fix.
describe('REST over https:// with TLS options', () => {
  it('trusts the certificate given as tls.ca, refuses it without, accepts anything with rejectUnauthorized: false', async () => {
    const [cert, key] = await Promise.all([
      readFile(new URL('../fixtures/tls/cert.pem', import.meta.url), 'utf8'),
      readFile(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8'),
    ]);
    const sim = await simulatorForBoth({ tls: { cert, key } });
    expect(sim.vip.http).toMatch(/^https:/);
    const options = { url: sim.vip.http, transport: 'rest' as const, auth: apiKeyAuth(sim), env: false, timeout: 10_000 };

    const trusted = createClient({ ...options, tls: { ca: cert } });
    try {
      expect(await trusted.failover.node()).toBe('A');
      const job = trusted.failover.reboot.other_node({ reason: 'tls', graceful: true });
      expect(await job).toBeNull();
    } finally {
      await trusted.close();
    }

    const untrusted = createClient(options);
    try {
      const error = await failure(untrusted.connect());
      expect(error).toBeInstanceOf(TlsCertificateError);
      expect((error as Error).message).toMatch(/tls\.ca/);
    } finally {
      await untrusted.close();
    }

    const careless = createClient({ ...options, tls: { rejectUnauthorized: false } });
    try {
      expect(await careless.failover.licensed()).toBe(true);
    } finally {
      await careless.close();
    }
  });
});
