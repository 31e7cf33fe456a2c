/**
 * With several addresses, keeps the client on the active controller when the one it talks to
 * stops being active without dropping the connection (e.g. `failover.update({ master: false })`),
 * or refuses a call the way a standby does (EHAUNAVAILABLE, EREMOTENODEERROR).
 */
import type { CallError } from '../errors/call-error.js';
import type { EventHub } from '../events/event-hub.js';
import { type Connection, isActiveStatus } from '../transport/connection.js';
import type { InternalLogger } from '../util/logger.js';

export interface ActiveControllerWatchHost {
  logger: InternalLogger;
  hub: EventHub;
  /** Number of configured addresses; with one there is nowhere else to go. */
  addresses: number;
  /** True when the client logs in (failover.status needs a role). */
  loggedIn(): boolean;
  /** True when connections carry events (else only refusals are noticed). */
  pushesEvents: boolean;
  current(): Connection | undefined;
  /** Stops using the current connection: new calls wait for the next one. */
  release(connection: Connection): void;
  requestConnection(): void;
}

const CHECK_INTERVAL_MS = 5000;
const DRAIN_MS = 10_000;

export class ActiveControllerWatch {
  private watching = false;
  private lastCheck = 0;

  constructor(private readonly host: ActiveControllerWatchHost) {}

  /** Listens to failover.status (once) so that a demotion in place is noticed. */
  start(): void {
    if (this.watching || this.host.addresses < 2 || !this.host.loggedIn() || !this.host.pushesEvents) return;
    this.watching = true;
    this.host.hub
      .add<{ status?: string }>('failover.status', (fields) => {
        const connection = this.host.current();
        if (connection && !isActiveStatus(fields?.status)) void this.check(connection, `it reports ${fields?.status}`);
      })
      .catch((error) => {
        this.watching = false;
        this.host.logger.debug('cannot watch failover.status', error);
      });
  }

  /** A call was refused the way a standby refuses. */
  refused(connection: Connection, error: CallError): void {
    void this.check(connection, `it answered ${error.errname ?? error.errno}`);
  }

  /** Moves to the active controller when the current one is not it. */
  private async check(connection: Connection, why: string): Promise<void> {
    if (this.host.addresses < 2 || this.host.current() !== connection || Date.now() - this.lastCheck < CHECK_INTERVAL_MS) return;
    this.lastCheck = Date.now();
    let status: unknown;
    try {
      status = await connection.call('failover.status', [], { priority: true });
    } catch {
      return;
    }
    if (this.host.current() !== connection || isActiveStatus(typeof status === 'string' ? status : undefined)) return;
    this.host.logger.info(`${connection.identity.url} is no longer the active controller (${why}); reconnecting to the active one`);
    // New calls wait for the new connection; calls already on the old one finish there first.
    this.host.release(connection);
    this.host.requestConnection();
    const drainUntil = Date.now() + DRAIN_MS;
    while (connection.open && connection.inFlightCount + connection.queuedCount > 0 && Date.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 100));
    }
    connection.close('moved to the active controller');
  }
}
