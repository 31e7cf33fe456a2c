import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// auth.generate_token on one connection, TOKEN_PLAIN login with it on another.
describe('token login', () => {
  it('logs in with a token that auth.generate_token created', async () => {
    const sim = await simulator();
    const admin = clientOf(sim);
    const token = await admin.auth.generate_token(60);
    expect(typeof token).toBe('string');
    const other = clientOf(sim, { auth: { token } });
    expect(await other.failover.node()).toBe('A');
  });

  it('fails with AuthError for an unknown token', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { auth: { token: 'not-a-real-token' } });
    const outcome = await settle(client.connect());
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: AuthError }).error).toBeInstanceOf(AuthError);
    expect((outcome as { error: AuthError }).error.failure).toBe('AUTH_ERR');
  });
});
