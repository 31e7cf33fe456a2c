/**
 * A standby kept connected while the client looks for the MASTER (several addresses). Asking it
 * again costs one authenticated call where a new connection would cost a rate-limited login, and
 * once promoted it is used as it is. Where the transport pushes events it is subscribed to its own
 * `failover.status`: it is then asked only when an event says its status changed (and once right
 * after subscribing, since TrueNAS pushes changes only, never the value current at that moment),
 * and each event wakes the search from its pause, so the client moves the moment it is promoted
 * instead of at its next round.
 */
import type { Connection } from '../transport/connection.js';
import type { Candidate } from './addresses.js';

/**
 * Subscribes to `failover.status` on `connection`; `changed` runs on each of its events. Resolves
 * with a function that ends the subscription, or undefined when there is none (no events on this
 * transport, or the server refused).
 */
export type WatchStatus = (connection: Connection, changed: () => void) => Promise<(() => void) | undefined>;

export class KeptStandby {
  /** An event arrived since its status was last read (or the subscription just started). */
  private changed = true;
  private watching = false;
  private stopWatching: (() => void) | undefined;
  private ended = false;

  constructor(
    readonly connection: Connection,
    readonly candidate: Candidate,
    watch: WatchStatus | undefined,
    /** Its status may have changed: worth asking now. */
    onChange: () => void,
  ) {
    void watch?.(connection, () => {
      this.changed = true;
      onChange();
    }).then((stop) => {
      if (!stop) return;
      if (this.ended) return stop();
      this.stopWatching = stop;
      this.watching = true;
      this.changed = true;
      onChange();
    });
  }

  /** False while its events say its status has not changed since it was last read. */
  get needsAsking(): boolean {
    return !this.watching || this.changed || !this.connection.open;
  }

  /** Reads its status again; false once it cannot be read (it is then closed). */
  ask(signal: AbortSignal): Promise<boolean> {
    this.changed = false;
    return this.connection.recheck(signal);
  }

  /** Ends the subscription, and closes the connection unless it is the one the client goes on with. */
  end(why: string, inUse?: Connection): void {
    this.ended = true;
    this.stopWatching?.();
    this.stopWatching = undefined;
    if (this.connection !== inUse) this.connection.close(why);
  }
}
