import { describe, expect, it } from 'vitest';
import { TrueNasError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// Every log line (debug lines carry each request's arguments) and every error message passes
// through one redaction function: no password, API key, token or SCRAM proof ever shows.
describe('redaction in practice', () => {
  it('debug logs of every login mechanism and failing calls hold no secret', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const { logger, text } = memoryLogger();
    const secrets = [sim.credentials.password, sim.credentials.apiKey, sim.credentials.apiKey.split('-')[1]!, sim.credentials.otp.password];
    const errors: unknown[] = [];

    const scram = clientOf(sim, { logger });
    const token = await scram.auth.generate_token(60);
    secrets.push(token);
    await clientOf(sim, { logger, auth: { token } }).failover.status();
    await clientOf(sim, {
      logger,
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey, mechanism: 'API_KEY_PLAIN' },
    }).failover.status();
    await clientOf(sim, { logger, auth: { username: sim.credentials.username, password: sim.credentials.password } }).failover.status();
    const otp = clientOf(sim, {
      logger,
      auth: { username: sim.credentials.otp.username, password: sim.credentials.otp.password, otp: () => sim.otpToken() },
    });
    await otp.failover.status();
    // Failures: wrong credentials (the wrong secret must not show either), a call error.
    secrets.push('wrong-password-xyz', '99-WrongKeyMaterialWrongKeyMaterial00');
    for (const auth of [
      { username: sim.credentials.username, password: 'wrong-password-xyz' },
      { username: sim.credentials.username, apiKey: '99-WrongKeyMaterialWrongKeyMaterial00', mechanism: 'API_KEY_PLAIN' as const },
    ]) {
      const outcome = await settle(clientOf(sim, { logger, auth }).connect());
      errors.push((outcome as { error: unknown }).error);
    }
    sim.faults.failNextCall('failover.status', { reason: `rejected ${sim.credentials.apiKey}` });
    errors.push(((await settle(scram.failover.status())) as { error: unknown }).error);

    expect(text()).toMatch(/→ auth\.login_ex/);
    expect(text()).toContain('[REDACTED]');
    for (const secret of secrets) expect(text()).not.toContain(secret);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TrueNasError);
      const rendered = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      for (const secret of secrets) expect(rendered).not.toContain(secret);
    }
  });
});
