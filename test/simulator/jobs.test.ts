import { describe, expect, it } from 'vitest';
import { session, simulator, waitUntil } from './helpers.js';

describe('jobs: core.get_jobs, core.job_wait, core.job_abort', () => {
  it('filters and shapes core.get_jobs like the server (get, select, order_by, count)', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      const id = await c.call<number>('failover.reboot.other_node');
      const job = await c.call<Record<string, unknown>>('core.get_jobs', [[['id', '=', id]], { get: true }]);
      expect(Object.keys(job).sort()).toEqual(
        [
          'abortable',
          'arguments',
          'credentials',
          'description',
          'error',
          'exc_info',
          'exception',
          'id',
          'logs_excerpt',
          'logs_path',
          'message_ids',
          'method',
          'progress',
          'result',
          'result_encoding_error',
          'state',
          'time_finished',
          'time_started',
          'transient',
        ].sort(),
      );
      expect(job).toMatchObject({
        method: 'failover.reboot.other_node',
        credentials: { type: 'API_KEY', data: { username: 'truenas_admin' } },
      });
      expect(job.time_started).toEqual({ $date: expect.any(Number) });
      expect(await c.call('core.get_jobs', [[['method', '^', 'failover.reboot']], { count: true }])).toBe(1);
      expect(await c.call('core.get_jobs', [[], { select: ['id', 'method'], order_by: ['-id'], limit: 1 }])).toEqual([
        { id, method: 'failover.reboot.other_node' },
      ]);
      const missing = await c.request('core.get_jobs', [[['id', '=', 9999]], { get: true }]);
      expect(missing.error).toMatchObject({ code: -32001, data: { error: 22, reason: 'MatchNotFound()' } });
      const badFilter = await c.request('core.get_jobs', [[['id', 'like', 1]]]);
      expect(badFilter.error?.code).toBe(-32602);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  // core_service.py `job_wait` (@job: the target is looked up inside the job); master: InstanceNotFound.
  it('core.job_wait mirrors the target and returns its result; an unknown id fails the job with InstanceNotFound', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      const target = await c.call<number>('failover.reboot.other_node');
      const waiter = await c.call<number>('core.job_wait', [target]);
      await waitUntil(
        async () => (await c.call<{ state: string }>('core.get_jobs', [[['id', '=', waiter]], { get: true }])).state === 'SUCCESS',
        20_000,
        'job_wait',
      );
      const unknown = await c.call<number>('core.job_wait', [4242]);
      await waitUntil(
        async () => (await c.call<{ state: string }>('core.get_jobs', [[['id', '=', unknown]], { get: true }])).state === 'FAILED',
        20_000,
        'job_wait of an unknown id',
      );
      expect(await c.call('core.get_jobs', [[['id', '=', unknown]], { get: true }])).toMatchObject({
        error: '[ENOENT] None: Job with id 4242 does not exist',
        exc_info: { type: 'VALIDATION', errno: 2, extra: [[null, 'Job with id 4242 does not exist', 2]] },
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('core.job_abort ends a waiting job ABORTED and leaves a running failover job alone', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      const first = await c.call<number>('failover.reboot.other_node');
      const second = await c.call<number>('failover.reboot.other_node');
      const queued = await c.call<{ state: string }>('core.get_jobs', [[['id', '=', second]], { get: true }]);
      expect(queued.state).toBe('WAITING');
      expect(await c.call('core.job_abort', [second])).toBeNull();
      expect(await c.call('core.get_jobs', [[['id', '=', second]], { get: true }])).toMatchObject({ state: 'ABORTED' });
      await c.call('core.job_abort', [first]);
      await waitUntil(
        async () => (await c.call<{ state: string }>('core.get_jobs', [[['id', '=', first]], { get: true }])).state === 'SUCCESS',
        20_000,
        'first job',
      );
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
