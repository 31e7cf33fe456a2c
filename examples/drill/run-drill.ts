/**
 * The failover drill: one client shared by many workers issuing reads and writes without pause,
 * with event subscriptions and an upgrade job running, while the simulated pair goes through
 * failovers of every kind it can inject. It counts what a user would worry about: calls that never
 * settle, writes that reached the server twice, reads that were not answered, events missed after
 * a reconnect, jobs that vanished without an error.
 *
 * Replays are counted at the server's door: the client talks to the pair through wire taps
 * (wire-tap.ts) that see every request arriving, and every write carries a value of its own
 * (`failover.update({ timeout: -n })`; TrueNAS before 26 accepts any integer and treats ≤ 2 as the
 * default, so failover timing is unaffected). A value seen twice is a replayed write.
 */
import { type ApiVersion, createClient, type Job, OutcomeUnknownError, TrueNasError } from '../../src/index.js';
import { type NodeLetter, type Simulator, startSimulator } from '../../src/simulator.js';
import { FAILOVER_KINDS, type FailoverKind, injectFailover, pollUntil } from './failovers.js';
import { countReplays, type WriteOutcome } from './replays.js';
import { UpgradeJobs } from './upgrade-jobs.js';
import { WireTap } from './wire-tap.js';

export interface DrillOptions {
  /** Concurrent workers sharing one client (default 64). */
  workers?: number;
  /** Failovers, cycling through every kind (default 10; with `durationMs`, at most this many). */
  failovers?: number;
  /** Keep failing over until this long has passed since the start, ms (the soak). */
  durationMs?: number;
  /** The kinds to cycle through (default FAILOVER_KINDS). */
  kinds?: readonly FailoverKind[];
  /** Called after each failover once the pair is ready again (the soak samples memory and handles there). */
  afterFailover?: (record: FailoverRecord, progress: DrillProgress) => void | Promise<void>;
  /** Simulator time scale (default 0.02: a promotion takes about 40 ms, a reboot 1.2 s). */
  timeScale?: number;
  /** API version of the pair (default v25.10.2; the write-identity trick needs a version without a bound on `timeout`). */
  apiVersion?: ApiVersion;
  seed?: string | number;
  /** Pause of a worker between two calls, ms (default 5). */
  pauseMs?: number;
  /** One call in this many is a write (default 6). */
  writeEvery?: number;
  /** How long calls and jobs get to settle after the last failover, ms (default 30 000). */
  settleMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Where the drill stands when `afterFailover` is called. */
export interface DrillProgress {
  /** Writes issued so far. */
  writesIssued: number;
  /** Workers sleeping between two calls at this instant: each holds a timer of its own. */
  workersPausing: number;
}

export interface FailoverRecord {
  index: number;
  kind: FailoverKind;
  from: NodeLetter;
  to: NodeLetter;
  /** Server side: the VIP had no holder for this long, ms. */
  vipGapMs: number | null;
  /** From the injection until the client was ready on the new active controller, ms. */
  clientBackMs: number | null;
  /** Events pushed by the new active controller reached the listeners after the reconnect. */
  eventsResumed: boolean;
  /** Once the pair settled, the last values delivered equalled the server's. */
  caughtUp: boolean;
}

export interface DrillReport {
  config: { workers: number; failovers: number; apiVersion: string; timeScale: number };
  durationMs: number;
  calls: {
    issued: number;
    resolved: number;
    rejectedTyped: number;
    rejectedUntyped: number;
    unsettled: number;
    errors: Record<string, number>;
  };
  reads: { issued: number; answered: number; rejected: number };
  writes: {
    issued: number;
    resolved: number;
    outcomeUnknown: number;
    otherRejected: number;
    /** Write requests that arrived at the server (through the taps). */
    seenAtServer: number;
    /** Writes whose request arrived more than once. */
    replayed: number;
    /** Answered writes the taps never saw (would mean the replay count is blind): must be 0. */
    answeredButUnseen: number;
  };
  events: { delivered: number; caughtUpDeliveries: number; missedAfterReconnect: number; failoversWithoutResumedDelivery: number };
  jobs: {
    started: number;
    succeeded: number;
    failed: number;
    lost: number;
    otherTyped: number;
    untyped: number;
    silentlyLost: number;
    outcomeMismatches: number;
  };
  failovers: FailoverRecord[];
  clientFailoverEvents: number;
}

const READS = [
  'failover.status',
  'failover.config',
  'failover.node',
  'failover.disabled.reasons',
  'failover.reboot.info',
  'failover.licensed',
  'failover.get_ips',
] as const;

const WRITE_METHODS = new Set([
  'failover.update',
  'failover.become_passive',
  'failover.sync_to_peer',
  'failover.sync_from_peer',
  'failover.upgrade',
]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const other = (node: NodeLetter): NodeLetter => (node === 'A' ? 'B' : 'A');
const sortedKey = (list: readonly string[] | undefined) => JSON.stringify([...(list ?? [])].sort());

/** The pair can take a failover: both controllers up and ready, heartbeat up, one active holding the VIP. */
function pairReady(sim: Simulator): boolean {
  const s = sim.state();
  const holder = s.vip.holder;
  if (!holder || s.heartbeat !== 'up' || !s.nodes.B) return false;
  const active = s.nodes[holder]!;
  const standby = s.nodes[other(holder)]!;
  return active.status === 'MASTER' && active.ready && standby.ready && standby.status === 'BACKUP' && !standby.hung && !active.hung;
}

export async function runDrill(options: DrillOptions = {}): Promise<DrillReport> {
  const workers = options.workers ?? 64;
  const failoverCount = options.failovers ?? (options.durationMs === undefined ? 10 : Number.POSITIVE_INFINITY);
  const kinds = options.kinds ?? FAILOVER_KINDS;
  const timeScale = options.timeScale ?? 0.02;
  const apiVersion = options.apiVersion ?? 'v25.10.2';
  // From 26.0 `timeout` is bounded (0–120): the writes could no longer carry a value of their own.
  if (!apiVersion.startsWith('v25.'))
    throw new TypeError(`runDrill: apiVersion must be a 25.x version (got ${apiVersion}); see run-drill.ts`);
  const pauseMs = options.pauseMs ?? 5;
  const writeEvery = options.writeEvery ?? 6;
  const settleMs = options.settleMs ?? 30_000;
  const log = options.log ?? (() => {});
  const started = Date.now();

  // Logins are not rate limited here: the drill packs into seconds what real pairs spread over hours.
  const sim = await startSimulator({ apiVersion, timeScale, seed: options.seed ?? 'drill', rateLimit: false, unixSockets: true });
  const isWrite = (method: string) => WRITE_METHODS.has(method);
  const taps = [
    new WireTap(Number(new URL(sim.vip.ws).port), isWrite),
    new WireTap(Number(new URL(sim.a.ws).port), isWrite),
    new WireTap(Number(new URL(sim.b.ws).port), isWrite),
  ];
  await Promise.all(taps.map((t) => t.listen()));
  const [vipTap, aTap, bTap] = taps as [WireTap, WireTap, WireTap];

  const vipChanges: { holder: NodeLetter | null; at: number }[] = [];
  const offVip = sim.on('vip', ({ holder }) => vipChanges.push({ holder, at: Date.now() }));

  const client = createClient({
    urls: { vip: vipTap.url, a: aTap.url, b: bTap.url },
    auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey },
    apiVersion,
    env: false,
    timeout: 30_000,
    reconnect: { initialDelay: 25, maxDelay: 500 },
    keepAlive: { interval: 1_000, timeout: 2_000 },
    rateLimit: { limit: 10_000, windowMs: 60_000 },
  });

  // ---- events ----
  let epoch = 0;
  let clientFailoverEvents = 0;
  client.on('connected', () => epoch++);
  client.on('failover', () => clientFailoverEvents++);
  const events = { delivered: 0, caughtUp: 0 };
  const pushedInEpoch = new Map<number, number>();
  let lastStatus: string | undefined;
  let lastReasons: string[] | undefined;
  const onEvent = (caughtUp: boolean) => {
    events.delivered++;
    if (caughtUp) events.caughtUp++;
    else pushedInEpoch.set(epoch, (pushedInEpoch.get(epoch) ?? 0) + 1);
  };
  await client.subscribe('failover.status', (fields, message) => {
    lastStatus = fields.status;
    onEvent(message.caughtUp);
  });
  await client.subscribe('failover.disabled.reasons', (fields, message) => {
    lastReasons = fields.disabled_reasons;
    onEvent(message.caughtUp);
  });
  [lastStatus, lastReasons] = await Promise.all([client.failover.status(), client.failover.disabled.reasons()]);

  // ---- workers ----
  const calls = { issued: 0, resolved: 0, rejectedTyped: 0, rejectedUntyped: 0 };
  const errors: Record<string, number> = {};
  const reads = { issued: 0, answered: 0, rejected: 0 };
  const writes = { issued: 0, resolved: 0, outcomeUnknown: 0, otherRejected: 0 };
  /** Each write's value and whether it is known to have reached the server (answered). */
  const writeOutcomes = new Map<number, WriteOutcome>();
  const pending = new Set<number>();
  let callSeq = 0;
  let writeSeq = 0;
  let running = true;
  let pausing = 0;

  const classify = (error: unknown) => {
    const name = error instanceof TrueNasError ? error.name : `untyped ${error instanceof Error ? error.name : typeof error}`;
    errors[name] = (errors[name] ?? 0) + 1;
    if (error instanceof TrueNasError) calls.rejectedTyped++;
    else calls.rejectedUntyped++;
  };

  const worker = async (n: number) => {
    for (let i = 0; running; i++) {
      const token = ++callSeq;
      pending.add(token);
      calls.issued++;
      const write = (i + n) % writeEvery === 0;
      try {
        if (write) {
          const value = -++writeSeq;
          writes.issued++;
          writeOutcomes.set(value, 'pending');
          try {
            await client.failover.update({ timeout: value });
            writeOutcomes.set(value, 'answered');
            writes.resolved++;
          } catch (error) {
            if (error instanceof OutcomeUnknownError) {
              writes.outcomeUnknown++;
              writeOutcomes.set(value, 'unknown');
            } else {
              writes.otherRejected++;
              const sent = (error as { sent?: boolean }).sent;
              writeOutcomes.set(value, sent === false ? 'not-sent' : 'answered');
            }
            throw error;
          }
        } else {
          reads.issued++;
          try {
            await client.call(READS[i % READS.length]!);
            reads.answered++;
          } catch (error) {
            reads.rejected++;
            throw error;
          }
        }
        calls.resolved++;
      } catch (error) {
        classify(error);
      } finally {
        pending.delete(token);
      }
      pausing++;
      await sleep(pauseMs).finally(() => pausing--);
    }
  };
  const workerRuns = Array.from({ length: workers }, (_, n) => worker(n));

  // ---- upgrade jobs: one running through each failover ----
  const upgrades = new UpgradeJobs(() => client.failover.upgrade() as Job<unknown>, sim);

  // ---- failovers ----
  const failovers: FailoverRecord[] = [];
  let missedAfterReconnect = 0;
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs;
  for (let index = 1; index <= failoverCount && Date.now() < deadline; index++) {
    const kind = kinds[(index - 1) % kinds.length]!;
    if (!(await pollUntil(() => pairReady(sim), 60_000))) throw new Error(`failover ${index}: the pair did not become ready`);
    const from = sim.state().vip.holder!;
    const to = other(from);
    // An upgrade job runs on the active controller when it goes away.
    const job = upgrades.start();
    await pollUntil(() => job.id !== undefined || job.state !== 'STARTING', 5_000);
    await pollUntil(() => job.state !== 'STARTING' && job.state !== 'WAITING', 2_000);
    const vipMark = vipChanges.length;
    const injected = Date.now();
    log(`failover ${index}${Number.isFinite(failoverCount) ? `/${failoverCount}` : ''}: ${kind}, node ${from} → node ${to}`);
    const undo = await injectFailover(sim, kind, from);
    const moved = await pollUntil(() => sim.state().vip.holder === to, 30_000);
    const back = await pollUntil(() => client.state === 'ready' && client.controller?.node === to, 30_000);
    const clientBackMs = back ? Date.now() - injected : null;
    const epochOnNewMaster = epoch;
    await undo();
    await pollUntil(() => pairReady(sim), 60_000);
    const gapStart = vipChanges.slice(vipMark).find((c) => c.holder === null)?.at;
    const gapEnd = vipChanges.slice(vipMark).find((c) => c.holder === to)?.at;
    const eventsResumed = await pollUntil(() => [...pushedInEpoch].some(([e, count]) => e >= epochOnNewMaster && count > 0), 10_000);
    // Once quiet, what the listeners saw last must be what the active controller reports.
    const caughtUp = await pollUntil(() => {
      const node = sim.state().nodes[sim.state().vip.holder ?? to];
      return node !== undefined && lastStatus === node.status && sortedKey(lastReasons) === sortedKey(node.disabledReasons);
    }, 10_000);
    if (!caughtUp) missedAfterReconnect++;
    const record: FailoverRecord = {
      index,
      kind,
      from,
      to,
      vipGapMs: moved && gapStart !== undefined && gapEnd !== undefined ? gapEnd - gapStart : null,
      clientBackMs,
      eventsResumed,
      caughtUp,
    };
    failovers.push(record);
    await options.afterFailover?.(record, { writesIssued: writes.issued, workersPausing: pausing });
  }

  // ---- wind down: every call and job must settle ----
  running = false;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all([...workerRuns, upgrades.settled()]), new Promise((r) => (settleTimer = setTimeout(r, settleMs)))]);
  clearTimeout(settleTimer);
  const unsettled = pending.size;
  const silentlyLost = upgrades.pending.size;
  await client.close();
  upgrades.stop();
  offVip();

  // ---- what reached the server ----
  const replays = countReplays(taps, writeOutcomes);
  await Promise.all(taps.map((t) => t.close()));
  await sim.stop();

  return {
    config: { workers, failovers: Number.isFinite(failoverCount) ? failoverCount : failovers.length, apiVersion, timeScale },
    durationMs: Date.now() - started,
    calls: { ...calls, unsettled, errors },
    reads,
    writes: { ...writes, ...replays },
    events: {
      delivered: events.delivered,
      caughtUpDeliveries: events.caughtUp,
      missedAfterReconnect,
      failoversWithoutResumedDelivery: failovers.filter((f) => !f.eventsResumed).length,
    },
    jobs: { ...upgrades.tally, silentlyLost },
    failovers,
    clientFailoverEvents,
  };
}
