import { describe, expect, it } from 'vitest';
import { AuthError, InsecureTransportError } from '../../src/index.js';
import { baseUrl, clientOver, failure, simulatorForBoth, TRANSPORTS } from './helpers.js';

// API key, password and token work on both transports; bad credentials are an AuthError at
// connect; secrets never go in clear to a host that is not loopback.
describe.each(TRANSPORTS)('authentication over %s', (transport) => {
  it('works with an API key, a password and a token', async () => {
    const sim = await simulatorForBoth();
    const byKey = clientOver(transport, sim);
    expect(await byKey.failover.node()).toBe('A');
    const byPassword = clientOver(transport, sim, { auth: { username: sim.credentials.username, password: sim.credentials.password } });
    expect(await byPassword.failover.licensed()).toBe(true);
    const token = await byKey.auth.generate_token(600);
    const byToken = clientOver(transport, sim, { auth: { token } });
    expect(await byToken.failover.config()).toMatchObject({ disabled: false });
  });

  it('rejects bad credentials with AuthError when connecting, without retrying forever', async () => {
    const sim = await simulatorForBoth();
    const badKey = `${sim.credentials.apiKey.split('-')[0]}-${'x'.repeat(64)}`;
    for (const auth of [
      { username: sim.credentials.username, apiKey: badKey },
      { username: sim.credentials.username, password: 'not-the-password' },
    ]) {
      const error = await failure(clientOver(transport, sim, { auth }).connect());
      expect(error, JSON.stringify(Object.keys(auth))).toBeInstanceOf(AuthError);
      expect((error as Error).message).not.toContain(sim.credentials.password);
    }
  });

  it('refuses to send a secret over an unencrypted connection to a non-loopback host', async () => {
    const sim = await simulatorForBoth();
    // 0.0.0.0 reaches the loopback simulator on Linux but is not a loopback address.
    const url = baseUrl(sim, transport).replace('127.0.0.1', '0.0.0.0');
    const error = await failure(clientOver(transport, sim, { url }).connect());
    expect(error).toBeInstanceOf(InsecureTransportError);
    expect((error as InsecureTransportError).credential).toBe('API key');
    expect((error as Error).message).not.toContain(sim.credentials.apiKey);
    const allowed = clientOver(transport, sim, { url, allowInsecure: true });
    expect(await allowed.failover.node()).toBe('A');
  });
});
