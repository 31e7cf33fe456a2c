/**
 * Whatever a server sends, the client neither crashes nor leaves a call unsettled. A scripted
 * server on loopback (hostile-server.ts) answers each call with generated frames first (text
 * that is not JSON, binary, JSON of any shape, answers with a wrong `jsonrpc`, answers and errors
 * for ids never used, notifications of any method, events for unknown collections, frames up to
 * 1 MiB) and then one ending: a result of any shape, an error of any shape, the answer twice, no
 * answer, or a dropped connection. Job updates arrive in any order. Every call must end as a
 * value or a typed error (`TrueNasError`), every frame that answers nothing must be logged, and
 * the client must still work afterwards. Many cases run over one connection.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CallError, type Client, createClient, TrueNasError, ValidationError } from '../../src/index.js';
import { HOSTILE_API_VERSION, HostileServer, type Request } from './hostile-server.js';
import { CASES_PER_KIND, runs, withSeed } from './settings.js';

interface Frame {
  data: string | Buffer;
  /** The client must log and ignore it: not JSON, not a JSON object, or an answer to no call. */
  ignored: boolean;
}

type Ending =
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'twice'; value: unknown }
  | { kind: 'wrong-jsonrpc'; jsonrpc: unknown; value: unknown }
  | { kind: 'none' }
  | { kind: 'drop' };

interface CallPlan {
  /** A read (retried after a drop) or a write (never replayed). */
  method: 'read' | 'write';
  before: Frame[];
  ending: Ending;
}

interface JobPlan {
  /** What the job method answers: a job id, or anything else. */
  idAnswer: { kind: 'id' } | { kind: 'other'; value: unknown };
  /** What the first read of the job by id answers: the job running, or anything else. */
  readAnswer: { kind: 'running' } | { kind: 'other'; value: unknown };
  /** Updates in any order (states and fields of any kind), then a well-formed final one. */
  updates: { state: string; fields: Record<string, unknown> }[];
  final: 'SUCCESS' | 'FAILED' | 'ABORTED';
}

interface Case {
  calls: CallPlan[];
  job: JobPlan | undefined;
  /** Frames pushed before the calls go out. */
  pushes: Frame[];
}

const JOB_METHOD = 'failover.upgrade';
/**
 * JSON objects whose text conversion throws (`String(v)`, `${v}`): a server may send them, and
 * random JSON finds them only rarely, so they are mixed in on purpose.
 */
const POISON: unknown[] = [{ toString: 1 }, { toString: {}, valueOf: {} }, { valueOf: null, toString: [] }];
const json = fc.oneof({ weight: 19, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(...POISON) });

/** Whether the client must log and ignore `text` as a frame (not JSON, or not an object). */
function notAnObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value !== 'object' || value === null || Array.isArray(value);
  } catch {
    return true;
  }
}

