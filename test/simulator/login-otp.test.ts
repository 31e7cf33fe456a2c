import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, simulator } from './helpers.js';

describe('two-factor login (OTP_REQUIRED → OTP_TOKEN)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator();
  });
  afterAll(() => sim.stop());

  const password = () => ({ mechanism: 'PASSWORD_PLAIN', username: sim.credentials.otp.username, password: sim.credentials.otp.password });

  it('asks for the one-time password, then logs in with auth.login_ex_continue', async () => {
    const c = await connect(sim.vip.ws);
    expect(await c.call('auth.login_ex', [password()])).toEqual({ response_type: 'OTP_REQUIRED', username: 'otp_admin' });
    expect((await c.request('failover.config')).error?.data?.error).toBe(207);
    const reply = await c.call<Record<string, unknown>>('auth.login_ex_continue', [{ mechanism: 'OTP_TOKEN', otp_token: sim.otpToken() }]);
    expect(reply.response_type).toBe('SUCCESS');
    expect(await c.call('failover.node')).toBe('A');
    c.close();
  });

  it('answers AUTH_ERR to a wrong code and forgets the attempt', async () => {
    const c = await connect(sim.vip.ws);
    await c.call('auth.login_ex', [password()]);
    const wrong = sim.otpToken() === '000000' ? '111111' : '000000';
    expect(await c.call('auth.login_ex', [{ mechanism: 'OTP_TOKEN', otp_token: wrong }])).toEqual({ response_type: 'AUTH_ERR' });
    const again = await c.request('auth.login_ex', [{ mechanism: 'OTP_TOKEN', otp_token: sim.otpToken() }]);
    expect(again.error?.data).toMatchObject({ error: 22, reason: '[EINVAL] OTP_TOKEN: no authentication in progress' });
    c.close();
  });

  it('refuses OTP_TOKEN without a pending step (EINVAL)', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.request('auth.login_ex', [{ mechanism: 'OTP_TOKEN', otp_token: '123456' }]);
    expect(reply.error?.code).toBe(-32001);
    expect(reply.error?.data?.errname).toBe('EINVAL');
    c.close();
  });

  it('abandons the OTP step when another mechanism comes next', async () => {
    const c = await connect(sim.vip.ws);
    await c.call('auth.login_ex', [password()]);
    const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
      { mechanism: 'API_KEY_PLAIN', username: sim.credentials.username, api_key: sim.credentials.apiKey },
    ]);
    expect(reply.response_type).toBe('SUCCESS');
    c.close();
  });

  it('accepts the code in legacy auth.login(username, password, otp_token)', async () => {
    const c = await connect(sim.vip.ws);
    expect(await c.call('auth.login', [sim.credentials.otp.username, sim.credentials.otp.password, null])).toBe(false);
    expect(await c.call('auth.login', [sim.credentials.otp.username, sim.credentials.otp.password, sim.otpToken()])).toBe(true);
    c.close();
  });
});
