import { describe, expect, it } from 'vitest';
import {
  AuthError,
  CallError,
  createClient,
  MessageTooLargeError,
  NotAvailableOverRestError,
  type RestClient,
  ValidationError,
} from '../../src/index.js';
import { apiKeyAuth, failure, simulatorForBoth } from './helpers.js';

// What each HTTP answer of TrueNAS's REST API becomes in the client.
describe('REST HTTP status codes as typed errors', () => {
  const restClient = (url: string, extra: Record<string, unknown> = {}) => {
    const client = createClient({ url, transport: 'rest', env: false, timeout: 10_000, ...extra }) as RestClient<'v25.10.0'>;
    return client;
  };

  it('401 is an AuthError; Basic auth of a two-factor user says OTP_REQUIRED', async () => {
    const sim = await simulatorForBoth();
    const otp = restClient(sim.vip.http, { auth: { username: sim.credentials.otp.username, password: sim.credentials.otp.password } });
    const key = restClient(sim.vip.http, { auth: { token: 'not-a-real-token' } });
    try {
      const otpError = await failure(otp.connect());
      expect(otpError).toBeInstanceOf(AuthError);
      expect((otpError as AuthError).failure).toBe('OTP_REQUIRED');
      expect((otpError as AuthError).mechanism).toBe('Basic');
      const tokenError = await failure(key.failover.config());
      expect(tokenError).toBeInstanceOf(AuthError);
      expect((tokenError as AuthError).mechanism).toBe('Token');
    } finally {
      await Promise.all([otp.close(), key.close()]);
    }
  });

  it('no credentials: methods without authentication run, the others fail with 401 as an AuthError', async () => {
    const sim = await simulatorForBoth();
    const anonymous = restClient(sim.vip.http, { auth: null });
    try {
      expect(await anonymous.core.ping()).toBe('pong');
      expect(await failure(anonymous.failover.config())).toBeInstanceOf(AuthError);
    } finally {
      await anonymous.close();
    }
  });

  it('404 without a TrueNAS body (no such route) is NotAvailableOverRestError; 422 item-not-found is a ValidationError', async () => {
    const sim = await simulatorForBoth();
    const client = restClient(sim.vip.http, { auth: apiKeyAuth(sim) });
    try {
      const noRoute = await failure(client.call('failover.hardware'));
      expect(noRoute).toBeInstanceOf(NotAvailableOverRestError);
      const unknownJob = await failure(client.core.job_abort(987_654));
      expect(unknownJob).toBeInstanceOf(ValidationError);
      expect((unknownJob as ValidationError).issues[0]).toMatchObject({
        attribute: '',
        errno: 2,
        message: 'Job with id 987654 does not exist',
      });
    } finally {
      await client.close();
    }
  });

  it('500 is a CallError carrying the server traceback; a body over 1 MiB is refused before sending', async () => {
    const sim = await simulatorForBoth();
    const client = restClient(sim.vip.http, { auth: apiKeyAuth(sim), validate: 'off' });
    try {
      await client.connect();
      sim.faults.failNextCall('failover.get_ips', { code: -32603, reason: 'cannot serialise the reply' });
      const broken = await failure(client.failover.get_ips());
      expect(broken).toBeInstanceOf(CallError);
      expect((broken as CallError).reason).toBe('cannot serialise the reply');
      expect((broken as CallError).trace?.formatted).toContain('Traceback');
      const huge = await failure(client.failover.update({ timeout: 1, padding: 'x'.repeat(1024 * 1024) } as never));
      expect(huge).toBeInstanceOf(MessageTooLargeError);
      expect((await client.failover.config()).timeout).toBe(0);
    } finally {
      await client.close();
    }
  });
});
