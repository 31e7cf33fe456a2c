import { describe, expect, it } from 'vitest';
import { CallError, type ErrorInfo, isTransientError, type RequestInfo, ValidationError } from '../../src/index.js';
import { clientOver, failure, memoryLogger, simulatorForBoth, TRANSPORTS } from './helpers.js';

// Per-request hooks see each request and how each call settled; the retry policy asks a read
// again when the server refused it for a passing reason, and never a write.

const EBUSY = 16;

/** Hooks that record what they are told, in order. */
function recorder() {
  const seen: string[] = [];
  const requests: RequestInfo[] = [];
  const errors: ErrorInfo[] = [];
  return {
    seen,
    requests,
    errors,
    hooks: {
      beforeSend(r: RequestInfo) {
        requests.push(r);
        seen.push(`send ${r.method} #${r.attempt}`);
      },
      afterAnswer(a: RequestInfo & { result: unknown }) {
        seen.push(`answer ${a.method} #${a.attempt}`);
      },
      onError(e: ErrorInfo) {
        errors.push(e);
        seen.push(`error ${e.method} #${e.attempt}${e.willRetry ? ' retry' : ''}`);
      },
    },
  };
}

describe.each(TRANSPORTS)('request hooks and read retries over %s', (transport) => {
  it('hooks see each request and one final outcome per call; the client’s own calls are not reported', async () => {
    const sim = await simulatorForBoth();
    const rec = recorder();
    const client = clientOver(transport, sim, { hooks: rec.hooks });
    const config = await client.failover.config();
    expect(rec.seen).toEqual(['send failover.config #1', 'answer failover.config #1']);
    expect(rec.requests[0]!.url).toMatch(/^(ws|http):\/\/127\.0\.0\.1:\d+/);
    expect(rec.requests[0]!.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(config).toBeTypeOf('object');

    // Refused by the server: reported once, not retried (no policy).
    rec.seen.length = 0;
    sim.faults.failNextCall('failover.config', { errno: EBUSY, reason: 'busy' });
    const refused = await failure(client.failover.config());
    expect(refused).toBeInstanceOf(CallError);
    expect(rec.seen).toEqual(['send failover.config #1', 'error failover.config #1']);
    expect(rec.errors.at(-1)!.error).toBe(refused);

    // Refused before sending (invalid arguments): one report, attempt 0, no URL.
    rec.seen.length = 0;
    const invalid = await failure(client.failover.update({ timeout: 'soon' } as never));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(rec.seen).toEqual(['error failover.update #0']);
    expect(rec.errors.at(-1)!.url).toBeUndefined();
  });

  it('a hook that throws is logged and does not break the call; arguments reach hooks redacted', async () => {
    const sim = await simulatorForBoth();
    const { logger, text } = memoryLogger();
    let params: readonly unknown[] = [];
    const client = clientOver(transport, sim, {
      logger,
      hooks: {
        beforeSend(r) {
          params = r.params;
          throw new Error('metrics backend down');
        },
      },
    });
    const jobs = await client.call('core.get_jobs', [[['description', '=', sim.credentials.apiKey]]]);
    expect(jobs).toEqual([]);
    expect(JSON.stringify(params)).not.toContain(sim.credentials.apiKey);
    expect(text()).toMatch(/the beforeSend hook threw for core\.get_jobs/);
  });

  it('with a retry policy a read refused as busy is asked again and succeeds', async () => {
    const sim = await simulatorForBoth();
    const rec = recorder();
    const client = clientOver(transport, sim, { hooks: rec.hooks, retry: { maxAttempts: 3, initialDelay: 5, maxDelay: 20 } });
    await client.connect();
    sim.faults.failNextCall('failover.config', { errno: EBUSY, reason: 'busy' });
    expect(await client.failover.config()).toBeTypeOf('object');
    expect(rec.seen).toEqual([
      'send failover.config #1',
      'error failover.config #1 retry',
      'send failover.config #2',
      'answer failover.config #2',
    ]);
    expect(isTransientError(rec.errors[0]!.error)).toBe(true);
  });

  it('the policy never retries a write, nor an error its retryOn does not name', async () => {
    const sim = await simulatorForBoth();
    const rec = recorder();
    const retryOn = (error: unknown, attempt: number) => isTransientError(error) && attempt < 5;
    const client = clientOver(transport, sim, { hooks: rec.hooks, retry: { maxAttempts: 2, initialDelay: 5, retryOn } });
    await client.connect();
    // A write refused as busy: not asked again (it may have acted).
    sim.faults.failNextCall('failover.update', { errno: EBUSY, reason: 'busy' });
    const write = await failure(client.failover.update({ timeout: 5 }));
    expect(write).toBeInstanceOf(CallError);
    expect((write as CallError).errno).toBe(EBUSY);
    // A read refused for a lasting reason (EFAULT): not asked again.
    sim.faults.failNextCall('failover.config', { reason: 'broken' });
    expect(await failure(client.failover.config())).toBeInstanceOf(CallError);
    expect(rec.seen).toEqual([
      'send failover.update #1',
      'error failover.update #1',
      'send failover.config #1',
      'error failover.config #1',
    ]);
  });

  it('retry options are checked', () => {
    // Checked when the client is made: nothing is connected.
    const sim = { vip: { ws: 'ws://127.0.0.1:1', http: 'http://127.0.0.1:1' }, credentials: { username: 'u', apiKey: '1-abc' } } as never;
    expect(() => clientOver(transport, sim, { retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts must be an integer of at least 1/);
    expect(() => clientOver(transport, sim, { hooks: { onError: 'log' as never } })).toThrow(/hooks\.onError must be a function/);
  });
});
