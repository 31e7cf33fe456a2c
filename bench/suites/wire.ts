/**
 * The WebSocket call path against the bare client (bench/raw-client.ts) on the same simulator:
 * added latency of one sequential call, throughput with 20 in flight, the simulator's own
 * capacity, and the heap over a long run of calls.
 */
import type { Client } from '../../src/index.js';
import type { Clients, Suite } from '../lib/context.js';
import { kib, round } from '../lib/report.js';
import type { SimInfo } from '../lib/sim.js';
import { heapUsed, interleaved, lanesPerSecond, median, percentile } from '../measure.js';
import { RawRpc } from '../raw-client.js';

const SIMULATOR_FLOOR = 20_000;
const MODES = ['off', 'args', 'all'] as const;

export async function wireSuite(s: Suite, info: SimInfo, clients: Clients): Promise<void> {
  const url = `${info.vip.ws}/api/${info.apiVersion}`;
  const raw = await RawRpc.open(url);
  await raw.loginPassword(info.credentials.username, info.credentials.password);
  const byMode = Object.fromEntries(MODES.map((m) => [m, clients.make({ validate: m })])) as Record<(typeof MODES)[number], Client>;
  for (const m of MODES) await byMode[m].connect();
  try {
    await latency(s, raw, byMode);
    await throughput(s, raw, byMode.args);
    await simulatorCapacity(s, url);
    await heapOverCalls(s, raw, byMode.args);
  } finally {
    raw.close();
  }
}

