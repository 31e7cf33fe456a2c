/**
 * `npm run bench -- fleet`: one exporter process watching 200 simulated pairs. Measures a scrape of
 * /metrics (target: under 200 ms) and the exporter's heap after GC (target: under 100 MB), against
 * baselines in the same run: a bare prom-client registry holding the same number of series, and
 * the process's heap before the watches start. The 200 pairs run in a child process (this file
 * with `--simulators N`), so their work and memory are not counted as the exporter's. Loopback only,
 * every wait bounded. Prints a table and writes bench/results/fleet.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Gauge, Registry } from 'prom-client';
import { type ExporterPair, startExporter } from '../src/monitoring/exporter.js';
import { type Simulator, startSimulator } from '../src/simulator.js';
import { heapUsed, medianMs } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const PAIRS = 200;
const SCRAPE_TARGET_MS = 200;
const HEAP_TARGET_MB = 100;

interface PairInfo {
  ws: string;
  username: string;
  apiKey: string;
}

/** Child mode: start N simulated pairs, print their VIPs and keys as one JSON line, stop when stdin closes. */
async function hostSimulators(count: number): Promise<void> {
  const sims: Simulator[] = [];
  // In this process's own thread: it never blocks, and 200 pairs need no copy of the modules in a worker.
  for (let i = 0; i < count; i++)
    sims.push(await startSimulator({ rateLimit: false, seed: `fleet-${i}`, timeScale: 0.02, inProcess: true }));
  const info: PairInfo[] = sims.map((s) => ({ ws: s.vip.ws, username: s.credentials.username, apiKey: s.credentials.apiKey }));
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void Promise.all(sims.map((s) => s.stop())).then(() => process.exit(0)));
}

async function startSimulators(count: number): Promise<{ pairs: PairInfo[]; child: ChildProcess }> {
  const tsx = resolve(here, '../node_modules/.bin/tsx');
  const child = spawn(tsx, [fileURLToPath(import.meta.url), '--simulators', String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const pairs = await new Promise<PairInfo[]>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${count} simulated pairs did not start within 180 s`)), 180_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      ok(JSON.parse(line) as PairInfo[]);
    });
    child.once('exit', (code) => fail(new Error(`the simulator process exited (${code})`)));
  });
  return { pairs, child };
}

/** The baseline: prom-client alone rendering a registry with `series` static series. */
async function bareRegistryMs(series: number): Promise<number> {
  const registry = new Registry();
  const gauge = new Gauge({ name: 'bare_series', help: 'baseline', labelNames: ['pair', 'node', 'status'], registers: [registry] });
  for (let i = 0; i < series; i++) gauge.set({ pair: `nas${i % PAIRS}`, node: i % 2 ? 'A' : 'B', status: String(i) }, 1);
  await registry.metrics();
  return medianMs(11, () => registry.metrics());
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

export async function runFleetBench(): Promise<void> {
  log(`starting ${PAIRS} simulated pairs in a child process…`);
  const { pairs: infos, child } = await startSimulators(PAIRS);
  const heapBefore = await heapUsed();
  const pairs: ExporterPair[] = infos.map((p, i) => ({
    name: `nas${String(i + 1).padStart(3, '0')}`,
    connection: { url: p.ws, auth: { username: p.username, apiKey: p.apiKey }, env: false },
  }));
  const started = performance.now();
  const exporter = await startExporter({ pairs, listen: { host: '127.0.0.1', port: 0 }, interval: 15_000 });
  try {
    log('waiting for every pair to be read…');
    const deadline = Date.now() + 180_000;
    while (exporter.watches.some((w) => !w.state.up)) {
      if (Date.now() > deadline) throw new Error(`${exporter.watches.filter((w) => !w.state.up).length} pairs still not up after 180 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const allUpMs = performance.now() - started;
    const scrape = async () => {
      const text = await (await fetch(`${exporter.url}/metrics`)).text();
      if (!text.includes('truenas_failover_up{pair="nas200"} 1')) throw new Error('a scrape lacks nas200');
      return text;
    };
    const text = await scrape();
    const series = text.split('\n').filter((l) => l.startsWith('truenas_failover_')).length;
    // Scrapes spread over 15 s (one read interval), as Prometheus would meet the exporter: some land
    // while pairs are being read.
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      times.push(await medianMs(1, scrape));
      await new Promise((r) => setTimeout(r, 500));
    }
    times.sort((a, b) => a - b);
    const scrapeMs = times[Math.floor(times.length / 2)]!;
    const worstMs = times.at(-1)!;
    const bareMs = await bareRegistryMs(series);
    const heapAfter = await heapUsed();
    const exporterMb = (heapAfter - heapBefore) / 2 ** 20;
    const totalMb = heapAfter / 2 ** 20;
    const results = {
      pairs: PAIRS,
      seriesPerScrape: series,
      allPairsUpMs: Math.round(allUpMs),
      scrape: {
        medianMs: round(scrapeMs),
        worstOf30Ms: round(worstMs),
        bareRegistryMs: round(bareMs),
        ratio: round(scrapeMs / bareMs, 2),
        targetMs: SCRAPE_TARGET_MS,
      },
      heap: { beforeMb: round(heapBefore / 2 ** 20), exporterMb: round(exporterMb), totalMb: round(totalMb), targetMb: HEAP_TARGET_MB },
      meetsTargets: scrapeMs < SCRAPE_TARGET_MS && totalMb < HEAP_TARGET_MB,
    };
    const rows: [string, string, string, string][] = [
      [`scrape of /metrics (${series} series)`, `bare prom-client, ${series} static series`, `${round(bareMs)} ms`, '1.00'],
      ['', `exporter, ${PAIRS} pairs (median of 30 over 15 s)`, `${round(scrapeMs)} ms`, (scrapeMs / bareMs).toFixed(2)],
      ['', 'exporter, slowest of those 30', `${round(worstMs)} ms`, (worstMs / bareMs).toFixed(2)],
      ['', 'target', `< ${SCRAPE_TARGET_MS} ms`, scrapeMs < SCRAPE_TARGET_MS ? '✓' : '✗'],
      ['heap after GC', 'process before the watches', `${round(heapBefore / 2 ** 20)} MB`, '1.00'],
      ['', `whole process, ${PAIRS} pairs watched`, `${round(totalMb)} MB`, (heapAfter / heapBefore).toFixed(2)],
      ['', 'of which the exporter', `${round(exporterMb)} MB (${round((exporterMb * 1024) / PAIRS)} KiB/pair)`, ''],
      ['', 'target (whole process)', `< ${HEAP_TARGET_MB} MB`, totalMb < HEAP_TARGET_MB ? '✓' : '✗'],
      ['all pairs read after start', '', `${round(allUpMs / 1000)} s`, ''],
    ];
    const widths = [0, 1, 2, 3].map((i) =>
      Math.max(...rows.map((r) => r[i]!.length), ['benchmark', 'contender', 'result', 'ratio'][i]!.length),
    );
    const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
    console.log(line(['benchmark', 'contender', 'result', 'ratio']));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
    const file = resolve(here, 'results/fleet.json');
    await mkdir(dirname(file), { recursive: true });
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      results,
    };
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log('\nwritten: bench/results/fleet.json');
    if (!results.meetsTargets) process.exitCode = 1;
  } finally {
    await exporter.close();
    child.stdin?.end();
    await new Promise((r) => child.once('exit', r));
  }
}

const direct = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (direct && process.argv[2] === '--simulators') await hostSimulators(Number(process.argv[3]));
else if (direct) await runFleetBench();
