/** A simulator per test for the protocol tests, stopped when the test finishes. */
import { readFileSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

export async function pair(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ rateLimit: false, seed: 'protocol', ...options });
  onTestFinished(() => sim.stop());
  return sim;
}

/** The self-signed RSA/SHA-256 test certificate (`wss://`, SCRAM-PLUS). */
export const tls = {
  cert: readFileSync(new URL('../fixtures/tls/cert.pem', import.meta.url), 'utf8'),
  key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8'),
};

export const current = (base: string) => `${base}/api/current`;
