/**
 * Whatever a client sends over WebSocket, the simulator neither crashes nor corrupts its state:
 * generated frames (text that is not JSON, any JSON, JSON-RPC requests to every method and to
 * unknown ones with arguments of any shape, wrong `jsonrpc`, ids of any type; a batch may end with
 * a frame that makes the server close the connection: binary, or over the 64 KiB limit), on
 * connections logged in or not. After each batch the simulator still answers correctly, and every
 * few batches `sim.state()` is checked consistent with what it serves. Methods that reboot a
 * controller are left out (their effects are tested elsewhere).
 *
 * Fast: the batches go to two long-lived connections (one logged in, one not), re-opened only when
 * the server closed them; a batch is synchronised by one `core.ping` answered after it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator.js';
import { connect, login, type RpcConnection } from '../simulator/helpers.js';
import { CASES_PER_KIND, runs, withSeed } from './settings.js';
import { checkConsistent, FUZZ_VERSION, ownFailure, SAFE_METHODS } from './simulator-checks.js';

const json = fc.jsonValue({ maxDepth: 3 });
// At least 20 frames a batch: 500 batches send at least 10,000 (fast-check favours short arrays).
const BATCH = { minLength: 20, maxLength: 40 };

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiVersion: FUZZ_VERSION, seed: 'fuzz-simulator', rateLimit: false });
});
afterAll(async () => {
  await sim?.stop();
});

describe('WebSocket frames', () => {
  const request = fc.record(
    {
      jsonrpc: fc.oneof({ weight: 4, arbitrary: fc.constant('2.0') }, json),
      id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), json),
      method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SAFE_METHODS) }, fc.string({ maxLength: 24 }), json),
      params: fc.oneof({ weight: 4, arbitrary: fc.array(json, { maxLength: 4 }) }, json),
    },
    { requiredKeys: ['method'] },
  );
  const frame = fc.oneof(
    { weight: 2, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 8, arbitrary: request.map((r) => JSON.stringify(r)) },
  );
  // Frames after which the server closes the connection (so only ever last in a batch).
  const closer = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 128 }).map((b) => Buffer.from(b)),
    fc
      .integer({ min: 65 * 1024, max: 256 * 1024 })
      .map((n) => JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'core.ping', params: ['x'.repeat(n)] })),
  );

  test('never crash the simulator or corrupt its state', async () => {
    const open = async (authenticated: boolean): Promise<RpcConnection> => {
      const c = await connect(sim.vip.ws);
      if (authenticated) await login(c, sim);
      return c;
    };
    const pool = { true: await open(true), false: await open(false) };
    // The check gets a connection of its own: an auth.logout of a batch may still be running (calls
    // of one connection run concurrently) and end the batch connection's login under the check.
    const checkOnOwnConnection = async () => {
      const c = await open(true);
      try {
        await checkConsistent(sim, c);
      } finally {
        c.close();
      }
    };
    let sent = 0;
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, BATCH), fc.option(closer, { freq: 8 }), fc.boolean(), async (frames, last, authenticated) => {
        batch++;
        const key = String(authenticated) as 'true' | 'false';
        if (pool[key].isClosed) pool[key] = await open(authenticated);
        const target = pool[key];
        const repliesBefore = target.replies.length;
        for (const f of last === null ? frames : [...frames, last]) {
          target.send(f);
          sent++;
        }
        // Every answer to the batch arrives before the answer to this ping (same connection, in order).
        if (last === null) {
          const pong = await target.request('core.ping', [], 15_000);
          if (pong.error) {
            // auth.logout in the batch ended the login: log in again.
            expect(authenticated, withSeed(`ping refused: ${JSON.stringify(pong.error)}`)).toBe(true);
            await login(target, sim);
          } else expect(pong.result).toBe('pong');
        } else {
          expect((await target.closed).code, withSeed('a binary or oversized frame closes the connection')).toBeGreaterThan(1000);
        }
        for (const r of target.replies.slice(repliesBefore)) {
          const trace = (r.error?.data?.trace as { formatted?: string } | null | undefined)?.formatted;
          expect(
            ownFailure(trace),
            `the simulator failed on its own input: ${JSON.stringify(r.error)} after ${JSON.stringify(frames).slice(0, 2000)}`,
          ).toBe(false);
        }
        if (batch % 25 === 0) await checkOnOwnConnection();
      }),
      runs(CASES_PER_KIND / 20, false),
    );
    await checkOnOwnConnection();
    pool.true.close();
    pool.false.close();
    expect(sent, withSeed('generated frames')).toBeGreaterThanOrEqual(CASES_PER_KIND);
  }, 300_000);
});
