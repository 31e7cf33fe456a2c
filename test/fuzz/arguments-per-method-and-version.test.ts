/**
 * Per method and per API version, arguments generated from the schema: broken ones are refused
 * by the client before anything is sent, naming the field; valid ones pass the simulator's
 * validation. Methods that would change the pair get an injected failure that the simulator
 * raises only after the arguments were accepted (`failNextCall`, `failJob`), so that thousands of
 * valid writes leave the pair as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type WebSocket from 'ws';
import type { ApiVersion } from '../../src/generated/index.js';
import { schemaFiles } from '../../src/generated/schema-files.js';
import { type Client, createClient, ValidationError } from '../../src/index.js';
import { type Simulator, startSimulator } from '../../src/simulator.js';
import type { SchemaFile, SchemaMethod } from '../../src/types/schema-file.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import { type RpcConnection, session } from '../simulator/helpers.js';
import { invalidArguments, validArguments } from './schema-arbitrary.js';
import { CASES_PER_KIND, runs, withSeed } from './settings.js';

const FILES = Object.values(schemaFiles) as SchemaFile[];
const METHOD_COUNT = FILES.reduce((n, f) => n + f.methods.length, 0);
const RUNS_PER_METHOD = Math.ceil(CASES_PER_KIND / METHOD_COUNT);
const ACCEPTED = 'fuzz: arguments accepted';
const counts = { invalid: 0, valid: 0, invalidVersions: 0, validVersions: 0 };

// Reads run for real; everything else meets an injected failure raised after validation.
const SIDE_EFFECT_FREE = (m: SchemaMethod) =>
  m.idempotent && !m.job && !['auth.logout', 'core.unsubscribe', 'core.set_options'].includes(m.name);

afterAll(() => {
  // Checked when every version ran (not under `-t`).
  if (counts.invalidVersions === FILES.length)
    expect(counts.invalid, withSeed('generated invalid argument lists')).toBeGreaterThanOrEqual(CASES_PER_KIND);
  if (counts.validVersions === FILES.length)
    expect(counts.valid, withSeed('generated valid argument lists')).toBeGreaterThanOrEqual(CASES_PER_KIND);
});

/** Whether `found` names the broken place: the field itself, a field inside it, or the union or tagged object holding it. */
function names(found: string, expected: string): boolean {
  if (expected === '' || found === expected || found.startsWith(`${expected}.`)) return true;
  return found !== '' && expected.startsWith(`${found}.`);
}

/**
 * Whether validation errors (`extra`: `[attribute, message, errno]`) refuse the arguments: EINVAL.
 * A job or item that does not exist is reported the same way (InstanceNotFound) with ENOENT.
 */
function refusesArguments(extra: unknown): boolean {
  return !Array.isArray(extra) || extra.some((issue) => !Array.isArray(issue) || issue[2] === 22);
}