const textFrame = (data: string): Frame => ({ data, ignored: notAnObject(data) });
const jsonFrame = (value: unknown, ignored = false): Frame => ({ data: JSON.stringify(value), ignored });
// Ids the client never uses (it numbers its calls "1", "2", …).
const unusedId = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => `u${s}`),
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
);
const wrongJsonrpc = fc.oneof(fc.constant('1.0'), fc.constant(2), fc.constant(null), fc.string({ maxLength: 4 }));
const rpcError = fc.oneof(
  json,
  fc.record({
    code: fc.oneof(fc.constantFrom(-32000, -32001, -32601, -32602, -32603), fc.integer()),
    message: fc.oneof(fc.string(), json),
    data: fc.oneof(
      json,
      fc.record({
        error: fc.oneof(fc.integer(), json),
        errname: json,
        reason: json,
        trace: json,
        extra: fc.oneof(json, fc.array(fc.array(json))),
      }),
    ),
  }),
);

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 64 }).map(textFrame) },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 128 }).map((bytes) => {
      const data = Buffer.from(bytes);
      return { data, ignored: notAnObject(new TextDecoder().decode(data)) };
    }),
  },
  { weight: 3, arbitrary: json.map((v) => jsonFrame(v, notAnObject(JSON.stringify(v)))) },
  {
    weight: 3,
    arbitrary: fc
      .record({ id: unusedId, jsonrpc: fc.oneof(fc.constant('2.0'), wrongJsonrpc), result: json })
      .map((m) => jsonFrame(m, true)),
  },
  { weight: 2, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), id: unusedId, error: rpcError }).map((m) => jsonFrame(m, true)) },
  { weight: 1, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), error: rpcError }).map((m) => jsonFrame(m, true)) },
  { weight: 1, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), id: fc.constant(null), result: json }).map((m) => jsonFrame(m, true)) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        method: fc.oneof(fc.constantFrom('collection_update', 'notify_unsubscribed'), fc.string({ maxLength: 12 })),
        params: fc.oneof(json, fc.record({ collection: json, error: json })),
      })
      .map((m) => jsonFrame({ jsonrpc: '2.0', ...m })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        collection: fc.oneof(
          fc.constantFrom('failover.status', 'core.get_jobs', 'failover.disabled.reasons'),
          fc.string({ maxLength: 12 }),
          fc.constantFrom(...POISON),
        ),
        msg: fc.oneof(fc.constantFrom('added', 'changed', 'removed'), fc.string({ maxLength: 6 })),
        id: json,
        fields: json,
      })
      .map((params) => jsonFrame({ jsonrpc: '2.0', method: 'collection_update', params })),
  },
  {
    weight: 1,
    // Large frames: a notification with a long text, or long text that is not JSON.
    arbitrary: fc
      .tuple(fc.integer({ min: 64 * 1024, max: 1 << 20 }), fc.boolean())
      .map(([size, asJson]) =>
        asJson
          ? jsonFrame({ jsonrpc: '2.0', method: 'collection_update', params: { collection: 'fuzz.big', fields: 'x'.repeat(size) } })
          : { data: '{'.repeat(size), ignored: true },
      ),
  },
);

const ending: fc.Arbitrary<Ending> = fc.oneof(
  { weight: 4, arbitrary: json.map((value) => ({ kind: 'result' as const, value })) },
  { weight: 3, arbitrary: rpcError.map((error) => ({ kind: 'error' as const, error })) },
  { weight: 1, arbitrary: json.map((value) => ({ kind: 'twice' as const, value })) },
  { weight: 1, arbitrary: fc.record({ jsonrpc: wrongJsonrpc, value: json }).map((r) => ({ kind: 'wrong-jsonrpc' as const, ...r })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
);

const STATES = ['WAITING', 'RUNNING', 'SUCCESS', 'FAILED', 'ABORTED'];
const jobPlan: fc.Arbitrary<JobPlan> = fc.record({
  idAnswer: fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: 'id' as const }) },
    json.map((value) => ({ kind: 'other' as const, value })),
  ),
  readAnswer: fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: 'running' as const }) },
    json.map((value) => ({ kind: 'other' as const, value })),
  ),
  updates: fc.array(
    fc.record({
      state: fc.oneof(fc.constantFrom(...STATES), fc.string({ maxLength: 6 })),
      fields: fc.record(
        { progress: json, result: json, error: json, exc_info: json, arguments: json, description: json },
        { requiredKeys: [] },
      ),
    }),
    { maxLength: 6 },
  ),
  final: fc.constantFrom('SUCCESS', 'FAILED', 'ABORTED'),
});

const scenario: fc.Arbitrary<Case> = fc.record({
  calls: fc.array(
    fc.record({ method: fc.constantFrom('read' as const, 'write' as const), before: fc.array(frame, { maxLength: 10 }), ending }),
    { minLength: 1, maxLength: 3 },
  ),
  job: fc.option(jobPlan, { freq: 4 }),
  pushes: fc.array(frame, { maxLength: 8 }),
});

// Cases are keyed by a marker in the call: a read filters jobs by this method name, a write is an
// unknown method given the key (unknown methods count as writes).
const READ = 'core.get_jobs';
const WRITE = 'fuzz.write';

let server: HostileServer;
let client: Client<typeof HOSTILE_API_VERSION>;
// Counts the lines that say a frame was ignored (the messages only: hostile data is large).
const ignoredLines = { count: 0 };
const countIgnored = (message: string) => {
  if (/^ignoring /.test(message)) ignoredLines.count++;
};
const logger = { debug: countIgnored, info: countIgnored, warn: countIgnored, error: countIgnored };
const plans = new Map<string, CallPlan>();
const seen = new Set<string>();
const jobs: { plan: JobPlan; id: number | undefined }[] = [];
let nextJobId = 1000;
const sent = { frames: 0, ignored: 0 };

