import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { ANSI_PATTERN, pairEnv, runCli, runCliTty, startPair } from './helpers.js';

describe('colours and layout: only on a terminal, NO_COLOR and FORCE_COLOR=0 respected', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('a terminal gets colours (MASTER in green)', async () => {
    const r = await runCliTty(['status'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('\x1b[32mMASTER\x1b[39m');
  });

  it('NO_COLOR, FORCE_COLOR=0 and --no-color turn them off on a terminal', async () => {
    for (const [env, args] of [
      [{ NO_COLOR: '1' }, []],
      [{ FORCE_COLOR: '0' }, []],
      [{}, ['--no-color']],
    ] as [Record<string, string>, string[]][]) {
      const r = await runCliTty(['status', ...args], { env: pairEnv(sim, env) });
      expect(r.code, r.output).toBe(0);
      expect(ANSI_PATTERN.test(r.output), JSON.stringify(env)).toBe(false);
      expect(r.output).toMatch(/status +MASTER +BACKUP/);
    }
  });

  it('pipes get plain text; FORCE_COLOR=1 asks for colours anyway', async () => {
    const plain = await runCli(['status'], { env: pairEnv(sim) });
    expect(ANSI_PATTERN.test(plain.output)).toBe(false);
    const forced = await runCli(['status'], { env: pairEnv(sim, { FORCE_COLOR: '1' }) });
    expect(forced.stdout).toContain('\x1b[32mMASTER\x1b[39m');
  });
});
