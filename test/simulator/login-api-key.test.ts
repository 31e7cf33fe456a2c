import { describe, expect, it } from 'vitest';
import { connect, simulator } from './helpers.js';

describe('auth.login_ex API_KEY_PLAIN', () => {
  it('logs in on loopback and refuses a key under another user name', async () => {
    const sim = await simulator();
    try {
      const c = await connect(sim.vip.ws);
      expect(
        await c.call('auth.login_ex', [{ mechanism: 'API_KEY_PLAIN', username: 'ha_viewer', api_key: sim.credentials.apiKey }]),
      ).toEqual({
        response_type: 'AUTH_ERR',
      });
      expect(await c.call('auth.login_ex', [{ mechanism: 'API_KEY_PLAIN', username: 'truenas_admin', api_key: '1-notthekey' }])).toEqual({
        response_type: 'AUTH_ERR',
      });
      const ok = await c.call<Record<string, unknown>>('auth.login_ex', [
        { mechanism: 'API_KEY_PLAIN', username: 'truenas_admin', api_key: sim.credentials.apiKey },
      ]);
      expect(ok.response_type).toBe('SUCCESS');
      expect(ok.user_info).toMatchObject({ pw_name: 'truenas_admin', account_attributes: expect.arrayContaining(['API_KEY']) });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  // plugins/auth.py `login_ex` API_KEY_PLAIN: PAM accepted the key, so the revocation answers EXPIRED with no failure
  // delay. At timeScale 1000 a failure delay would last 17 to 33 minutes: the reply within the call's bound shows none.
  it('answers the revocation EXPIRED without the failure delay of a wrong key', async () => {
    const sim = await simulator({ enforceSecureTransport: true, timeScale: 1000 });
    try {
      const c = await connect(sim.vip.ws);
      const login = { mechanism: 'API_KEY_PLAIN', username: sim.credentials.username, api_key: sim.credentials.apiKey };
      expect(await c.call('auth.login_ex', [login], 10_000)).toEqual({ response_type: 'EXPIRED' });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('revokes a key sent over plain ws:// when told to enforce secure transport (EXPIRED, then AUTH_ERR)', async () => {
    const sim = await simulator({ enforceSecureTransport: true });
    try {
      const c = await connect(sim.vip.ws);
      const login = { mechanism: 'API_KEY_PLAIN', username: sim.credentials.username, api_key: sim.credentials.apiKey };
      expect(await c.call('auth.login_ex', [login])).toEqual({ response_type: 'EXPIRED' });
      expect(await c.call('auth.login_ex', [login])).toEqual({ response_type: 'AUTH_ERR' });
      // An invalid key is not revoked, and passwords still work.
      expect(
        await c.call('auth.login_ex', [
          { mechanism: 'PASSWORD_PLAIN', username: sim.credentials.username, password: sim.credentials.password },
        ]),
      ).toMatchObject({ response_type: 'SUCCESS' });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('legacy auth.login_with_api_key answers a boolean', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const c = await connect(sim.vip.ws);
      expect(await c.call('auth.login_with_api_key', ['99-nope'])).toBe(false);
      expect(await c.call('auth.login_with_api_key', [sim.credentials.apiKey])).toBe(true);
      expect(await c.call('failover.status')).toBe('MASTER');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
