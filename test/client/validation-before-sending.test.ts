import { describe, expect, it } from 'vitest';
import { CallError, ValidationError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// Arguments are checked against the API version's schema before anything is sent.
describe('argument validation', () => {
  it('rejects a bad field with a ValidationError naming it, and sends nothing', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    await client.connect();
    // An injected failure waits for the next failover.update that reaches the server.
    sim.faults.failNextCall('failover.update', { reason: 'reached the server' });
    const bad = await settle(client.failover.update({ timeout: 'soon' as never }));
    const error = (bad as { error: ValidationError }).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.source).toBe('client');
    expect(error.issues).toEqual([{ attribute: 'data.timeout', message: 'Input should be a valid integer', errno: 22 }]);
    expect(error.message).toMatch(/data\.timeout/);
    expect(error.errno).toBe(22);
    // The invalid call never reached the server: the injected failure is still waiting.
    const next = await settle(client.failover.update({ timeout: 3 }));
    expect((next as { error: CallError }).error).toBeInstanceOf(CallError);
    expect((next as { error: CallError }).error.reason).toMatch(/reached the server/);
  });

  it('reports missing, extra and out-of-range values per field', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim);
    const range = await settle(client.failover.update({ timeout: 500 }));
    expect((range as { error: ValidationError }).error.issues[0]?.attribute).toBe('data.timeout');
    const extra = await settle(client.failover.update({ disabled: true, colour: 'red' } as never));
    expect((extra as { error: ValidationError }).error.issues).toContainEqual({
      attribute: 'data.colour',
      message: 'Extra inputs are not permitted',
      errno: 22,
    });
    const missing = await settle(client.call('failover.update', [] as never));
    expect((missing as { error: ValidationError }).error.issues).toContainEqual({
      attribute: 'data',
      message: 'Field required',
      errno: 22,
    });
    const tooMany = await settle(client.call('failover.status', [1] as never));
    expect((tooMany as { error: ValidationError }).error).toBeInstanceOf(ValidationError);
  });

  it('follows the version in use: 25.04 has no timeout bound, 27.0 does', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.0' });
    const client = clientOf(sim);
    expect(await client.failover.update({ timeout: 500 })).toMatchObject({ timeout: 500 });
  });

  it('with validate: off the server validates: a ValidationError from its -32602 answer', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { validate: 'off' });
    const outcome = await settle(client.failover.update({ timeout: 'soon' as never }));
    const error = (outcome as { error: ValidationError }).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.source).toBe('server');
    expect(error.code).toBe(-32602);
    expect(error.issues.map((i) => i.attribute)).toContain('data.timeout');
    expect(error.url).toMatch(/^ws:\/\/127\.0\.0\.1/);
  });
});
