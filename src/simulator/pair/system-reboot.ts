/**
 * `system.reboot(reason, {delay})` (plugins/system/lifecycle.py `reboot`), a job: it announces the
 * `system.reboot` event (ADDED, `{reason}`), sleeps `delay` seconds, then shuts the controller down
 * for a reboot; the job never ends, its controller goes down under it. The peer's flows start it
 * over the heartbeat link as the middleware does (`failover.call_remote 'system.reboot'` in
 * failover.py `sync_to_peer` and `upgrade`, failover_/reboot.py `other_node`).
 */
import { FlowAborted } from '../util/clock.js';
import type { Job, JobContext } from './jobs.js';
import { rebootController } from './lifecycle.js';
import type { Pair } from './pair.js';
import type { NodeLetter } from './types.js';

/** Resolves never; rejects with FlowAborted when the controller goes down. */
function untilDown(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new FlowAborted());
    signal.addEventListener('abort', () => reject(new FlowAborted()), { once: true });
  });
}

/** The job's body. */
export async function runSystemReboot(
  pair: Pair,
  node: NodeLetter,
  reason: string,
  delaySeconds: number | null,
  ctx: JobContext,
): Promise<never> {
  pair.emit('event', { node, name: 'system.reboot', msg: 'added', fields: { reason } });
  if (delaySeconds !== null && delaySeconds > 0) await ctx.sleep(delaySeconds * 1000);
  rebootController(pair, node, { graceful: true, reason: `system.reboot: ${reason}` });
  return untilDown(ctx.signal);
}

/** Starts the job on `node` as its peer asks for it (no caller credentials: the heartbeat link). */
export function startSystemReboot(pair: Pair, node: NodeLetter, reason: string, delaySeconds: number): Job {
  return pair.controller(node).jobs.start({
    method: 'system.reboot',
    arguments: [reason, { delay: delaySeconds }],
    credentials: null,
    run: (ctx) => runSystemReboot(pair, node, reason, delaySeconds, ctx),
  });
}
