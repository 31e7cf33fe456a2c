/**
 * `call` arguments that start like JSON but do not parse are refused (exit 2) with the line and
 * column where the parser stopped, and nothing is sent; other text still goes as a string.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumn } from '../../src/cli/json-argument.js';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

const offsetOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonErrorOffset(text, (error as Error).message);
  }
  throw new Error(`${text} parsed`);
};

describe('call: a JSON typo is a usage error naming its position, not a string', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('the position comes from the parser’s message, or from the longest prefix that is still JSON', () => {
    expect(offsetOf('{"timeout": 5')).toBe(13);
    expect(offsetOf('[1,]')).toBe(3);
    expect(offsetOf('{"a": tru}')).toBe(9);
    expect(offsetOf('{"a": 1} x')).toBe(9);
    expect(lineAndColumn('{\n  "a": 1\n  "b": 2\n}', 13)).toEqual({ line: 3, column: 3 });
  });

  it('{"timeout": 5 (a missing brace) names line 1, column 14 and the parser’s words; nothing is sent', async () => {
    const before = sim.state().nodes.A.config.timeout;
    const r = await runCli(['call', 'failover.update', '{"timeout": 5'], { env: pairEnv(sim) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: argument 1 is not valid JSON at line 1, column 14: Expected ',' or '}' after property value in JSON at position 13$/m,
    );
    expect(r.stderr).toMatch(/^ {8}\{"timeout": 5\n {21}\^$/m);
    expect(r.stderr).not.toMatch(/valid dictionary/);
    expect(sim.state().nodes.A.config.timeout).toBe(before);
  });

  it('a typo in a later argument or on stdin names that argument and its line', async () => {
    const later = await runCli(['call', 'core.get_jobs', '[]', '[1,]'], { env: pairEnv(sim) });
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/^error: argument 2 is not valid JSON at line 1, column 4: /m);
    const stdin = await runCli(['call', 'failover.update', '-'], { env: pairEnv(sim), input: '{\n  "timeout": 5\n  "master": true\n}' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/^error: argument 1 \(stdin\) is not valid JSON at line 3, column 3: /m);
  });

  it('valid JSON is sent as JSON, and text that does not start like JSON is still a string', async () => {
    const ok = await runCli(['call', 'failover.update', '{"timeout": 5}', '--json'], { env: pairEnv(sim) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).timeout).toBe(5);
    const text = await runCli(['call', 'failover.update', 'timeout=5'], { env: pairEnv(sim) });
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/Input should be a valid dictionary/);
  });
});
