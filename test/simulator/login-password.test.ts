import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, simulator } from './helpers.js';

describe('auth.login_ex PASSWORD_PLAIN', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator();
  });
  afterAll(() => sim.stop());

  it('logs in with user info by default', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
      { mechanism: 'PASSWORD_PLAIN', username: sim.credentials.username, password: sim.credentials.password },
    ]);
    expect(reply).toMatchObject({ response_type: 'SUCCESS', authenticator: 'LEVEL_1', reconnect_token: null });
    expect(reply.user_info).toMatchObject({ pw_name: 'truenas_admin' });
    expect(await c.call('auth.me')).toMatchObject({ pw_name: 'truenas_admin', pw_uid: 950 });
    c.close();
  });

  it('answers AUTH_ERR to a wrong password and stays unauthenticated', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.call('auth.login_ex', [{ mechanism: 'PASSWORD_PLAIN', username: 'truenas_admin', password: 'wrong' }]);
    expect(reply).toEqual({ response_type: 'AUTH_ERR' });
    expect((await c.request('failover.status')).error?.data?.error).toBe(207);
    c.close();
  });

  it('omits user_info when asked and logs out with auth.logout', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
      {
        mechanism: 'PASSWORD_PLAIN',
        username: sim.credentials.username,
        password: sim.credentials.password,
        login_options: { user_info: false },
      },
    ]);
    expect(reply.user_info).toBeNull();
    expect(await c.call('auth.logout')).toBe(true);
    expect((await c.request('failover.status')).error?.data?.error).toBe(207);
    c.close();
  });

  it('rejects an unknown mechanism with a validation error naming the field', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.request('auth.login_ex', [{ mechanism: 'KERBEROS' }]);
    expect(reply.error?.code).toBe(-32602);
    expect(JSON.stringify(reply.error?.data?.extra)).toContain('login_data');
    c.close();
  });

  it('has no reconnect_token key on 25.10 and issues one on 26.0 when asked', async () => {
    const old = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const c = await connect(old.vip.ws);
      const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
        { mechanism: 'PASSWORD_PLAIN', username: old.credentials.username, password: old.credentials.password },
      ]);
      expect(reply.response_type).toBe('SUCCESS');
      expect('reconnect_token' in reply).toBe(false);
      c.close();
    } finally {
      await old.stop();
    }
    const c = await connect(sim.vip.ws);
    const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
      {
        mechanism: 'PASSWORD_PLAIN',
        username: sim.credentials.username,
        password: sim.credentials.password,
        login_options: { reconnect_token: true },
      },
    ]);
    expect(typeof reply.reconnect_token).toBe('string');
    const again = await connect(sim.vip.ws);
    expect(
      await again.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token: reply.reconnect_token, login_options: { user_info: false } }]),
    ).toMatchObject({
      response_type: 'SUCCESS',
    });
    // Single use: a second login with it fails.
    const third = await connect(sim.vip.ws);
    expect(await third.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token: reply.reconnect_token }])).toEqual({
      response_type: 'AUTH_ERR',
    });
    for (const x of [c, again, third]) x.close();
  });
});
