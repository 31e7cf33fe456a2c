import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// API_KEY_PLAIN: what TrueNAS 25.x supports, and what a 26+ client uses only when asked to.
describe('plain API key login', () => {
  it.each(['v25.04.0', 'v25.10.0', 'v25.10.2'] as const)('is the mechanism on %s (no SCRAM there)', async (version) => {
    const sim = await simulator({ apiVersion: version });
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { logger });
    expect(await client.failover.licensed()).toBe(true);
    expect(text()).toContain('with API_KEY_PLAIN');
    expect(text()).not.toContain(sim.credentials.apiKey);
  });

  it('is used on 27.0 only with mechanism: API_KEY_PLAIN', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, {
      logger,
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey, mechanism: 'API_KEY_PLAIN' },
    });
    expect(await client.failover.licensed()).toBe(true);
    expect(text()).toContain('with API_KEY_PLAIN');
  });

  it('is never a silent fallback: SCRAM asked of a 25.10 server fails with AuthError', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = clientOf(sim, { auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey, mechanism: 'SCRAM' } });
    const outcome = await settle(client.connect());
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).failure).toBe('SCRAM_UNSUPPORTED');
    expect((error as AuthError).message).toMatch(/API_KEY_PLAIN/);
    expect(client.state).toBe('idle');
  });

  it('reports a revoked key (EXPIRED) with the reason TrueNAS revokes keys', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2', enforceSecureTransport: true });
    const client = clientOf(sim);
    const outcome = await settle(client.failover.status());
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: AuthError }).error;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.failure).toBe('EXPIRED');
    expect(error.message).toMatch(/insecure transport/);
    expect(error.message).not.toContain(sim.credentials.apiKey);
  });
});