function send(request: Request, f: Frame): void {
  sent.frames++;
  if (f.ignored) sent.ignored++;
  server.send(request.socket, f.data);
}

function keyOf(request: Request): string | undefined {
  if (request.method === WRITE) return String(request.params[0]);
  const filter = (request.params[0] as unknown[][] | undefined)?.[0];
  if (request.method === READ && filter?.[0] === 'method') return String(filter[2]);
  return undefined;
}

function jobSnapshot(id: number, state: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // Every field of the Job schema (the client validates events with `validate: 'all'`).
  return {
    id,
    message_ids: [],
    method: JOB_METHOD,
    arguments: [],
    transient: false,
    description: null,
    abortable: true,
    logs_path: null,
    logs_excerpt: null,
    progress: { percent: state === 'SUCCESS' ? 100 : 50, description: state, extra: null },
    result: state === 'SUCCESS' ? 'done' : null,
    result_encoding_error: null,
    error: state === 'FAILED' ? '[EFAULT] generated failure' : null,
    exception: null,
    exc_info: state === 'FAILED' ? { type: 'CALL', errno: 14, extra: null, repr: 'CallError()' } : null,
    state,
    time_started: { $date: 1 },
    time_finished: null,
    credentials: null,
    ...extra,
  };
}

function jobEvent(fields: Record<string, unknown>): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'collection_update',
    params: { collection: 'core.get_jobs', msg: 'changed', id: fields.id, fields },
  });
}

function handle(request: Request): void {
  const key = keyOf(request);
  if (key !== undefined) {
    const plan = plans.get(key);
    // A call sent again (a read after a drop) gets a plain answer the second time.
    if (!plan || seen.has(key)) {
      server.answer(request, []);
      return;
    }
    seen.add(key);
    for (const f of plan.before) send(request, f);
    const e = plan.ending;
    const id = request.id;
    if (e.kind === 'result' || e.kind === 'twice') {
      server.answer(request, e.value);
      sent.frames++;
      if (e.kind === 'twice') send(request, jsonFrame({ jsonrpc: '2.0', id, result: e.value }, true));
    } else if (e.kind === 'error') {
      request.answered = true;
      server.unanswered.delete(request);
      send(request, jsonFrame({ jsonrpc: '2.0', id, error: e.error }));
    } else if (e.kind === 'wrong-jsonrpc') {
      request.answered = true;
      server.unanswered.delete(request);
      send(request, jsonFrame({ jsonrpc: e.jsonrpc, id, result: e.value }));
    } else if (e.kind === 'drop') {
      request.socket.terminate();
    }
    return;
  }
  if (request.method === JOB_METHOD) {
    const job = jobs.find((j) => j.id === undefined);
    if (!job) {
      server.answer(request, null);
      return;
    }
    if (job.plan.idAnswer.kind === 'other') {
      job.id = -1;
      server.answer(request, job.plan.idAnswer.value);
      return;
    }
    job.id = nextJobId++;
    server.answer(request, job.id);
    return;
  }
  if (request.method === READ) {
    const filter = (request.params[0] as unknown[][] | undefined)?.[0];
    const job = filter?.[0] === 'id' ? jobs.find((j) => j.id === filter[2]) : undefined;
    if (!job || job.id === undefined) {
      server.answer(request, []);
      return;
    }
    const id = job.id;
    if (job.plan.readAnswer.kind === 'other') {
      const value = job.plan.readAnswer.value;
      job.plan.readAnswer = { kind: 'running' };
      server.answer(request, value);
      return;
    }
    server.answer(request, [jobSnapshot(id, 'RUNNING')]);
    for (const u of job.plan.updates) server.send(request.socket, jobEvent(jobSnapshot(id, u.state, u.fields)));
    job.plan.updates = [];
    server.send(request.socket, jobEvent(jobSnapshot(id, job.plan.final)));
    return;
  }
  server.answer(request, null);
}

