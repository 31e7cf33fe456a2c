/**
 * `failover.*` handlers: thin translations onto the pair state machine, answered from the point
 * of view of the controller the connection landed on.
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError } from '../errors.js';
import type { Job } from '../pair/jobs.js';
import { becomePassive, control, forceMaster, syncFromPeer, syncToPeer, unlock, updateFailover } from '../pair/operations.js';
import { rebootOtherNode } from '../pair/reboot-other-node.js';
import type { NodeLetter } from '../pair/types.js';
import { runUpgrade, type UpgradeOptions } from '../pair/upgrade.js';
import { type CallContext, dispatch, type Handler, jobCredentials, NO_REPLY } from '../rpc/dispatch.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';
import { Session } from '../rpc/session.js';
import type { ImageReceiver } from '../upload/image.js';
import { methodOf } from '../versions.js';

/** `failover.get_ips` of a controller: the VIP URL on the active one, nothing on the standby. */
export function getIps(rt: SimulatorRuntime, node: NodeLetter): string[] {
  if (!rt.pair.licensed) return [rt.urls.nodes[node].http];
  return rt.pair.status(node) === 'MASTER' ? [rt.urls.vip.http] : [];
}

const nodeOf = (call: CallContext) => call.session.node;

/** Private methods the controllers call on each other (`failover.call_remote`). */
const internal: Record<string, (rt: SimulatorRuntime, node: NodeLetter) => unknown> = {
  'system.ready': (rt, node) => rt.pair.controller(node).power === 'up',
  'system.boot_id': (rt, node) => rt.pair.controller(node).bootId,
  'system.version': (rt, node) => rt.pair.controller(node).version,
  'system.reboot.info': (rt, node) => rt.pair.ownRebootInfo(rt.pair.controller(node)),
  'failover.in_progress': (rt, node) => rt.pair.failoverInProgress(node),
};

async function callRemote(call: CallContext, method: string, args: unknown[]): Promise<unknown> {
  const { rt } = call;
  const { handlers } = await import('./registry.js');
  return rt.pair.callPeer(nodeOf(call), async (peer) => {
    const own = internal[method];
    if (own) return own(rt, peer.node);
    const description = methodOf(call.session.endpoint, method);
    if (!description) throw new SimCallError(`Method ${JSON.stringify(method)} not found`, ERRNO.ENOMETHOD);
    // The heartbeat connection is authenticated as the root user of the peer.
    const session = new Session(
      rt,
      peer.node,
      call.session.endpoint,
      { address: '169.254.10.1', port: 0, tls: false, unix: true, channelBinding: null },
      null,
    );
    session.credential = { type: 'UNIX_SOCKET', user: rt.accounts.root };
    const outcome = await dispatch(rt, handlers, session, description, args, undefined);
    if (outcome.kind === 'error') throw outcome.error;
    if (outcome.kind === 'job') return outcome.job.id;
    if (outcome.kind === 'none') throw new SimCallError('Remote connection closed.', ERRNO.ECONNRESET);
    return outcome.value;
  });
}

/**
 * Starts the `failover.upgrade` job, with the image uploaded along with the call if any. `options`
 * are the checked arguments, or the validation error the job fails with (an upload is validated
 * inside the job, as TrueNAS does: `POST /_upload` answers a job id first).
 */
export function startUpgradeJob(call: CallContext, args: unknown[], options: unknown, image: ImageReceiver | undefined): Job {
  const node = nodeOf(call);
  return call.rt.pair.controller(node).jobs.start({
    method: 'failover.upgrade',
    arguments: args,
    messageId: call.messageId,
    credentials: jobCredentials(call.session.credential),
    lock: 'failover_upgrade',
    run: (ctx) => {
      if (options instanceof Error) throw options;
      const opts = { resume: false, resume_manual: false, ...(options as Partial<UpgradeOptions>) };
      return runUpgrade(call.rt.pair, node, opts, ctx, image);
    },
  });
}

export const failoverHandlers: Record<string, Handler> = {
  'failover.config': (call) => call.rt.pair.config(nodeOf(call)),

  'failover.update': (call, [data]) => updateFailover(call.rt.pair, nodeOf(call), data as Parameters<typeof updateFailover>[2]),

  'failover.licensed': (call) => call.rt.pair.licensed && call.rt.pair.controller(nodeOf(call)).licensed,

  'failover.node': (call) => call.rt.pair.nodeName(nodeOf(call)),

  'failover.status': (call) => {
    call.rt.pair.publishStatus(nodeOf(call));
    return call.rt.pair.status(nodeOf(call));
  },

  'failover.get_ips': (call) => getIps(call.rt, nodeOf(call)),

  'failover.become_passive': (call) => {
    becomePassive(call.rt.pair, nodeOf(call));
    return NO_REPLY;
  },

  'failover.sync_to_peer': (call, [options]) => syncToPeer(call.rt.pair, nodeOf(call), options as { reboot: boolean }),

  'failover.sync_from_peer': (call) => syncFromPeer(call.rt.pair, nodeOf(call)),

  'failover.disabled.reasons': (call) => call.rt.pair.disabledReasons(nodeOf(call)),

  'failover.reboot.info': (call) => call.rt.pair.rebootInfo(nodeOf(call)),

  'failover.reboot.other_node': (call, [options]) => {
    const node = nodeOf(call);
    const opts = (options as { reason: string; graceful: boolean } | undefined) ?? { reason: 'System upgrade', graceful: false };
    return call.rt.pair.controller(node).jobs.start({
      method: 'failover.reboot.other_node',
      arguments: options === undefined ? [] : [options],
      messageId: call.messageId,
      credentials: jobCredentials(call.session.credential),
      lock: 'reboot_standby',
      run: (ctx) => rebootOtherNode(call.rt.pair, node, opts, ctx),
    });
  },

  'failover.upgrade': (call, [options]) => startUpgradeJob(call, [options ?? {}], options, call.upload),

  // 25.04-only public methods.
  'failover.hardware': (call) => (call.rt.pair.licensed ? 'IXKVM' : 'MANUAL'),

  'failover.in_progress': (call) => call.rt.pair.failoverInProgress(nodeOf(call)),

  'failover.force_master': (call) => forceMaster(call.rt.pair, nodeOf(call)),

  'failover.control': (call, [action, options]) =>
    control(call.rt.pair, nodeOf(call), action as 'ENABLE' | 'DISABLE', (options as { active?: boolean } | undefined) ?? {}),

  'failover.unlock': (call, [options]) => unlock(call.rt.pair, nodeOf(call), options as Parameters<typeof unlock>[2]),

  'failover.call_remote': (call, [method, args]) => callRemote(call, String(method), (args as unknown[]) ?? []),
};