describe.each(FILES.map((f) => [f.version, f] as const))('API %s', (version, file) => {
  let sim: Simulator;
  let client: Client<ApiVersion>;
  let raw: RpcConnection;
  let bootIds: (string | undefined)[];
  const jobEnds = new Map<number, (job: Record<string, unknown>) => void>();

  beforeAll(async () => {
    sim = await startSimulator({
      apiVersion: version as ApiVersion,
      seed: `fuzz-arguments-${version}`,
      rateLimit: false,
      timeScale: 0.001,
    });
    client = createClient({
      url: sim.vip.ws,
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey },
      env: false,
      apiVersion: version as ApiVersion,
    }) as Client<ApiVersion>;
    await client.connect();
    bootIds = [sim.state().nodes.A.bootId, sim.state().nodes.B?.bootId];
    raw = await session(sim.vip.ws, sim);
    await raw.call('core.subscribe', ['core.get_jobs']);
    raw.ws.on('message', (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as { method?: string; params?: { collection?: string; fields?: Record<string, unknown> } };
      const job = m.method === 'collection_update' && m.params?.collection === 'core.get_jobs' ? m.params.fields : undefined;
      if (job && ['SUCCESS', 'FAILED', 'ABORTED'].includes(String(job.state))) jobEnds.get(job.id as number)?.(job);
    });
  });
  afterAll(async () => {
    raw?.close();
    await client?.close();
    await sim?.stop();
  });

  test('generated invalid arguments are refused before sending, with the field path', async () => {
    const description = apiDescription(version as ApiVersion);
    for (const method of file.methods) {
      const argNames = description.methods[method.name]!.arguments.map((a) => a.name);
      await fc.assert(
        fc.asyncProperty(invalidArguments(file, method, argNames), async (broken) => {
          counts.invalid++;
          const outcome = await Promise.resolve(client.call(method.name as never, broken.params as never)).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (outcome.ok) throw new Error(`${method.name} accepted ${JSON.stringify(broken.params)} (${broken.how} ${broken.attribute})`);
          const error = outcome.error;
          expect(error, `${method.name} ${JSON.stringify(broken.params)}`).toBeInstanceOf(ValidationError);
          const v = error as ValidationError;
          expect(v.source, 'refused by the client, before sending').toBe('client');
          const attributes = v.issues.map((i) => i.attribute);
          expect(
            attributes.some((a) => names(a, broken.attribute)),
            `${method.name}: ${broken.how} '${broken.attribute}' in ${JSON.stringify(broken.params)}; issues name ${JSON.stringify(attributes)}`,
          ).toBe(true);
        }),
        runs(RUNS_PER_METHOD),
      );
    }
    // Nothing refused was sent: the client's connection has nothing on the wire or queued.
    expect(client.stats().calls.pending).toBe(0);
    counts.invalidVersions++;
  });

  test('generated valid arguments are accepted by the simulator', async () => {
    for (const method of file.methods) {
      await fc.assert(
        fc.asyncProperty(validArguments(file, method), async (params) => {
          counts.valid++;
          if (method.job) {
            if (method.name !== 'core.job_wait') sim.faults.failJob(method.name, { atPercent: 0, reason: ACCEPTED });
            const id = await raw.call<number>(method.name, params);
            const job = await new Promise<Record<string, unknown>>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`job ${id} of ${method.name} did not end`)), 20_000);
              jobEnds.set(id, (j) => {
                clearTimeout(timer);
                resolve(j);
              });
              raw
                .call<Record<string, unknown>>('core.get_jobs', [[['id', '=', id]], { get: true }])
                .then((j) => ['SUCCESS', 'FAILED', 'ABORTED'].includes(String(j.state)) && jobEnds.get(id)?.(j), reject);
            });
            jobEnds.delete(id);
            const exc = job.exc_info as { type?: string; extra?: unknown } | null;
            const refused = exc?.type === 'VALIDATION' && refusesArguments(exc.extra);
            expect(refused, `${method.name} ${JSON.stringify(params)}: ${String(job.error)}`).toBe(false);
            return;
          }
          const inject = !SIDE_EFFECT_FREE(method);
          if (inject) sim.faults.failNextCall(method.name, { reason: ACCEPTED });
          const reply = await raw.request(method.name, params);
          const what = `${method.name} ${JSON.stringify(params)}: ${JSON.stringify(reply.error)}`;
          expect(reply.error?.code === -32602 && refusesArguments(reply.error.data?.extra), what).toBe(false);
          if (inject) expect(reply.error?.data?.reason, what).toContain(ACCEPTED);
          else expect(reply.error?.code, what).not.toBe(-32603);
        }),
        runs(RUNS_PER_METHOD),
      );
    }
    // Injected failures kept every write from running: the pair is as it started, nobody rebooted.
    const state = sim.state();
    expect(state.nodes.A.status).toBe('MASTER');
    expect([state.nodes.A.bootId, state.nodes.B?.bootId]).toEqual(bootIds);
    counts.validVersions++;
  });
});
