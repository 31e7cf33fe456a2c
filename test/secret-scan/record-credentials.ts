/**
 * Setup file of the secret scan (scripts/secret-scan.ts; loaded only when SECRET_SCAN_CREDENTIALS
 * names a file): every credential a simulator of this test run creates (passwords, API keys and
 * their key material, TOTP secrets, Basic headers, tokens handed out) is appended to that file, one
 * a line, for the scan to look for in the run's whole output.
 */
import { appendFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
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

// The tokens a simulator hands out are recorded by the mocked TokenStore below, which only a pair
// running in this thread uses: a pair in the simulator's worker thread runs its own bundle. So the
// scan runs the pairs in process, except in the files that test the worker itself (they choose
// explicitly or need the worker); their tokens, if any, go unrecorded.
vi.mock(import('../../src/simulator/launch.js'), async (original) => {
  const actual = await original();
  return {
    ...actual,
    startSimulator: async (options: Parameters<typeof actual.startSimulator>[0] = {}) => {
      const workerTest = /[\\/]test[\\/]simulator[\\/]worker-/.test(expect.getState().testPath ?? '');
      const sim = await actual.startSimulator(workerTest ? options : { inProcess: true, ...options });
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
