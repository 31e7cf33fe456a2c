/**
 * `npm run bench`: the client measured against a bare baseline in the same run (a minimal raw `ws`
 * JSON-RPC client, bench/raw-client.ts) and the same simulator, which runs in its own process.
 * Every loop is bounded; all traffic stays on loopback. Prints a table and writes
 * bench/results/latest.json. Not part of `npm test`: timings depend on the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Client, createClient, type Job } from '../src/index.js';
import { heapDelta, medianMs, perCallUs } from './measure.js';
import { RawRpc } from './raw-client.js';
import { ResetProxy } from './reset-proxy.js';

interface SimInfo {
  vip: { ws: string };
  apiVersion: string;
  credentials: { username: string; password: string; apiKey: string };
}

const here = dirname(fileURLToPath(import.meta.url));
const SCRAM_ITERATIONS = 500_000; // TrueNAS's default for new API keys
const SIMULATOR_FLOOR = 20_000;

async function startSimProcess(options: Record<string, unknown>): Promise<{ info: SimInfo; child: ChildProcess }> {
  const tsx = resolve(here, '../node_modules/.bin/tsx');
  const child = spawn(tsx, [resolve(here, 'sim-process.ts'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<SimInfo>((resolveInfo, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulator process did not start within 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveInfo(JSON.parse(line) as SimInfo);
    });
    child.once('exit', (code) => reject(new Error(`the simulator process exited (${code})`)));
  });
  return { info, child };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  // timeScale 1: jobs started for the memory measurement stay running for minutes.
  const { info, child } = await startSimProcess({ timeScale: 1, scramIterations: SCRAM_ITERATIONS });
  const url = `${info.vip.ws}/api/${info.apiVersion}`;
  const { username, password, apiKey } = info.credentials;
  const clients: Client[] = [];
  const client = (options: Record<string, unknown> = {}) => {
    const c = createClient({ url: info.vip.ws, auth: { username, password }, env: false, keepAlive: false, ...options }) as Client;
    clients.push(c);
    return c;
  };
  const results: Record<string, unknown> = {};
  const table: [string, string, string, string][] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);

  try {
    // ---- 1. call overhead, sequential failover.config ----
    log('call overhead…');
    const raw = await RawRpc.open(url);
    await raw.loginPassword(username, password);
    const modes = ['off', 'args', 'all'] as const;
    const byMode = Object.fromEntries(await Promise.all(modes.map(async (m) => [m, client({ validate: m })] as const)));
    for (const m of modes) await byMode[m]!.connect();
    const samples: Record<string, number[]> = { raw: [], off: [], args: [], all: [] };
    // Interleaved rounds, so that drift of the machine hits every contender alike.
    for (let r = 0; r < 3; r++) {
      samples.raw!.push(await perCallUs(2_000, 200, () => raw.call('failover.config')));
      for (const m of modes) samples[m]!.push(await perCallUs(2_000, 200, () => byMode[m]!.failover.config()));
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const rawUs = median(samples.raw!);
    results.callOverhead = { method: 'failover.config', rawUs: round(rawUs) };
    table.push(['sequential call (failover.config)', 'raw ws baseline', `${round(rawUs)} µs/call`, '1.00']);
    for (const m of modes) {
      const us = median(samples[m]!);
      (results.callOverhead as Record<string, unknown>)[m] = { us: round(us), ratio: round(us / rawUs, 2) };
      table.push(['', `client, validate '${m}'`, `${round(us)} µs/call`, (us / rawUs).toFixed(2)]);
    }

    // ---- 2. 1,000 calls in Promise.all ----
    log('throughput…');
    const c = byMode.args!;
    const rawMs = await medianMs(5, () => raw.windowed(1_000, 20, 'failover.config'));
    const clientMs = await medianMs(5, () => Promise.all(Array.from({ length: 1_000 }, () => c.failover.config())));
    results.throughput = {
      calls: 1_000,
      rawMs: round(rawMs),
      rawCallsPerSecond: Math.round(1_000_000 / rawMs),
      clientMs: round(clientMs),
      clientCallsPerSecond: Math.round(1_000_000 / clientMs),
      ratio: round(clientMs / rawMs, 2),
    };
    table.push(['1,000 calls, Promise.all', 'raw ws, 20 in flight', `${Math.round(1_000_000 / rawMs)} calls/s`, '1.00']);
    table.push(['', "client, validate 'args'", `${Math.round(1_000_000 / clientMs)} calls/s`, (clientMs / rawMs).toFixed(2)]);

    // ---- 3. simulator capacity: simple calls from 4 raw connections, 20 in flight each ----
    log('simulator calls/s…');
    const lanes = await Promise.all(Array.from({ length: 4 }, () => RawRpc.open(url)));
    await Promise.all(lanes.map((l) => l.windowed(500, 20, 'core.ping')));
    const simMs = await medianMs(3, () => Promise.all(lanes.map((l) => l.windowed(10_000, 20, 'core.ping'))));
    const simRate = Math.round(40_000_000 / simMs);
    for (const l of lanes) l.close();
    results.simulator = {
      method: 'core.ping',
      connections: 4,
      inFlightEach: 20,
      callsPerSecond: simRate,
      floor: SIMULATOR_FLOOR,
      meetsFloor: simRate >= SIMULATOR_FLOOR,
    };
    table.push([
      'simulator, simple calls',
      'core.ping, 4 × 20 in flight',
      `${simRate} calls/s`,
      simRate >= SIMULATOR_FLOOR ? `≥ ${SIMULATOR_FLOOR} ✓` : `< ${SIMULATOR_FLOOR} ✗`,
    ]);

    // ---- 4. SCRAM login (API key, 500,000 PBKDF2 iterations) ----
    log('SCRAM logins…');
    const rawCold = await medianMs(3, async () => {
      const r = await RawRpc.open(url);
      await r.loginScram(username, apiKey);
      r.close();
    });
    const keyHolder = await RawRpc.open(url);
    const keys = await keyHolder.loginScram(username, apiKey);
    keyHolder.close();
    const rawWarm = await medianMs(5, async () => {
      const r = await RawRpc.open(url);
      await r.loginScram(username, apiKey, keys);
      r.close();
    });
    const clientCold = await medianMs(3, async () => {
      const fresh = createClient({ url: info.vip.ws, auth: { username, apiKey }, env: false, keepAlive: false });
      await fresh.connect();
      await fresh.close();
    });
    const proxy = new ResetProxy(Number(new URL(info.vip.ws).port));
    await proxy.listen();
    const relogging = client({
      url: proxy.url,
      auth: { username, apiKey },
      apiVersion: info.apiVersion,
      reconnect: { initialDelay: 1, jitter: 0 },
    });
    await relogging.connect();
    const clientWarm = await medianMs(5, async () => {
      const back = new Promise<void>((r) => relogging.once('connected', () => r()));
      proxy.dropAll();
      await back;
    });
    await proxy.close();
    results.scram = {
      iterations: SCRAM_ITERATIONS,
      rawColdMs: round(rawCold),
      rawPrecomputedMs: round(rawWarm),
      clientFirstLoginMs: round(clientCold),
      clientReloginWithCacheMs: round(clientWarm),
      firstLoginRatio: round(clientCold / rawCold, 2),
      reloginRatio: round(clientWarm / rawWarm, 2),
      cacheSpeedup: round(clientCold / clientWarm, 1),
    };
    table.push([
      `SCRAM login (${SCRAM_ITERATIONS.toLocaleString('en')} iterations)`,
      'raw, PBKDF2 each time',
      `${round(rawCold)} ms`,
      '1.00',
    ]);
    table.push(['', 'client, first login (connect)', `${round(clientCold)} ms`, (clientCold / rawCold).toFixed(2)]);
    table.push(['', 'raw, precomputed keys', `${round(rawWarm)} ms`, '1.00']);
    table.push(['', 'client, re-login from the cache', `${round(clientWarm)} ms`, (clientWarm / rawWarm).toFixed(2)]);

    // ---- 5. memory: 1,000 idle tracked jobs, 1,000 subscriptions ----
    log('memory…');
    const m = client();
    // Heap deltas are noisy (sockets, timers): the median of three rounds, each undone before the next.
    // Subscriptions first, while the client is quiet; then the jobs (whose events keep arriving).
    const medianBytes = async (build: () => Promise<{ bytes: number; undo: () => Promise<void> }>) => {
      const list: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { bytes, undo } = await build();
        list.push(bytes);
        await undo();
      }
      return median(list) / 10;
    };
    // 10,000 of each, reported per 1,000: a larger sample keeps the heap's noise small.
    const subscriptions = {
      bytes: await medianBytes(async () => {
        const { bytes, kept } = await heapDelta(async () =>
          Promise.all(Array.from({ length: 10_000 }, () => m.subscribe('failover.status', () => {}))),
        );
        return { bytes, undo: async () => void (await Promise.all(kept.map((s) => s.unsubscribe()))) };
      }),
    };
    const rawSubscriptions = {
      bytes: await medianBytes(async () => {
        const { bytes, kept } = await heapDelta(
          async () => new Set(Array.from({ length: 10_000 }, () => ({ event: 'failover.status', fn: () => {} }))),
        );
        return { bytes, undo: async () => kept.clear() };
      }),
    };
    const upgrade = m.failover.upgrade() as Job<unknown>;
    const targetId = await upgrade.started;
    const jobs = await heapDelta(async () => {
      const list = Array.from({ length: 1_000 }, () => m.core.job_wait(targetId) as Job<unknown>);
      await Promise.all(list.map((j) => j.started));
      for (const j of list) j.on('progress', () => {});
      // Let the tracker's first query of each job come back.
      await new Promise((r) => setTimeout(r, 1_000));
      return list;
    });
    const ids = jobs.kept.map((j) => j.id);
    const rawJobs = await heapDelta(async () => {
      const found = (await raw.call('core.get_jobs', [[['id', 'in', ids]]])) as { id: number }[];
      return new Map(found.map((j) => [j.id, j]));
    });
    results.memory = {
      jobsBytesPer1000: jobs.bytes,
      rawJobObjectsBytesPer1000: rawJobs.bytes,
      jobsRatio: round(jobs.bytes / Math.max(1, rawJobs.bytes), 2),
      subscriptionsBytesPer1000: subscriptions.bytes,
      rawListenersBytesPer1000: rawSubscriptions.bytes,
      subscriptionsRatio: round(subscriptions.bytes / Math.max(1, rawSubscriptions.bytes), 2),
    };
    const kb = (b: number) => `${round(b / 1024)} KiB`;
    table.push(['1,000 idle tracked jobs (heap)', 'raw: the 1,000 job objects in a Map', kb(rawJobs.bytes), '1.00']);
    table.push(['', 'client: Job handles, followed', kb(jobs.bytes), (jobs.bytes / Math.max(1, rawJobs.bytes)).toFixed(2)]);
    table.push(['1,000 subscriptions (heap)', 'raw: 1,000 listener records', kb(rawSubscriptions.bytes), '1.00']);
    table.push([
      '',
      "client: subscribe('failover.status')",
      kb(subscriptions.bytes),
      (subscriptions.bytes / Math.max(1, rawSubscriptions.bytes)).toFixed(2),
    ]);
    raw.close();
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    child.stdin?.end();
    await new Promise((r) => child.once('exit', r));
  }

  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...table.map((row) => row[i]!.length), ['benchmark', 'contender', 'result', 'ratio'][i]!.length),
  );
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(['benchmark', 'contender', 'result', 'ratio']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));

  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    apiVersion: info.apiVersion,
    results,
  };
  const file = resolve(here, 'results/latest.json');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwritten: bench/results/latest.json`);
  if (!(results.simulator as { meetsFloor: boolean }).meetsFloor) process.exitCode = 1;
}

// `npm run bench -- fleet`: the exporter watching 200 simulated pairs (bench/fleet.ts) instead.
if (process.argv[2] === 'fleet') await (await import('./fleet.js')).runFleetBench();
else await main();
