/** Which controller a connection reached, and how to tell controllers and boots apart. */

/** The controller a connection reached. */
export interface ControllerIdentity {
  /** Endpoint URL the client connected to (the VIP or a controller address). */
  url: string;
  /** Chassis slot from `failover.node`: `A`, `B` or `MANUAL`; undefined when it could not be read. */
  node: string | undefined;
  /** Boot id of the controller (`/api/boot_id` or `failover.reboot.info`); changes on every boot. */
  bootId: string | undefined;
  /** `failover.status` when connected: `MASTER`, `BACKUP`, `SINGLE`, …; undefined when unreadable. */
  status: string | undefined;
}

/** Emitted when the client reconnected to another controller, or to the same one after a reboot. */
export interface FailoverEvent {
  from: ControllerIdentity;
  to: ControllerIdentity;
  /** True when the node letter changed (the other controller is active now). */
  nodeChanged: boolean;
  /** True when the boot id changed: another controller, or the same one rebooted. */
  bootChanged: boolean;
}

/** Statuses of a controller that may serve writes. `undefined` (unreadable) counts as usable. */
export function isActiveStatus(status: string | undefined): boolean {
  return status === undefined || status === 'MASTER' || status === 'SINGLE';
}

/** The failover event between two identities, or undefined when it is the same controller and boot. */
export function failoverBetween(from: ControllerIdentity, to: ControllerIdentity): FailoverEvent | undefined {
  const nodeChanged = from.node !== undefined && to.node !== undefined && from.node !== to.node;
  const bootChanged = from.bootId !== undefined && to.bootId !== undefined && from.bootId !== to.bootId;
  const unknown = from.node === undefined && to.node === undefined && from.bootId === undefined && to.bootId === undefined;
  if (nodeChanged || bootChanged || (unknown && from.url !== to.url)) return { from, to, nodeChanged, bootChanged };
  return undefined;
}
