/**
 * Setup file of the secret scan (scripts/secret-scan.ts; loaded only when SECRET_SCAN_CREDENTIALS
 * names a file): every credential a simulator of this test run creates (passwords, API keys and
 * their key material, TOTP secrets, Basic headers, tokens handed out) is appended to that file, one
 * a line, for the scan to look for in the run's whole output.
 */
import { appendFileSync } from 'node:fs';
import { vi } from 'vitest';
import type { SimulatorCredentials } from '../../src/simulator.js';

const file = process.env.SECRET_SCAN_CREDENTIALS;

function record(...secrets: string[]): void {
  if (!file) return;
  const lines = secrets.filter((s) => s.length >= 8);
  if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
}

function recordCredentials(c: SimulatorCredentials): void {
  for (const user of [c, c.readonly, c.otp]) {
    record(user.password, Buffer.from(`${user.username}:${user.password}`).toString('base64'));
  }
  for (const key of [c.apiKey, c.readonly.apiKey]) record(key, key.slice(key.indexOf('-') + 1));
  record(c.otp.secret);
}

vi.mock(import('../../src/simulator/start.js'), async (original) => {
  const actual = await original();
  return {
    ...actual,
    startSimulator: async (...args: Parameters<typeof actual.startSimulator>) => {
      const sim = await actual.startSimulator(...args);
      recordCredentials(sim.credentials);
      return sim;
    },
  };
});

vi.mock(import('../../src/simulator/auth/tokens.js'), async (original) => {
  const actual = await original();
  class RecordingTokenStore extends actual.TokenStore {
    override create(...args: Parameters<InstanceType<typeof actual.TokenStore>['create']>): string {
      const token = super.create(...args);
      record(token);
      return token;
    }
  }
  return { ...actual, TokenStore: RecordingTokenStore };
});
