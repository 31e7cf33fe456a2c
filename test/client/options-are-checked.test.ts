import { describe, expect, it } from 'vitest';
import { createClient, type Logger } from '../../src/index.js';
import { apiKeyAuth, failure, simulatorForBoth } from './helpers.js';

// Bad REST options are a TypeError naming the field, at createClient; credentials REST cannot
// carry are refused there too; no secret reaches a log line or an error message.
describe('REST client options', () => {
  const base = { url: 'https://nas.example', transport: 'rest' as const, env: false };

  it('names the bad field', () => {
    expect(() => createClient({ ...base, timeout: -1 })).toThrow(/timeout must be a positive number/);
    expect(() => createClient({ ...base, jobPolling: { initialDelay: 0 } })).toThrow(/jobPolling\.initialDelay/);
    expect(() => createClient({ ...base, jobPolling: { factor: 0.5 } })).toThrow(/jobPolling\.factor/);
    expect(() => createClient({ ...base, validate: 'some' as 'all' })).toThrow(/validate must be/);
    expect(() => createClient({ ...base, url: 'ftp://nas.example' as 'https://x' })).toThrow(/ftp:/);
    expect(() => createClient({ ...base, auth: { username: '', apiKey: '1-abc' } })).toThrow(/auth\.username/);
  });

  it('refuses credentials REST cannot send: precomputed SCRAM keys and mechanism SCRAM', () => {
    const precomputed = { apiKeyId: 1, clientKey: 'AAAA', storedKey: 'AAAA', serverKey: 'AAAA' };
    expect(() => createClient({ ...base, auth: { username: 'admin', apiKey: precomputed } })).toThrow(/precomputed SCRAM keys/);
    expect(() => createClient({ ...base, auth: { username: 'admin', apiKey: '1-abcdef', mechanism: 'SCRAM' } })).toThrow(
      /mechanism SCRAM never sends the API key/,
    );
  });

  it('keeps every secret out of log lines and error messages', async () => {
    const sim = await simulatorForBoth();
    const lines: string[] = [];
    const record = (message: string, data?: unknown) => {
      lines.push(`${message} ${data === undefined ? '' : JSON.stringify(data)}`);
    };
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const { username, password, apiKey } = sim.credentials;
    const good = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false, logger });
    const bad = createClient({ url: sim.vip.http, transport: 'rest', auth: { username, password: `${password}x` }, env: false, logger });
    try {
      await good.failover.update({ timeout: 2 });
      await good.failover.reboot.other_node({ reason: 'x', graceful: true });
      const error = await failure(bad.connect());
      lines.push(String((error as Error).message));
    } finally {
      await Promise.all([good.close(), bad.close()]);
    }
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [apiKey, password, Buffer.from(`${username}:${password}x`).toString('base64')]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('auth option', () => {
  const base = { url: 'wss://nas.example', env: false };

  it('refuses more than one kind of credentials, naming them, rather than picking one', () => {
    expect(() => createClient({ ...base, auth: { username: 'admin', apiKey: '1-abc', password: 'pw' } as never })).toThrow(
      new TypeError('auth has apiKey and password: pass exactly one of apiKey, password or token'),
    );
    expect(() => createClient({ ...base, auth: { username: 'admin', password: 'pw', token: 't' } as never })).toThrow(
      /auth has password and token/,
    );
  });

  it('names a credential that is present but undefined, and ignores undefined ones beside a real one', () => {
    const unset: string | undefined = undefined;
    expect(() => createClient({ ...base, auth: { username: 'admin', apiKey: unset as unknown as string } })).toThrow(
      new TypeError('auth.apiKey is undefined (an environment variable that is not set?)'),
    );
    expect(() => createClient({ ...base, auth: { username: 'admin', apiKey: '1-abc', password: unset } as never })).not.toThrow();
    expect(() => createClient({ ...base, auth: { username: 'admin', token: unset, password: 'pw' } as never })).not.toThrow();
    expect(() => createClient({ ...base, auth: { username: 'admin' } as never })).toThrow(
      new TypeError('auth needs apiKey, password or token'),
    );
  });
});
