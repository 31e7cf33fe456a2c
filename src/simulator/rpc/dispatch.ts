/**
 * One method call, whatever the transport: the authentication gate and rate limit, role checks,
 * argument validation (`checkCall`), injected failures, then the handler. The order is the
 * server's (main.py `authorize_method_call`, then the method's wrapper): authorisation before
 * validation, so an unauthenticated call with bad arguments gets ENOTAUTHENTICATED. A job method
 * becomes a job at once and validates its arguments when the job runs, as `_call_prepare` creates
 * the Job before the wrapper runs: bad arguments give a job id and a job that FAILS.
 */
import { ERRNO } from '../../errors/errno.js';
import type { MethodDescription } from '../../types/api-description.js';
import { Accounts, type Credential } from '../auth/accounts.js';
import { SimCallError } from '../errors.js';
import type { Job, JobContext, JobCredentials } from '../pair/jobs.js';
import type { ImageReceiver } from '../upload/image.js';
import { checkCall } from './check-call.js';
import type { SimulatorRuntime } from './runtime.js';
import type { Session } from './session.js';
import { plainNumbers } from './wire-numbers.js';

/** Returned by a handler that never answers (the controller rebooted under it). */
export const NO_REPLY: unique symbol = Symbol('no reply');

export interface CallContext {
  readonly rt: SimulatorRuntime;
  readonly session: Session;
  readonly method: MethodDescription;
  /** JSON-RPC id of the request (undefined for notifications and REST). */
  readonly messageId: unknown;
  /** The file uploaded with the call (`POST /_upload`, REST multipart), for methods with an input pipe. */
  readonly upload?: ImageReceiver;
  /** Every handler, for calls that run another method (`failover.call_remote` on the peer). */
  readonly handlers: ReadonlyMap<string, Handler>;
}

/** A plain method: answers with its return value. */
export type CallHandler = (call: CallContext, args: unknown[]) => unknown;

/** A job method: the call answers a job id; `run` is the job's body, given the checked arguments. */
export interface JobHandler {
  readonly job: true;
  /** Jobs sharing a lock run one at a time (`@job(lock=...)`). */
  readonly lock?: string;
  /** True when aborting the running job cancels it. */
  readonly cancellable?: boolean;
  run(call: CallContext, args: unknown[], ctx: JobContext): Promise<unknown>;
}

export type Handler = CallHandler | JobHandler;

/** Declares a job method's body. */
export function jobMethod(spec: Omit<JobHandler, 'job'>): JobHandler {
  return { job: true, ...spec };
}

const isJobHandler = (handler: Handler): handler is JobHandler => typeof handler === 'object';

export type Outcome = { kind: 'result'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'job'; job: Job } | { kind: 'none' };

/** The `credentials` object of jobs a session starts. */
export function jobCredentials(credential: Credential | null): JobCredentials | null {
  if (!credential) return null;
  const data: Record<string, unknown> = { username: credential.user.username };
  if (credential.apiKey) data.api_key = { id: credential.apiKey.id, name: credential.apiKey.name };
  return { type: credential.type, data };
}

/** Sleeps the random 1–10 s (scaled) TrueNAS waits before refusing a rate-limited call. */
async function rateLimitPause(call: CallContext): Promise<void> {
  const seconds = call.rt.random.uniform(1, 10);
  await call.rt.clock.sleep(seconds * 1000, call.rt.pair.controller(call.session.node).bootAbort.signal);
}

async function authorize(call: CallContext): Promise<void> {
  const { session, method, rt } = call;
  if (method.noAuth) {
    if (session.authenticated || session.origin.unix || method.name === 'core.set_options') return;
    const limiter = rt.rateLimits?.[session.node];
    if (limiter?.exceeded(method.name, session.origin.address)) {
      await rateLimitPause(call);
      throw new SimCallError('Rate Limit Exceeded', ERRNO.EBUSY);
    }
    return;
  }
  if (!session.credential) throw new SimCallError('Not authenticated', ERRNO.ENOTAUTHENTICATED);
  if (!Accounts.authorized(session.credential, method.roles)) throw new SimCallError('Not authorized', ERRNO.EACCES);
}

/** Creates the job of a job method; its body checks the arguments first. */
function startJob(call: CallContext, handler: JobHandler, params: readonly unknown[]): Job {
  const { rt, session, method } = call;
  return rt.pair.controller(session.node).jobs.start({
    method: method.name,
    arguments: plainNumbers([...params]),
    messageId: call.messageId,
    credentials: jobCredentials(session.credential),
    lock: handler.lock,
    cancellable: handler.cancellable,
    run: async (ctx) => handler.run(call, checkCall(rt.release, method, params), ctx),
  });
}

/** Runs one call to a method the endpoint has; the caller answers -32601 for unknown ones. */
export async function dispatch(
  rt: SimulatorRuntime,
  handlers: ReadonlyMap<string, Handler>,
  session: Session,
  method: MethodDescription,
  params: readonly unknown[],
  messageId: unknown,
  upload?: ImageReceiver,
): Promise<Outcome> {
  const call: CallContext = { rt, session, method, messageId, upload, handlers };
  try {
    await authorize(call);
    // The gate awaited: a call of the same connection (auth.logout) may have ended the login since.
    if (!method.noAuth && !session.credential && !session.origin.unix) throw new SimCallError('Not authenticated', ERRNO.ENOTAUTHENTICATED);
    const handler = handlers.get(method.name);
    if (!handler) throw new SimCallError(`${method.name}: not implemented by the simulator`, ERRNO.ENOTSUP);
    if (isJobHandler(handler)) {
      const injected = rt.faults.takeCallFailure(method.name);
      if (injected) throw injected;
      return { kind: 'job', job: startJob(call, handler, params) };
    }
    const args = checkCall(rt.release, method, params);
    const injected = rt.faults.takeCallFailure(method.name);
    if (injected) throw injected;
    const value = await handler(call, args);
    if (value === NO_REPLY) return { kind: 'none' };
    return { kind: 'result', value };
  } catch (error) {
    return { kind: 'error', error };
  }
}
