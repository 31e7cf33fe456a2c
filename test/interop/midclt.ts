/**
 * Runs the official TrueNAS client `midclt` (../shared/interop/midclt, relative to the project
 * root) against the simulator. When it is missing: outside CI the interop tests are skipped with a
 * visible message; under CI=true they fail.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';

export const MIDCLT = resolve(process.cwd(), '../shared/interop/midclt');

function pythonWorks(): boolean {
  try {
    execFileSync(process.env.MIDCLT_PYTHON ?? 'python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = !existsSync(MIDCLT) ? `${MIDCLT} not found` : !pythonWorks() ? 'python3 not found' : null;

/** `describe` for tests that need midclt: skipped (with a message) or failing (under CI) when it is absent. */
export function describeMidclt(name: string, body: () => void): void {
  if (!missing) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs the official midclt', () => {
        throw new Error(`interop: ${missing} (required under CI)`);
      });
    });
    return;
  }
  console.warn(`[interop] skipping "${name}": ${missing}`);
  describe.skip(name, body);
}

export interface MidcltResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs midclt with these arguments (global options first, as midclt wants them). */
export function midclt(args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<MidcltResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(MIDCLT, args, { timeout: options.timeoutMs ?? 60_000, env: process.env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    else child.stdin?.end();
  });
}

/** `-u <uri>` for a base URL of the simulator. */
export const uri = (base: string) => ['-u', `${base}/api/current`];
/** `-u ws+unix://<path>` for a controller's local root socket. */
export const unixUri = (path: string) => ['-u', `ws+unix://${path}`];
