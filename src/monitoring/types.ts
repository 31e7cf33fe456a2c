/** Public types of `watchPair()`: what a watched pair looks like, what changed, and the watch handle. */

import type { ClientOptions, RestClientOptions } from '../client/options.js';
import type { Client, RestClient } from '../entry/types.js';
import type { HaSnapshot } from '../ha/types.js';
import type { AsyncDisposableLike } from '../types/disposable.js';

/** How a controller's status is known. */
export type StatusSource = 'direct' | 'inferred';

/** One controller of a watched pair. */
export interface ControllerState {
  /** `A`, `B`, or `MANUAL` on non-HA hardware. */
  node: string;
  /** `failover.status` (`MASTER`, `BACKUP`, `SINGLE`, `ELECTING`, `IMPORTING`, `ERROR`); undefined when unknown. */
  status: string | undefined;
  /**
   * `direct`: read from the controller the watch reaches. `inferred`: the other controller is the
   * standby because the reached one is MASTER and TrueNAS's own checks report nothing against its peer.
   */
  statusSource: StatusSource | undefined;
  /** Boot id; undefined when the controller could not be asked. */
  bootId: string | undefined;
  /** Codes of the reasons it must reboot (`[]`: none); undefined when it could not be asked. */
  rebootRequired: string[] | undefined;
}

/** The pair's HA state as last read (it stays as it was while the pair is unreachable). */
export interface PairHaState {
  /** When it was read (ms since the epoch). */
  readAt: number;
  /** Endpoint the watch reached (the VIP or a controller address). */
  address: string | undefined;
  apiVersion: string | undefined;
  licensed: boolean;
  /** Node letter of the controller whose status is MASTER; undefined when none is (known to be). */
  master: string | undefined;
  /** The reached controller first, then its peer (absent on non-HA systems). */
  controllers: ControllerState[];
  /** Failover administratively disabled (`failover.config.disabled`). */
  failoverDisabled: boolean;
  /** Why automatic failover is not possible now (`[]`: it is); undefined when this transport cannot read it. */
  disabledReasons: string[] | undefined;
  /** `failover.config.timeout`, seconds (0: the default, about 2 s). */
  timeout: number;
  /** A MASTER, HA-licensed, failover enabled and no disabled reason. */
  healthy: boolean;
}

/** Why the watch has no working connection to the pair. */
export type PairErrorKind = 'auth' | 'unreachable' | 'timeout' | 'other';

/** A watched pair now. Plain data: it serialises to JSON as is. */
export interface PairState {
  /** The pair's name (labels, the status page). */
  name: string;
  /** True while the last read succeeded over a working connection. */
  up: boolean;
  /** Why `up` is false (first line of the error); undefined while up or before the first read. */
  error: string | undefined;
  errorKind: PairErrorKind | undefined;
  /** When the last read ended, successful or not (ms since the epoch); undefined before the first. */
  checkedAt: number | undefined;
  /** The last successful read; undefined before the first one. */
  ha: PairHaState | undefined;
  /** Node letter of the last MASTER seen (it stays while no controller is MASTER, e.g. during a failover). */
  lastMaster: string | undefined;
  /** How many times the MASTER moved to the other controller while watched. */
  masterChanges: number;
  /** When the current MASTER took over, or when the watch first saw it (ms since the epoch). */
  masterSince: number | undefined;
  /** Reads made: successful, failed, how long the last one took (ms); connection losses seen (WebSocket). */
  reads: { ok: number; failed: number; lastDurationMs: number | undefined; connectionLosses: number };
}

interface ChangeBase {
  pair: string;
  /** When it was seen (ms since the epoch). */
  at: number;
}

/** Something that changed between two observations of a pair. */
export type PairChange = ChangeBase &
  (
    | { kind: 'reachable' }
    | { kind: 'unreachable'; error: string }
    | { kind: 'master'; from: string | undefined; to: string }
    | { kind: 'status'; node: string; from: string | undefined; to: string | undefined }
    | { kind: 'failover'; disabled: boolean }
    | { kind: 'reasons'; added: string[]; removed: string[] }
    | { kind: 'reboot-required'; node: string; reasons: string[] }
  );

/** What one observation brought: the state after it and what changed (on the first: `[]`, or `unreachable`). */
export interface PairUpdate {
  state: PairState;
  changes: PairChange[];
  /** The snapshot the state was derived from; undefined when the read failed. */
  snapshot: HaSnapshot | undefined;
}

/** Events of a `PairWatch`. */
export interface PairWatchEvents {
  /** Every observation (also when nothing changed). */
  update: PairUpdate;
  /** Each change, one at a time. */
  change: PairChange;
}

/** Options of `watchPair()`. Give `client` or `connection`. */
export interface WatchPairOptions {
  /** Name of the pair in states and changes. Default: the host of its address. */
  name?: string;
  /** A client to watch through; the watch does not close it. */
  client?: Client | RestClient;
  /** Options of a client the watch creates (`createClient(connection)`) and closes when it stops. */
  connection?: ClientOptions | RestClientOptions;
  /**
   * Time between reads in ms (±10 % so that many watches spread out). Over WebSocket events answer
   * first and these reads catch what has no event (`failover.config`); over REST they are the only
   * source. Default 15 000.
   */
  interval?: number;
  /** Longest a read may take, including waiting for a (re)connection and logging in, in ms. Default 10 000. */
  readTimeout?: number;
  /** Follow HA events (WebSocket) for changes between reads. Default true; false: reads only (one-shot checks). */
  events?: boolean;
  /** Changes kept in `watch.changes` (newest last). Default 20. */
  history?: number;
  /** Stops the watch (as `close()`). */
  signal?: AbortSignal;
}

/**
 * A running watch of one pair: the latest state, recent changes, listeners, and an async iterator
 * of updates (`for await (const update of watch)`; a slow consumer gets the latest state with every
 * change since its last step merged in, never an unbounded queue).
 */
export interface PairWatch extends AsyncIterable<PairUpdate>, AsyncDisposableLike {
  readonly name: string;
  /** The latest state. */
  readonly state: PairState;
  /** Recent changes, oldest first (at most `history`). */
  readonly changes: readonly PairChange[];
  /** Resolves after the first read ended (successful or not). */
  ready(): Promise<PairState>;
  /** Reads now (or joins the read under way); resolves with the state after it. */
  refresh(): Promise<PairState>;
  on<K extends keyof PairWatchEvents>(event: K, listener: (value: PairWatchEvents[K]) => void): () => void;
  /** Stops watching; closes the client if the watch created it. Iterators end. */
  close(): Promise<void>;
}
