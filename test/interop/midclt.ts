/**
 * Runs the official TrueNAS client `midclt` (../shared/interop/midclt, relative to the project
 * root) against the simulator. The official client's code is not part of this repository: these
 * tests run only where `API_CLIENT_DIR` points at a checkout of truenas/api_client and python3 is
 * 3.11 or newer. Otherwise they are skipped with one visible line, under CI too; what they prove
 * is also covered by our own protocol tests in test/protocol/, which always run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

export const MIDCLT = resolve(process.cwd(), '../shared/interop/midclt');

function pythonProblem(): string | null {
  const python = process.env.MIDCLT_PYTHON ?? 'python3';
  try {
    const version = execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    return major > 3 || (major === 3 && minor >= 11) ? null : `${python} is ${version}, midclt needs >= 3.11`;
  } catch {
    return `${python} not found`;
  }
}

function whyUnavailable(): string | null {
  const dir = process.env.API_CLIENT_DIR;
  if (!dir) return 'API_CLIENT_DIR is not set (a checkout of truenas/api_client; see docs/simulator.md)';
  if (!existsSync(join(dir, 'truenas_api_client'))) return `API_CLIENT_DIR=${dir} holds no truenas_api_client/`;
  if (!existsSync(MIDCLT)) return `${MIDCLT} not found`;
  return pythonProblem();
}

const unavailable = whyUnavailable();
let announced = false;

/** `describe` for tests that need the official midclt: skipped with one visible line when it cannot run. */
export function describeMidclt(name: string, body: () => void): void {
  if (!unavailable) {
    describe(name, body);
    return;
  }
  if (!announced) {
    announced = true;
    console.warn(`[interop] midclt tests skipped: ${unavailable}`);
  }
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
