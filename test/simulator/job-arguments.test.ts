/**
 * Job methods validate their arguments inside the job. main.py `_call_prepare` creates the Job
 * before the method runs, and both validation layers live in the method's wrapper
 * (api/base/decorator.py `api_method` → `accept_params`; 25.04's schema/processor.py `accepts`),
 * so bad arguments give the caller a job id and a job that ends FAILED with the validation error.
 * With `legacy_jobs: false` (25.10+, api/base/server/method.py `Method.call`) the reply waits for
 * the job and carries that error. On 25.04 the `@accepts` layer reports more arguments than
 * declared as a CallError (EFAULT), also from inside the job for a job method.
 */
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { finishedJob, session, simulator } from './helpers.js';

const VERSIONS: ApiVersion[] = ['v25.04.2', 'v25.10.2', 'v26.0.0', 'v27.0.0'];

describe.each(VERSIONS)('job methods with bad arguments on %s', (apiVersion) => {
  it('failover.reboot.other_node and failover.upgrade answer a job id; the job FAILS with the validation error', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const c = await session(sim.vip.ws, sim);
      const reboot = await c.call<number>('failover.reboot.other_node', [{ reason: 5 }]);
      const rebootJob = await finishedJob(c, reboot);
      expect(rebootJob).toMatchObject({ state: 'FAILED', method: 'failover.reboot.other_node', arguments: [{ reason: 5 }] });
      expect(rebootJob.exc_info).toMatchObject({ type: 'VALIDATION', errno: null });
      // 25.04's other_node takes no argument (api/v25_04_2/failover_reboot.py), so the one given is one too many.
      const attribute = apiVersion === 'v25.04.2' ? '' : 'options.reason';
      expect((rebootJob.exc_info?.extra as [string, string, number][] | undefined)?.map(([a]) => a)).toEqual([attribute]);
      expect(rebootJob.error).toMatch(new RegExp(`^\\[EINVAL\\] ${attribute.replace('.', '\\.')}: `));

      const upgrade = await c.call<number>('failover.upgrade', [{ resume: 'yes' }]);
      const upgradeJob = await finishedJob(c, upgrade);
      expect(upgradeJob).toMatchObject({ state: 'FAILED', exc_info: { type: 'VALIDATION' } });
      expect((upgradeJob.exc_info?.extra as [string, string, number][] | undefined)?.[0]?.[0]).toMatch(/\.resume$/);
      // Nothing happened to the pair.
      expect(sim.state().nodes.B?.status).toBe('BACKUP');
      expect(sim.state().nodes.A.status).toBe('MASTER');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('too many arguments to a job method: the job fails (25.04 @accepts: CallError EFAULT; else a validation error)', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const c = await session(sim.vip.ws, sim);
      const id = await c.call<number>('failover.upgrade', [{}, 'extra']);
      const job = await finishedJob(c, id);
      expect(job.state).toBe('FAILED');
      if (apiVersion === 'v25.04.2') {
        expect(job).toMatchObject({
          error: '[EFAULT] Too many arguments (expected 1, found 2)',
          exc_info: { type: 'CallError', errno: 14 },
        });
      } else {
        expect(job).toMatchObject({ exc_info: { type: 'VALIDATION', extra: [['', 'Too many arguments (expected 1, found 2)', 22]] } });
      }
      c.close();
    } finally {
      await sim.stop();
    }
  });
});

describe('too many arguments to a plain method', () => {
  it('25.04 @accepts methods: -32001 EFAULT; its api_method ones and 25.10+: -32602 (api/base/handler/accept.py)', async () => {
    const old = await simulator({ apiVersion: 'v25.04.2' });
    try {
      const c = await session(old.vip.ws, old);
      // plugins/failover.py `status` is @accepts on 25.04: schema/processor.py raises CallError.
      expect((await c.request('failover.status', ['x'])).error).toMatchObject({
        code: -32001,
        message: 'Method call error',
        data: { error: 14, errname: 'EFAULT', reason: '[EFAULT] Too many arguments (expected 0, found 1)' },
      });
      // failover_/reboot.py `info` is an api_method on 25.04 already.
      expect((await c.request('failover.reboot.info', ['x'])).error).toMatchObject({
        code: -32602,
        data: { extra: [['', 'Too many arguments (expected 0, found 1)', 22]] },
      });
      c.close();
    } finally {
      await old.stop();
    }
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const c = await session(sim.vip.ws, sim);
      expect((await c.request('failover.status', ['x'])).error).toMatchObject({
        code: -32602,
        data: { extra: [['', 'Too many arguments (expected 0, found 1)', 22]] },
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });
});

describe('new-style jobs (legacy_jobs: false, 25.10+)', () => {
  it('the reply waits for the job and carries its validation error; the job is in core.get_jobs, FAILED', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.set_options', [{ legacy_jobs: false }]);
      const reply = await c.request('failover.reboot.other_node', [{ graceful: 'no' }]);
      expect(reply.error).toMatchObject({
        code: -32602,
        data: { errname: 'EINVAL', extra: [['options.graceful', 'Input should be a valid boolean', 22]] },
      });
      const [job] = await c.call<{ state: string; message_ids: unknown[] }[]>('core.get_jobs', [
        [['method', '=', 'failover.reboot.other_node']],
      ]);
      expect(job).toMatchObject({ state: 'FAILED' });
      c.close();
    } finally {
      await sim.stop();
    }
  });
});

describe('core.job_wait of an unknown job id, per release (service/core_service.py `job_wait`)', () => {
  it('25.x indexes the job list (KeyError); 26.0+ raises InstanceNotFound; both inside the job', async () => {
    for (const [apiVersion, expected] of [
      ['v25.10.2', { error: '4242', exc_info: { type: 'KeyError', errno: null } }],
      ['v26.0.0', { error: '[ENOENT] None: Job with id 4242 does not exist', exc_info: { type: 'VALIDATION', errno: 2 } }],
    ] as const) {
      const sim = await simulator({ apiVersion });
      try {
        const c = await session(sim.vip.ws, sim);
        const id = await c.call<number>('core.job_wait', [4242]);
        expect(await finishedJob(c, id)).toMatchObject({ state: 'FAILED', ...expected });
        c.close();
      } finally {
        await sim.stop();
      }
    }
  });
});
