/**
 * `core.*`: connection options, ping, event subscriptions and jobs of the answering controller.
 */
import { ERRNO } from '../../errors/errno.js';
import type { ValidationIssue } from '../../validation/arguments.js';
import { SimCallError, SimUnexpectedError, SimValidationErrors } from '../errors.js';
import type { Job } from '../pair/jobs.js';
import type { CallContext, Handler } from '../rpc/dispatch.js';
import { jobMethod } from '../rpc/dispatch.js';
import { canSubscribe } from '../rpc/events.js';
import { filterList, type QueryOptions } from './query.js';

/** TrueNAS's `InstanceNotFound`: a validation error with no attribute. */
function instanceNotFound(message: string): SimValidationErrors {
  const issue = { attribute: null, message, errno: ERRNO.ENOENT } as unknown as ValidationIssue;
  return new SimValidationErrors([issue], true);
}

/** Admin credentials see every job; others only their own. */
export function visibleJobs(call: CallContext): Job[] {
  const credential = call.session.credential;
  const jobs = call.rt.pair.controller(call.session.node).jobs.all();
  if (!credential) return [];
  const roles = credential.user.roles;
  if (roles.includes('FULL_ADMIN') || roles.includes('READONLY_ADMIN')) return jobs;
  return jobs.filter((j) => j.spec.credentials?.data.username === credential.user.username);
}

/**
 * The job `id` if the caller may see it. An unknown id is `InstanceNotFound`, except that
 * `core.job_wait` on 25.x indexes the job list directly (core_service.py at TS-25.10.2:
 * `self.middleware.jobs[job_id]`) and fails with a bare KeyError.
 */
function findJob(call: CallContext, id: number, indexed = false): Job {
  const job = call.rt.pair.controller(call.session.node).jobs.get(id);
  if (!job && indexed && (call.rt.release.family === '25.04' || call.rt.release.family === '25.10')) {
    throw new SimUnexpectedError(String(id), 'KeyError');
  }
  if (!job) throw instanceNotFound(`Job with id ${id} does not exist`);
  if (!visibleJobs(call).includes(job)) throw new SimCallError('Not authorized', ERRNO.EPERM);
  return job;
}

export const coreHandlers: Record<string, Handler> = {
  'core.ping': () => 'pong',

  'core.set_options': (call, [options]) => {
    const o = options as Record<string, unknown>;
    const s = call.session;
    if (!call.session.endpoint.newStyleJobs) {
      if ('py_exceptions' in o) s.pyExceptions = Boolean(o.py_exceptions);
      return null;
    }
    if ('legacy_jobs' in o) s.legacyJobs = Boolean(o.legacy_jobs);
    if ('private_methods' in o) s.privateMethods = Boolean(o.private_methods);
    if ('py_exceptions' in o) s.pyExceptions = Boolean(o.py_exceptions);
    return { legacy_jobs: s.legacyJobs, private_methods: s.privateMethods, py_exceptions: s.pyExceptions };
  },

  'core.subscribe': (call, [event]) => {
    const name = String(event);
    const sink = call.session.events;
    if (!sink) throw new SimCallError('Events are only available over a WebSocket connection', ERRNO.ENOTSUP);
    if (!canSubscribe(call.session, name)) throw new SimCallError('Not authorized', ERRNO.EACCES);
    return sink.subscribe(name);
  },

  'core.unsubscribe': (call, [id]) => {
    call.session.events?.unsubscribe(String(id));
    return null;
  },

  'core.get_jobs': (call, [filters, options]) => {
    const items = visibleJobs(call).map((j) => j.toJSON());
    return filterList(items, filters as unknown[], options as QueryOptions);
  },

  'core.job_abort': (call, [id]) => {
    const job = findJob(call, id as number);
    call.rt.pair.controller(call.session.node).jobs.abort(job);
    return null;
  },

  // core_service.py `job_wait`: @job(); the target is looked up inside the job.
  'core.job_wait': jobMethod({
    cancellable: true,
    run: async (call, [id], ctx) => {
      const target = findJob(call, id as number, true);
      const mirror = () => {
        if (!target.done && !ctx.signal.aborted)
          ctx.setProgress(target.progress.percent, target.progress.description, target.progress.extra);
      };
      target.watchers.add(mirror);
      try {
        mirror();
        await Promise.race([
          target.finished,
          new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
        ]);
      } finally {
        target.watchers.delete(mirror);
      }
      if (target.state === 'SUCCESS') return target.result;
      throw target.failureAsError();
    },
  }),
};
