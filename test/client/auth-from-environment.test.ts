import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { AuthError, createClient } from '../../src/index.js';
import { settle, simulator } from './helpers.js';

// Without `url` and `auth`, the client reads TRUENAS_URL, TRUENAS_USERNAME and TRUENAS_API_KEY /
// TRUENAS_API_KEY_FILE / TRUENAS_PASSWORD.
const NAMES = ['TRUENAS_URL', 'TRUENAS_USERNAME', 'TRUENAS_API_KEY', 'TRUENAS_API_KEY_FILE', 'TRUENAS_PASSWORD'];
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});
function envClient() {
  const client = createClient({ timeout: 10_000 });
  onTestFinished(() => client.close());
  return client;
}

describe('credentials from the environment', () => {
  it('uses TRUENAS_URL, TRUENAS_USERNAME and TRUENAS_API_KEY', async () => {
    const sim = await simulator();
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, {
      TRUENAS_URL: sim.vip.ws,
      TRUENAS_USERNAME: sim.credentials.username,
      TRUENAS_API_KEY: sim.credentials.apiKey,
    });
    expect(await envClient().failover.status()).toBe('MASTER');
  });

  it('reads TRUENAS_API_KEY_FILE holding {"raw_key": …}', async () => {
    const sim = await simulator();
    const dir = await mkdtemp(join(tmpdir(), 'truenas-key-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'key.json');
    await writeFile(file, JSON.stringify({ raw_key: sim.credentials.apiKey }), { mode: 0o600 });
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, { TRUENAS_URL: sim.vip.ws, TRUENAS_USERNAME: sim.credentials.username, TRUENAS_API_KEY_FILE: file });
    expect(await envClient().failover.node()).toBe('A');
  });

  it('uses TRUENAS_PASSWORD', async () => {
    const sim = await simulator();
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, {
      TRUENAS_URL: sim.vip.ws,
      TRUENAS_USERNAME: sim.credentials.username,
      TRUENAS_PASSWORD: sim.credentials.password,
    });
    expect(await envClient().failover.licensed()).toBe(true);
  });

  it('fails with AuthError when the key is set without TRUENAS_USERNAME', async () => {
    const sim = await simulator();
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, { TRUENAS_URL: sim.vip.ws, TRUENAS_API_KEY: sim.credentials.apiKey });
    const outcome = await settle(envClient().connect());
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(AuthError);
    expect(String((outcome as { error: Error }).error.message)).toMatch(/TRUENAS_USERNAME/);
  });

  it('needs an address: createClient throws a TypeError naming url without TRUENAS_URL', () => {
    for (const n of NAMES) delete process.env[n];
    expect(() => createClient({})).toThrow(/url/);
  });
});