/** One sequential call at a time, each call timed; the contenders take turns call by call. */
async function latency(s: Suite, raw: RawRpc, byMode: Record<string, Client>): Promise<void> {
  const contenders: Record<string, () => Promise<unknown>> = { raw: () => raw.call('failover.config') };
  for (const [m, c] of Object.entries(byMode)) contenders[m] = () => c.failover.config();
  const names = Object.keys(contenders);
  const warmup = s.size(100, 2_000);
  for (const name of names) for (let i = 0; i < warmup; i++) await contenders[name]!();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const count = s.size(200, 5_000);
  for (let i = 0; i < count; i++) {
    for (const name of names) {
      const t = process.hrtime.bigint();
      await contenders[name]!();
      times[name]!.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  const rawP50 = median(times.raw!);
  const out: Record<string, unknown> = {
    method: 'failover.config',
    calls: count,
    raw: { p50Us: round(rawP50), p90Us: round(percentile(times.raw!, 90)) },
  };
  s.report.row('one sequential call (failover.config), p50', 'bare ws client', `${round(rawP50)} µs`, '1.00');
  for (const m of MODES) {
    const p50 = median(times[m]!);
    const added = p50 - rawP50;
    out[m] = { p50Us: round(p50), p90Us: round(percentile(times[m]!, 90)), addedUs: round(added) };
    const goal = m === 'args' ? s.report.goal('added latency', added <= 5, '≤ +5 µs') : '';
    s.report.row('', `client, validate '${m}'`, `${round(p50)} µs (+${round(added)} µs)`, (p50 / rawP50).toFixed(2), goal);
  }
  s.report.results.latency = out;
}

/** Calls/s with 20 in flight (20 lanes each awaiting its call), interleaved rounds; and 1,000 calls made at once. */
async function throughput(s: Suite, raw: RawRpc, client: Client): Promise<void> {
  const count = s.size(500, 20_000);
  const rounds = s.size(1, 5);
  await lanesPerSecond(count / 2, 20, () => raw.call('failover.config'));
  await lanesPerSecond(count / 2, 20, () => client.failover.config());
  const rates = await interleaved(rounds, {
    raw: () => lanesPerSecond(count, 20, () => raw.call('failover.config')),
    client: () => lanesPerSecond(count, 20, () => client.failover.config()),
  });
  const rawRate = median(rates.raw);
  const clientRate = median(rates.client);
  const ratio = clientRate / rawRate;
  // The client also queues what is past the 20 on the wire: 1,000 calls made at once. A round is
  // short (about 25 ms), so both warm up first and the median is over three times as many rounds.
  const burstRound = {
    raw: () => lanesPerSecond(1_000, 20, () => raw.call('failover.config')),
    client: async () => {
      const t = performance.now();
      await Promise.all(Array.from({ length: 1_000 }, () => client.failover.config()));
      return 1_000_000 / (performance.now() - t);
    },
  };
  await interleaved(rounds, burstRound);
  const burst = await interleaved(rounds * 3, burstRound);
  s.report.results.throughput = {
    calls: count,
    rounds,
    inFlight: 20,
    rawCallsPerSecond: Math.round(rawRate),
    clientCallsPerSecond: Math.round(clientRate),
    ratio: round(ratio, 3),
    burstOf1000: { rawCallsPerSecond: Math.round(median(burst.raw)), clientCallsPerSecond: Math.round(median(burst.client)) },
  };
  s.report.row('throughput, 20 in flight (failover.config)', 'bare ws client', `${Math.round(rawRate)} calls/s`, '1.00');
  s.report.row(
    '',
    "client, validate 'args'",
    `${Math.round(clientRate)} calls/s`,
    ratio.toFixed(2),
    s.report.goal('throughput', ratio >= 0.95, '≥ 0.95'),
  );
  s.report.row(
    '',
    'client, 1,000 at once (queued past 20)',
    `${Math.round(median(burst.client))} calls/s`,
    (median(burst.client) / median(burst.raw)).toFixed(2),
  );
}

/** `core.ping` from 4 bare connections with 20 in flight each: the simulator must not be what limits the rows above. */
async function simulatorCapacity(s: Suite, url: string): Promise<void> {
  const lanes = await Promise.all(Array.from({ length: 4 }, () => RawRpc.open(url)));
  const each = s.size(500, 10_000);
  await Promise.all(lanes.map((l) => lanesPerSecond(500, 20, () => l.call('core.ping'))));
  const rates: number[] = [];
  for (let r = 0; r < s.size(1, 3); r++) {
    const t = performance.now();
    await Promise.all(lanes.map((l) => lanesPerSecond(each, 20, () => l.call('core.ping'))));
    rates.push((4 * each * 1000) / (performance.now() - t));
  }
  for (const l of lanes) l.close();
  const rate = Math.round(median(rates));
  const met = s.quick || rate >= SIMULATOR_FLOOR;
  s.report.results.simulator = { method: 'core.ping', connections: 4, inFlightEach: 20, callsPerSecond: rate, floor: SIMULATOR_FLOOR };
  s.report.row(
    'simulator capacity',
    'core.ping, 4 × 20 in flight',
    `${rate} calls/s`,
    '',
    s.report.goal('simulator capacity', met, `≥ ${SIMULATOR_FLOOR}`),
  );
}

/**
 * 1,000,000 calls (20 in flight) in blocks of 100,000, the heap measured after a forced GC at the
 * end of each block: it must not grow from the 2nd block to the 10th (the trend of those nine).
 * The bare client runs the same calls, so that what the runtime itself keeps (code, inline
 * caches) is seen for what it is.
 */
async function heapOverCalls(s: Suite, raw: RawRpc, client: Client): Promise<void> {
  const block = s.size(500, 100_000);
  const series = async (call: () => Promise<unknown>) => {
    const heap: number[] = [];
    for (let b = 0; b < 10; b++) {
      await lanesPerSecond(block, 20, call);
      heap.push(await heapUsed());
    }
    return heap;
  };
  const rawHeap = await series(() => raw.call('failover.config'));
  const clientHeap = await series(() => client.failover.config());
  // Growth from block 2 to block 10 along the least-squares line through those 9 points: two
  // single readings differ by ±150 KiB from one GC to the next, the trend of nine does not.
  const growth = (h: number[]) => {
    const ys = h.slice(1);
    const mx = (ys.length - 1) / 2;
    const my = ys.reduce((a, y) => a + y, 0) / ys.length;
    const slope = ys.reduce((a, y, x) => a + (x - mx) * (y - my), 0) / ys.reduce((a, _, x) => a + (x - mx) ** 2, 0);
    return Math.round(slope * (ys.length - 1));
  };
  const extra = growth(clientHeap) - Math.max(0, growth(rawHeap));
  // Flat: what the client adds over the bare client's own drift stays within 64 KiB (GC noise).
  const flat = extra <= 64 * 1024;
  s.report.results.heapOverCalls = {
    calls: block * 10,
    block,
    rawHeapBytes: rawHeap,
    clientHeapBytes: clientHeap,
    rawGrowthBytes: growth(rawHeap),
    clientGrowthBytes: growth(clientHeap),
    flat,
  };
  const label = `heap over ${(block * 10).toLocaleString('en')} calls, block 2 → 10`;
  s.report.row(label, 'bare ws client', `${kib(growth(rawHeap))} (trend)`);
  s.report.row(
    '',
    "client, validate 'args'",
    `${kib(growth(clientHeap))} (trend)`,
    '',
    s.report.goal('heap flat', flat, 'flat (≤ bare + 64 KiB)'),
  );
}
