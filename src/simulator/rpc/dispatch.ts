/**
 * One method call, whatever the transport: the authentication gate and rate limit, role checks,
 * argument validation with the generated validators (`checkArguments`), injected failures, then the
 * handler. The order is the server's: authorisation before validation, so an unauthenticated call
 * with bad arguments gets ENOTAUTHENTICATED.
 */
import { ERRNO } from '../../errors/errno.js';
import type { MethodDescription } from '../../types/api-description.js';
import { checkArguments } from '../../validation/arguments.js';
import { Accounts, type Credential } from '../auth/accounts.js';
import { SimCallError, SimValidationErrors } from '../errors.js';
import { Job, type JobCredentials } from '../pair/jobs.js';
import type { ImageReceiver } from '../upload/image.js';
import type { SimulatorRuntime } from './runtime.js';
import type { Session } from './session.js';

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
}

export type Handler = (call: CallContext, args: unknown[]) => unknown;

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
  const call: CallContext = { rt, session, method, messageId, upload };
  try {
    await authorize(call);
    let args = params as unknown[];
    // Hot path: a method without arguments called without arguments needs no validation.
    if (method.arguments.length > 0 || params.length > 0) {
      const checked = checkArguments(method, params);
      if (!checked.ok) throw new SimValidationErrors(checked.issues);
      args = checked.value;
    }
    const injected = rt.faults.takeCallFailure(method.name);
    if (injected) throw injected;
    const handler = handlers.get(method.name);
    if (!handler) throw new SimCallError(`${method.name}: not implemented by the simulator`, ERRNO.ENOTSUP);
    const value = await handler(call, args);
    if (value === NO_REPLY) return { kind: 'none' };
    if (value instanceof Job) return { kind: 'job', job: value };
    return { kind: 'result', value };
  } catch (error) {
    return { kind: 'error', error };
  }
}
