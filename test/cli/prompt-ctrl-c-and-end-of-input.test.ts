/**
 * The confirmation prompt (node:readline/promises) on a terminal: Ctrl-C cancels with exit 130 and
 * Ctrl-D (end of input) is not a yes (exit 6); either way nothing changes on the pair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCliTty, startPair } from './helpers.js';

describe('the confirmation prompt: Ctrl-C and end of input', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('Ctrl-C at the prompt: exit 130, "Cancelled at the prompt", failover stays enabled', async () => {
    const r = await runCliTty(['update', '--disabled'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: '\u0003' }] });
    expect(r.code, r.output).toBe(130);
    expect(r.output).toMatch(/Cancelled at the prompt; nothing was changed\./);
    expect(sim.state().nodes.A.config.disabled).toBe(false);
  });

  it('Ctrl-D at the prompt: exit 6, "Cancelled", failover stays enabled', async () => {
    const r = await runCliTty(['update', '--disabled'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: '\u0004' }] });
    expect(r.code, r.output).toBe(6);
    expect(r.output).toMatch(/Cancelled; nothing was changed\./);
    expect(sim.state().nodes.A.config.disabled).toBe(false);
  });
});
