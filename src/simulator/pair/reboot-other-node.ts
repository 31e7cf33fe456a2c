/**
 * The `failover.reboot.other_node` job: make the peer boot the same boot environment as this
 * controller, reboot it (gracefully when its boot environment changed or when asked, otherwise
 * with `become_passive`, which fails an active peer over to this controller), wait for it to go
 * offline and to come back as a ready standby, and check that its boot id changed. Progress
 * milestones and error texts are the server's.
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError } from '../errors.js';
import type { JobContext } from './jobs.js';
import { becomePassive } from './operations.js';
import { isNetworkErrno, type Pair } from './pair.js';
import { startSystemReboot } from './system-reboot.js';
import type { NodeLetter } from './types.js';

/** Real-world limits of the waits (before the time scale). */
const GO_OFFLINE_LIMIT = 90_000;
const COME_BACK_LIMIT = 1_200_000;
const POLL = 1_000;
/** A round trip of remote calls over the heartbeat link (boot environment queries, the reboot request). */
const REMOTE_STEP = 1_000;

export async function rebootOtherNode(
  pair: Pair,
  node: NodeLetter,
  options: { reason: string; graceful: boolean },
  ctx: JobContext,
): Promise<null> {
  if (!pair.licensed) return null;
  const self = pair.controller(node);
  ctx.setProgress(0, 'Checking other controller boot environment');
  // The peer must boot what this controller runs now.
  const beChanged = await pair.callPeer(node, (peer) => {
    if (peer.version === self.version && peer.nextVersion === self.version) return false;
    peer.nextVersion = self.version;
    return true;
  });
  const bootIdBefore = await pair.callPeer(node, (peer) => peer.bootId);
  await ctx.sleep(REMOTE_STEP);

  ctx.setProgress(5, 'Rebooting other controller');
  await ctx.sleep(REMOTE_STEP);
  if (beChanged || options.graceful) {
    // failover_/reboot.py `other_node`: call_remote('system.reboot', [reason, {'delay': 5}], {'job_return': True}).
    await pair.callPeer(node, (peer) =>
      startSystemReboot(pair, peer.node, pair.release.family === '25.04' ? 'System upgrade' : options.reason, 5),
    );
  } else {
    try {
      await pair.callPeer(node, (peer) => becomePassive(pair, peer.node));
    } catch (err) {
      // raise_connect_error=False: a peer that drops the connection is what we expect.
      if (!(err instanceof SimCallError && isNetworkErrno(err.errno))) throw err;
    }
  }

  ctx.setProgress(30, 'Waiting on the other controller to go offline');
  if (!(await waitUntil(ctx, GO_OFFLINE_LIMIT, () => pair.peerState(node) !== 'ok'))) {
    throw new SimCallError('Timed out after 90seconds waiting for the other controller to come back online', ERRNO.ETIMEDOUT);
  }

  ctx.setProgress(60, 'Waiting for the other controller to come back online');
  const back = await waitUntil(ctx, COME_BACK_LIMIT, () => {
    if (pair.peerState(node) !== 'ok') return false;
    const peer = pair.peer(node);
    return peer.power === 'up' && !pair.failoverInProgress(peer.node) && peer.role === 'BACKUP';
  });
  if (!back) throw new SimCallError('Timed out waiting for the other controller to come online', ERRNO.ETIMEDOUT);

  const bootIdAfter = await pair.callPeer(node, (peer) => peer.bootId);
  if (bootIdAfter === bootIdBefore) throw new SimCallError('Other controller failed to reboot');
  ctx.setProgress(100, 'Other controller rebooted successfully');
  return null;
}

/** Polls a condition every few (simulated) seconds, like the server's wait loops; false on timeout. */
export async function waitUntil(ctx: JobContext, limitMs: number, condition: () => boolean): Promise<boolean> {
  // Polls at a finer grain than the server (5 s) so that fast tests do not wait a whole period.
  const step = POLL;
  for (let waited = 0; waited <= limitMs; waited += step) {
    if (condition()) return true;
    await ctx.sleep(step);
  }
  return condition();
}
