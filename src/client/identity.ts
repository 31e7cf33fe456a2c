/** Telling controllers and boots apart: when a new connection means a failover (or a reboot). */
import type { ControllerIdentity } from '../transport/connection.js';

export type { ControllerIdentity };

/** Emitted when the client reconnected to another controller, or to the same one after a reboot. */
export interface FailoverEvent {
  from: ControllerIdentity;
  to: ControllerIdentity;
  /** True when the node letter changed (the other controller is active now). */
  nodeChanged: boolean;
  /** True when the boot id changed: another controller, or the same one rebooted. */
  bootChanged: boolean;
}

/** The failover event between two identities, or undefined when it is the same controller and boot. */
export function failoverBetween(from: ControllerIdentity, to: ControllerIdentity): FailoverEvent | undefined {
  const nodeChanged = from.node !== undefined && to.node !== undefined && from.node !== to.node;
  const bootChanged = from.bootId !== undefined && to.bootId !== undefined && from.bootId !== to.bootId;
  const unknown = from.node === undefined && to.node === undefined && from.bootId === undefined && to.bootId === undefined;
  if (nodeChanged || bootChanged || (unknown && from.url !== to.url)) return { from, to, nodeChanged, bootChanged };
  return undefined;
}