beforeAll(async () => {
  server = await HostileServer.start(handle);
  client = createClient({
    url: server.url,
    apiVersion: HOSTILE_API_VERSION,
    auth: { username: 'fuzz', password: 'fuzz-password' },
    env: false,
    validate: 'all',
    keepAlive: false,
    timeout: 20_000,
    reconnect: { initialDelay: 5, maxDelay: 50 },
    // This server has no login rate limit; dropped connections make the client log in again often.
    rateLimit: { limit: 1_000_000, windowMs: 60_000 },
    logger,
  });
  await client.connect();
  // A change-only subscription and a catch-all one: hostile events reach listeners or their onError.
  await client.subscribe('failover.status', () => {}, { onError: () => {} });
  await client.subscribe('*', () => {}, { onError: () => {} });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

/** Settles within `ms` or rejects saying what did not settle. */
function bounded<T>(p: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

let n = 0;

/** Plays one case and checks that every call settled as a value or a typed error. */
async function play(c: Case): Promise<void> {
  const caseId = n++;
  for (const f of c.pushes) {
    sent.frames++;
    if (f.ignored) sent.ignored++;
    server.broadcast(f.data);
  }
  const outcomes: Promise<unknown>[] = c.calls.map((plan, i) => {
    const key = `fuzz-${caseId}-${i}`;
    plans.set(key, plan);
    // A call that gets no answer ends by its own (short) timeout; the others have the client's default.
    const options = plan.ending.kind === 'none' ? { timeout: 25 } : {};
    const p =
      plan.method === 'read'
        ? (client.call(READ, [[['method', '=', key]]], options) as Promise<unknown>)
        : (client.call(WRITE, [key], options) as Promise<unknown>);
    return p;
  });
  if (c.job) {
    jobs.push({ plan: structuredClone(c.job), id: undefined });
    outcomes.push(Promise.resolve(client.call(JOB_METHOD, []) as PromiseLike<unknown>));
  }
  const settled = await bounded(Promise.allSettled(outcomes), 25_000, `case ${caseId}`);
  for (const s of settled) {
    if (s.status === 'rejected') {
      expect(s.reason, `case ${caseId}: ${String((s.reason as Error)?.stack)}`).toBeInstanceOf(TrueNasError);
    }
  }
  server.flush();
  jobs.length = 0;
  for (const key of [...plans.keys()]) plans.delete(key);
  const stats = client.stats();
  expect(stats.calls.pending, `case ${caseId}: calls left unsettled`).toBe(0);
  expect(stats.jobs.tracked, `case ${caseId}: jobs still followed`).toBe(0);
}

test('hostile frames never crash the client or leave a call unsettled', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, play),
    // About 15 frames a case (measured: 10,750-10,930 over 715 cases): 834 cases keep well above the minimum.
    runs(CASES_PER_KIND / 12, false),
  );
  expect(sent.frames, withSeed('generated frames')).toBeGreaterThanOrEqual(CASES_PER_KIND);
  // Every frame that answered nothing was logged (a frame ignored in silence is a lost signal).
  expect(ignoredLines.count, withSeed('frames logged as ignored')).toBeGreaterThanOrEqual(sent.ignored);
  // And the client still works.
  await expect(client.call('failover.status', [])).resolves.toBe('MASTER');
}, 300_000);

test('values whose text conversion throws end as typed errors (found by this fuzz test)', async () => {
  const error = { code: -32001, message: { toString: 1 }, data: { extra: [[{ toString: {} }, { valueOf: {}, toString: {} }, 1]] } };
  plans.set('poison-call', { method: 'read', before: [], ending: { kind: 'error', error } });
  plans.set('poison-validation', { method: 'write', before: [], ending: { kind: 'error', error: { ...error, code: -32602 } } });
  const call = client.call(READ, [[['method', '=', 'poison-call']]]) as Promise<unknown>;
  const validation = client.call(WRITE, ['poison-validation']) as Promise<unknown>;
  await expect(call).rejects.toThrow(CallError);
  await expect(call).rejects.toThrow('core.get_jobs failed: {"toString":1}');
  await expect(validation).rejects.toThrow(ValidationError);
  await expect(validation).rejects.toMatchObject({
    issues: [{ attribute: '{"toString":{}}', message: '{"valueOf":{},"toString":{}}', errno: 1 }],
  });
  expect(client.stats().calls.pending).toBe(0);
});
