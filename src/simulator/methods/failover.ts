/**
 * `failover.*` handlers: thin translations onto the pair state machine, answered from the point
 * of view of the controller the connection landed on.
 */
import { becomePassive, control, forceMaster, syncFromPeer, syncToPeer, unlock, updateFailover } from '../pair/operations.js';
import { rebootOtherNode } from '../pair/reboot-other-node.js';
import { runUpgrade, type UpgradeOptions } from '../pair/upgrade.js';
import { type CallContext, type Handler, jobMethod, NO_REPLY } from '../rpc/dispatch.js';
import { callRemote } from './call-remote.js';
import { getIps } from './ips.js';

const nodeOf = (call: CallContext) => call.session.node;

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

  // failover_/reboot.py `other_node`: @job(lock='reboot_standby').
  'failover.reboot.other_node': jobMethod({
    lock: 'reboot_standby',
    // 25.04's other_node takes no argument: the defaults of later versions apply.
    run: (call, [options], ctx) =>
      rebootOtherNode(
        call.rt.pair,
        nodeOf(call),
        (options as { reason: string; graceful: boolean } | undefined) ?? { reason: 'System upgrade', graceful: false },
        ctx,
      ),
  }),

  // failover.py `upgrade`: @job(lock='failover_upgrade', pipes=['input']); the uploaded image, if any, comes with the call.
  'failover.upgrade': jobMethod({
    lock: 'failover_upgrade',
    run: (call, [options], ctx) =>
      runUpgrade(
        call.rt.pair,
        nodeOf(call),
        { resume: false, resume_manual: false, ...(options as Partial<UpgradeOptions>) },
        ctx,
        call.upload,
      ),
  }),

  // Public on 25.04; private (FULL_ADMIN) from 25.10 on, except control and unlock, which 25.10 removed.
  'failover.hardware': (call) => (call.rt.pair.licensed ? 'IXKVM' : 'MANUAL'),

  'failover.in_progress': (call) => call.rt.pair.failoverInProgress(nodeOf(call)),

  'failover.force_master': (call) => forceMaster(call.rt.pair, nodeOf(call)),

  'failover.control': (call, [action, options]) =>
    control(call.rt.pair, nodeOf(call), action as 'ENABLE' | 'DISABLE', (options as { active?: boolean } | undefined) ?? {}),

  'failover.unlock': (call, [options]) => unlock(call.rt.pair, nodeOf(call), options as Parameters<typeof unlock>[2]),

  // 25.04 public, 25.10+ private (failover_/remote.py `call_remote`).
  'failover.call_remote': (call, [method, args, options]) =>
    callRemote(call, String(method), (args as unknown[] | null) ?? [], (options as Parameters<typeof callRemote>[3]) ?? null),
};
