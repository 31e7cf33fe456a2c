/**
 * `failover.call_remote(method, args, options)` (failover_/remote.py `call_remote`): runs a method
 * on the other controller over the heartbeat link, as the node itself (any method, private ones
 * too), and returns its result. Errors come back the way the middleware's own client turns a
 * JSON-RPC error into an exception and `call_remote` re-raises it: network errnos keep their errno
 * (with the text of the inner error, so `[ECONNREFUSED] [ECONNREFUSED] ...`), everything else is
 * EFAULT with the inner text; a method the peer does not have is `Method does not exist`.
 * `raise_connect_error: false` answers null instead of a network error. A job method waits for
 * its job (the client runs with new-style jobs) unless `job_return` asks for the id.
 */
import { ERRNO, errnoName } from '../../errors/errno.js';
import { SimCallError, SimUnexpectedError, SimValidationErrors } from '../errors.js';
import { isNetworkErrno } from '../pair/pair.js';
import type { NodeLetter } from '../pair/types.js';
import { type CallContext, dispatch } from '../rpc/dispatch.js';
import { Session } from '../rpc/session.js';
import { methodOf } from '../versions.js';

interface CallRemoteOptions {
  job_return?: boolean | null;
  raise_connect_error?: boolean;
}

// The heartbeat addresses of the two nodes (failover_/remote.py `remote_ip`).
const HEARTBEAT_ADDRESS = { A: '169.254.10.1', B: '169.254.10.2' } as const;

/** The exception `call_remote` raises for what the peer answered (or for a lost connection). */
function remoteError(error: unknown): SimCallError {
  if (error instanceof SimValidationErrors) {
    // truenas_api_client ValidationErrors: one `[ERRNAME] attribute: message` line per problem, no errno.
    const text = error.issues.map((i) => `[${errnoName(i.errno)}] ${i.attribute || 'ALL'}: ${i.message}`).join('\n');
    return new SimCallError(text, ERRNO.EFAULT);
  }
  if (error instanceof SimCallError) {
    if (error.errno === ERRNO.ETIMEDOUT && error.errmsg === 'Call timeout') return error; // CallTimeout: str() is the bare text
    return new SimCallError(error.reason, isNetworkErrno(error.errno) ? error.errno : ERRNO.EFAULT, error.extra);
  }
  return new SimCallError(error instanceof Error ? error.message : String(error), ERRNO.EFAULT);
}

type Answer = { value: unknown } | { error: unknown };

const closed = () => new SimCallError('WebSocket connection closed with code=None, reason=None', ERRNO.ECONNABORTED);

/** Runs the call on the peer as the node itself; never throws. */
async function runOnPeer(call: CallContext, peer: NodeLetter, method: string, args: unknown[], jobReturn: boolean): Promise<Answer> {
  const { rt } = call;
  // The heartbeat client connects to the peer's /api/current.
  const endpoint = rt.release.endpoints.get(rt.release.apiVersion)!;
  const description = methodOf(endpoint, method);
  if (!description) return { error: new SimUnexpectedError('Method does not exist') };
  const origin = { address: HEARTBEAT_ADDRESS[call.session.node], port: 0, tls: false, unix: true, channelBinding: null };
  const session = new Session(rt, peer, endpoint, origin, null);
  session.credential = { type: 'UNIX_SOCKET', user: rt.accounts.root };
  const outcome = await dispatch(rt, call.handlers, session, description, args, undefined);
  switch (outcome.kind) {
    case 'result':
      return { value: outcome.value };
    case 'error':
      return { error: outcome.error };
    case 'none':
      return { error: closed() };
    case 'job': {
      const job = outcome.job;
      if (jobReturn) return { value: job.id };
      await job.finished;
      if (!job.done) return { error: closed() };
      return job.state === 'SUCCESS' ? { value: job.result } : { error: job.failureAsError() };
    }
  }
}

export async function callRemote(call: CallContext, method: string, args: unknown[], options: CallRemoteOptions | null): Promise<unknown> {
  let answer: Answer;
  try {
    answer = await call.rt.pair.callPeer(call.session.node, (peer) =>
      runOnPeer(call, peer.node, method, args, Boolean(options?.job_return)),
    );
  } catch (error) {
    answer = { error }; // the peer could not be reached (runOnPeer itself never throws)
  }
  if ('value' in answer) return answer.value;
  const failure = remoteError(answer.error);
  if (options?.raise_connect_error === false && isNetworkErrno(failure.errno)) return null;
  throw failure;
}
