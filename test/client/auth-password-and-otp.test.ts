import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// Username and password, with the one-time password as the second step when the account has 2FA.
describe('password login', () => {
  it('logs in with PASSWORD_PLAIN', async () => {
    const sim = await simulator();
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { logger, auth: { username: sim.credentials.username, password: sim.credentials.password } });
    expect(await client.failover.status()).toBe('MASTER');
    expect(text()).toContain('with PASSWORD_PLAIN');
    expect(text()).not.toContain(sim.credentials.password);
  });

  it('answers OTP_REQUIRED with the one-time password from auth.otp', async () => {
    const sim = await simulator();
    const { otp } = sim.credentials;
    let asked = 0;
    const client = clientOf(sim, {
      auth: {
        username: otp.username,
        password: otp.password,
        otp: () => {
          asked++;
          return sim.otpToken();
        },
      },
    });
    expect(await client.failover.licensed()).toBe(true);
    expect(asked).toBe(1);
  });

  it('fails with AuthError OTP_REQUIRED when no auth.otp is given', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { auth: { username: sim.credentials.otp.username, password: sim.credentials.otp.password } });
    const outcome = await settle(client.failover.licensed());
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: AuthError }).error).toBeInstanceOf(AuthError);
    expect((outcome as { error: AuthError }).error.failure).toBe('OTP_REQUIRED');
  });

  it('rejects a wrong password with AuthError AUTH_ERR, and pending calls settle', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { auth: { username: sim.credentials.username, password: 'wrong-password-123' } });
    const calls = [settle(client.failover.status()), settle(client.failover.config()), settle(client.connect())];
    for (const outcome of await Promise.all(calls)) {
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: AuthError }).error).toBeInstanceOf(AuthError);
      expect((outcome as { error: AuthError }).error.failure).toBe('AUTH_ERR');
      expect(String((outcome as { error: Error }).error.message)).not.toContain('wrong-password-123');
    }
  });
});
