/**
 * Whatever a client sends over REST, the simulator neither crashes nor corrupts its state:
 * generated requests (any verb, the schema's routes and others, any query, any body and content
 * type, good, bad or no credentials). After each batch the simulator still answers correctly
 * and `sim.state()` is consistent with what it serves. Routes that reboot a controller get no valid
 * credential (their effects are tested elsewhere).
 *
 * Fast: each generated batch of requests is sent at once (fetch keeps a few sockets alive).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator.js';
import { connect, login } from '../simulator/helpers.js';
import { CASES_PER_KIND, runs, withSeed } from './settings.js';
import { checkConsistent, FUZZ_SCHEMA, FUZZ_VERSION, ownFailure, POWER_METHODS } from './simulator-checks.js';

const json = fc.jsonValue({ maxDepth: 3 });

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiVersion: FUZZ_VERSION, seed: 'fuzz-simulator', rateLimit: false });
});
afterAll(async () => {
  await sim?.stop();
});

describe('REST requests', () => {
  const routes = FUZZ_SCHEMA.methods.filter((m) => m.rest).map((m) => ({ ...m.rest!, power: POWER_METHODS.has(m.name) }));
  const path = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...routes).map((r) => r.path) },
    fc.string({ maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`),
    fc
      .array(fc.constantFrom('failover', 'core', 'auth', 'reboot', '..', '%00', 'get_jobs', 'id', '1'), { maxLength: 4 })
      .map((p) => `/${p.join('/')}`),
  );
  const verb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') },
    fc.constantFrom('PATCH', 'OPTIONS', 'HEAD'),
  );
  const body = fc.oneof(
    fc.constant(undefined),
    json.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 128 }).map((b) => Buffer.from(b)),
  );
  const auth = fc.constantFrom('none', 'key', 'basic', 'bearer-garbage', 'basic-garbage', 'header-garbage');
  const query = fc.oneof(
    fc.constant(''),
    fc
      .dictionary(
        fc.string({ maxLength: 8 }),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          json.map((v) => JSON.stringify(v)),
        ),
        { maxKeys: 3 },
      )
      .map((q) => `?${new URLSearchParams(q).toString()}`),
  );
  const contentType = fc.constantFrom(
    undefined,
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    '',
  );

  const request = fc.record({ method: verb, p: path, q: query, b: body, a: auth, type: contentType });
  type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

  test('never crash the simulator or corrupt its state', async () => {
    const c = await connect(sim.a.ws);
    await login(c, sim);
    const base = `${sim.a.http}/api/v2.0`;
    const key = sim.credentials.apiKey;
    const basic = Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64');
    let sent = 0;
    const statuses = new Map<number, number>();
    const send = async ({ method, p, q, b, a: generated, type }: Request): Promise<void> => {
      // A valid credential on a route that reboots a controller would only test the reboot: that
      // request goes without one (every generated request is sent, so the count stays >= the minimum).
      const power = routes.some((r) => r.power && p === r.path);
      const a = power && (generated === 'key' || generated === 'basic') ? 'none' : generated;
      const headers: Record<string, string> = {};
      if (a === 'key') headers.authorization = `Bearer ${key}`;
      if (a === 'basic') headers.authorization = `Basic ${basic}`;
      if (a === 'bearer-garbage') headers.authorization = 'Bearer 1-garbage';
      if (a === 'basic-garbage') headers.authorization = 'Basic !!!';
      if (a === 'header-garbage') headers.authorization = 'x';
      if (type !== undefined) headers['content-type'] = type;
      const withBody = b !== undefined && method !== 'GET' && method !== 'HEAD';
      sent++;
      const response = await fetch(`${base}${p}${q}`, {
        method,
        headers,
        body: withBody ? b : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      // 500 is an answer TrueNAS gives in places (a Basic header without a colon, a KeyError); a
      // JavaScript exception of the simulator is not.
      if (response.status >= 500) {
        let traceback: string | undefined;
        try {
          traceback = (JSON.parse(text) as { traceback?: string }).traceback;
        } catch {
          traceback = undefined;
        }
        expect(ownFailure(traceback), `${method} ${p}${q} (${a}, ${type}): ${response.status} ${text.slice(0, 500)}`).toBe(false);
      }
    };
    let batch = 0;
    await fc.assert(
      // At least 20 requests a batch: 550 batches send at least 11,000 (fast-check favours short arrays).
      fc.asyncProperty(fc.array(request, { minLength: 20, maxLength: 30 }), async (requests) => {
        await Promise.all(requests.map(send));
        if (++batch % 25 === 0) await checkConsistent(sim, c);
      }),
      runs((CASES_PER_KIND * 1.1) / 20, false),
    );
    await checkConsistent(sim, c);
    c.close();
    expect(sent, withSeed(`generated REST requests (statuses ${JSON.stringify(Object.fromEntries(statuses))})`)).toBeGreaterThanOrEqual(
      CASES_PER_KIND,
    );
  }, 300_000);
});
