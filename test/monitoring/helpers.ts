/**
 * Shared by the monitoring tests: simulated pairs, free loopback ports, HTTP reads of the exporter,
 * the CLI built with the package's browser build next to it (as dist/ holds them), and external
 * tools (prometheus, promtool) found on PATH or reported missing in one clear line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { cliPath } from '../cli/helpers.js';

export { baseEnv, cliPath, pairEnv, runCli, secretsOf, startPair, until } from '../cli/helpers.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A loopback port nobody listens on, for a pair that cannot be reached or a server the test starts
 * there. It is taken below Linux's ephemeral range (32768–60999), where no other test's `listen(0)`
 * or outgoing connection can land on it between this check and its use; a few tries at most.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
    if (attempt === 20) throw new Error('no free loopback port below the ephemeral range after 20 tries');
  }
}

/** The exporter's answer to GET path, or '' when it does not answer. */
export async function get(base: string, path: string): Promise<string> {
  try {
    return await (await fetch(`${base}${path}`)).text();
  } catch {
    return '';
  }
}

/** The value of one series in Prometheus text format, or undefined when absent. */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.indexOf('}');
    const found = Object.fromEntries([...line.slice(name.length + 1, close).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(close + 1).trim());
  }
  return undefined;
}

/** A temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fleet file for `pairs` (name → simulator, or a dead address), with the keys in files (mode 600). */
export function writeFleet(dir: string, pairs: Record<string, Simulator | string>, extra = ''): string {
  const lines = ['interval: 1', 'pairs:'];
  for (const [name, pair] of Object.entries(pairs)) {
    const key = join(dir, `${name}.key`);
    writeFileSync(key, typeof pair === 'string' ? '1-deadpairkey' : pair.credentials.apiKey, { mode: 0o600 });
    const url = typeof pair === 'string' ? pair : pair.vip.ws;
    const username = typeof pair === 'string' ? 'nobody' : pair.credentials.username;
    lines.push(`  - name: ${name}`, `    url: ${url}`, `    username: ${username}`, `    apiKeyFile: ${name}.key`);
    // A dead address fails its reads after 2 s instead of the default 10.
    if (typeof pair === 'string') lines.push('    timeout: 2');
  }
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, `${lines.join('\n')}\n${extra}`);
  return file;
}

let packaged: Promise<string> | undefined;
/**
 * The CLI built from the sources, with `index.mjs` (the package's browser build, as tsup makes
 * dist/index.mjs: the main entry, platform neutral, zod and ws external) next to it.
 */
export function cliWithBrowserBuild(): Promise<string> {
  packaged ??= (async () => {
    const cli = await cliPath();
    await build({
      entryPoints: [join(root, 'src', 'index.ts')],
      outfile: join(dirname(cli), 'index.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      external: ['ws', 'zod'],
      target: 'es2022',
      logLevel: 'silent',
    });
    return cli;
  })();
  return packaged;
}

/** The path of an external tool, or an Error saying how to install it (tests fail with it, never skip). */
export function tool(name: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} is not installed: this test needs Debian's ${debianPackage} package (apt-get install -y --no-install-recommends ${debianPackage}; .ci/run installs it)`,
    );
  }
}
