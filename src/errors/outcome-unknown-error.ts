import { type ConnectionClosedDetails, ConnectionClosedError } from './connection-closed-error.js';

const HOW_TO_CHECK: Record<string, string> = {
  'failover.update': 'read failover.config to see whether the change took effect',
  'failover.sync_to_peer': 'call failover.sync_to_peer again once connected (it only copies the configuration) or compare both controllers',
  'failover.sync_from_peer': 'call failover.sync_from_peer again once connected or compare both controllers',
  'failover.reboot.other_node': 'read failover.reboot.info (the other node boot_id changes when it rebooted) or core.get_jobs',
  'failover.upgrade': 'look for a failover.upgrade job with core.get_jobs and read failover.reboot.info',
  'failover.become_passive': 'read failover.status and failover.node to see which controller is active now',
};

/**
 * A call that changes state was sent, and the connection dropped before its answer arrived. The
 * server may or may not have applied it; the client never sends it again by itself.
 */
export class OutcomeUnknownError extends ConnectionClosedError {
  static override readonly kind: string = 'OutcomeUnknownError';

  constructor(method: string, details: Omit<ConnectionClosedDetails, 'method' | 'sent'> = {}) {
    const check = HOW_TO_CHECK[method] ?? 'read the affected state back once the client is connected again';
    super(
      `${method} was sent${details.url ? ` to ${details.url}` : ''} but the connection dropped before the answer arrived, so its outcome is unknown. ` +
        `It was not sent again (it is not safe to repeat blindly); to find out, ${check}.`,
      { ...details, method, sent: true },
    );
  }
}
