/**
 * Runs the CLI as a subprocess, as users do: built from src/cli.ts with tsup (once per version of
 * the sources, into node_modules/.cache so that `ws` and `zod` resolve as in the package), started with `node`,
 * without a terminal (pipes) or inside a pseudo-terminal (test/cli/pty-run.py). The simulator runs
 * in the test process on loopback.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll } from 'vitest';
import { z } from 'zod';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'truenas-failover-cli-test');
let built: Promise<string> | undefined;

// The build runs before the tests, under its own bound: on a busy machine it must not eat a test's time.
beforeAll(() => cliPath().then(() => undefined), 180_000);

/** A digest of what the CLI is built from (every file under src/, package.json). */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  hash.update(readFileSync(join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Path of the CLI built from the current sources. One build serves every test file of a run (and
 * later runs while the sources are unchanged): it is kept under a digest of the sources; the first
 * test file to need it builds it into a temporary directory and renames that into place (atomic:
 * a second file building at the same time keeps whichever came first). Builds of other sources
 * older than an hour are removed.
 */
export function cliPath(): Promise<string> {
  built ??= (async () => {
    const dir = join(cacheDir, `cli-${sourceDigest()}`);
    const cli = join(dir, 'cli.js');
    if (existsSync(cli)) {
      // In use: not to be removed as old by a run of other sources.
      utimesSync(dir, new Date(), new Date());
      return cli;
    }
    mkdirSync(cacheDir, { recursive: true });
    const tmp = mkdtempSync(join(cacheDir, 'tmp-'));
    try {
      await promisify(execFile)(
        join(root, 'node_modules', '.bin', 'tsup'),
        ['src/cli.ts', '--format', 'esm', '--platform', 'node', '--target', 'node20', '--out-dir', tmp, '--no-config', '--silent'],
        { cwd: root, timeout: 170_000 },
      );
      try {
        renameSync(tmp, dir);
      } catch (error) {
        if (!existsSync(cli)) throw error;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const hourAgo = Date.now() - 3_600_000;
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (path !== dir && statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    }
    return cli;
  })();
  return built;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together (a pseudo-terminal merges them). */
  output: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed (default: closed at once). */
  input?: string;
  timeout?: number;
  /** Called with the child once it runs (e.g. to send it a signal). */
  onSpawn?: (child: import('node:child_process').ChildProcess, output: () => string) => void;
}

/** A clean environment: no TRUENAS_* or colour settings leaking in from the machine running the tests. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs the CLI with pipes (not a TTY). Bounded by `timeout` (default 60 s); never rejects. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const cli = await cliPath();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: (options.env ?? baseEnv()) as NodeJS.ProcessEnv, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : 128), stdout, stderr, output });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    options.onSpawn?.(child, () => output);
  });
}

export interface TtyStep {
  when: string;
  send: string;
}

/** Runs the CLI inside a pseudo-terminal (stdin, stdout and stderr are a TTY). */
export async function runCliTty(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; steps?: TtyStep[]; timeout?: number; columns?: number } = {},
): Promise<RunResult> {
  const cli = await cliPath();
  const timeout = options.timeout ?? 60_000;
  const script = JSON.stringify({ timeout: timeout / 1000, columns: options.columns ?? 120, steps: options.steps ?? [] });
  return new Promise((resolve) => {
    const child = spawn('python3', [join(root, 'test', 'cli', 'pty-run.py'), script, '--', process.execPath, cli, ...args], {
      env: { ...(options.env ?? baseEnv()), TERM: 'xterm-256color' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout + 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 137, stdout, stderr, output: stdout });
    });
  });
}

/** A simulated pair for CLI tests: fast, no rate limit (every CLI run logs in anew). */
export function startPair(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ timeScale: 0.02, rateLimit: false, ...options });
}

/** The environment that points the CLI at the pair's VIP with its admin API key. */
export function pairEnv(sim: Simulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return baseEnv({
    TRUENAS_URL: sim.vip.ws,
    TRUENAS_USERNAME: sim.credentials.username,
    TRUENAS_API_KEY: sim.credentials.apiKey,
    ...extra,
  });
}

/** Polls `condition` until it holds (bounded). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The published JSON Schema of `status --json`, as a zod validator. */
export function statusSchema(): z.ZodType {
  return z.fromJSONSchema(JSON.parse(readFileSync(join(root, 'docs', 'status-output.schema.json'), 'utf8')));
}

/** Escape sequences in text. */
export const ANSI_PATTERN = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`);

/** The secrets of a simulator that must never appear in CLI output: the keys, their material, the passwords. */
export function secretsOf(sim: Simulator): string[] {
  const c = sim.credentials;
  return [c.apiKey, c.apiKey.split('-')[1]!, c.password, c.readonly.apiKey, c.readonly.password, c.otp.password, c.otp.secret];
}
