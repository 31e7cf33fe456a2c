/**
 * `npm run bench`: the client measured against a bare baseline in the same run (a minimal `ws`
 * JSON-RPC client, bench/raw-client.ts; a bare `fetch` loop; an empty module; an empty file; a
 * bare browser app), on simulators that run in their own processes. Every loop is bounded; all
 * traffic stays on loopback. Prints a table and writes bench/results/latest.json. Not part of
 * `npm test`: timings depend on the machine.
 *
 *   npm run bench                    every suite, full size (several minutes)
 *   npm run bench -- --quick         every suite, tiny counts: checks that each benchmark runs (CI)
 *   npm run bench -- wire memory     only these suites (wire, memory, scram, rest, failover, package)
 *   npm run bench -- fleet           the exporter watching 200 pairs (bench/fleet.ts)
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Clients, type Suite } from './lib/context.js';
import { log, Report } from './lib/report.js';
import { startSimProcess } from './lib/sim.js';
import { failoverSuite } from './suites/failover.js';
import { memorySuite } from './suites/memory.js';
import { packageSuite } from './suites/package.js';
import { restSuite } from './suites/rest.js';
import { scramSuite } from './suites/scram.js';
import { wireSuite } from './suites/wire.js';

const here = dirname(fileURLToPath(import.meta.url));
const SUITES = ['wire', 'memory', 'scram', 'rest', 'failover', 'package'] as const;
type SuiteName = (typeof SUITES)[number];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const asked = args.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((a) => !(SUITES as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}; known: ${SUITES.join(', ')}, fleet`);
  const chosen = new Set<SuiteName>(asked.length > 0 ? (asked as SuiteName[]) : SUITES);
  const report = new Report(quick);
  const suite: Suite = { report, quick, size: (small, full) => (quick ? small : full) };
  const started = performance.now();
  const timed = async (name: SuiteName, run: () => Promise<void>) => {
    if (!chosen.has(name)) return;
    log(`${name}…`);
    const t = performance.now();
    await run();
    log(`${name}: ${Math.round(performance.now() - t)} ms`);
  };

  if (chosen.has('wire') || chosen.has('memory') || chosen.has('scram')) {
    // Time scale 1: the upgrade job the memory suite follows stays running for minutes.
    const iterations = quick ? 50_000 : 500_000; // TrueNAS's default for new API keys is 500,000
    const sim = await startSimProcess({ timeScale: 1, scramIterations: iterations });
    const clients = new Clients(sim.info);
    try {
      await timed('wire', () => wireSuite(suite, sim.info, clients));
      await timed('memory', () => memorySuite(suite, sim.info, clients));
      await timed('scram', () => scramSuite(suite, sim.info, clients, iterations));
    } finally {
      await clients.closeAll();
      await sim.stop();
    }
  }
  await timed('rest', () => restSuite(suite));
  await timed('failover', () => failoverSuite(suite));
  await timed('package', () => packageSuite(suite));

  console.log(report.print());
  const out = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    seconds: Math.round((performance.now() - started) / 1000),
    goalsMissed: report.missed,
    results: report.results,
  };
  // A quick run only checks that everything runs: it does not replace the measured results.
  const name = quick ? 'quick.tmp.json' : asked.length > 0 ? `${[...chosen].join('-')}.tmp.json` : 'latest.json';
  const file = resolve(here, 'results', name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  // In the repository's formatting, so that the results stay lint-clean (the *.tmp.json files are
  // git-ignored, so biome skips them: not an error).
  execFileSync(resolve(here, '../node_modules/.bin/biome'), ['format', '--write', '--no-errors-on-unmatched', file], { stdio: 'ignore' });
  console.log(`\nwritten: bench/results/${name}${report.missed.length > 0 ? `; goals not met: ${report.missed.join(', ')}` : ''}`);
}

// `npm run bench -- fleet`: the exporter watching 200 simulated pairs (bench/fleet.ts) instead.
if (process.argv[2] === 'fleet') await (await import('./fleet.js')).runFleetBench();
else await main();
