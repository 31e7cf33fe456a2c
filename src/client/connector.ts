/**
 * Finds a controller to talk to, over either transport: tries the addresses in order of
 * preference (VIP first), follows a standby's REDIRECT when it names a configured address, prefers
 * the active controller when several addresses are configured, and backs off (exponentially, with
 * jitter, capped) between rounds. Each attempt is the driver's `open`. Before any connection has
 * worked, a single address that cannot be reached fails at once: a wrong address or a host that is
 * down is then reported in seconds, not after the call's timeout.
 *
 * Right after a working connection dropped, a failover is likely: the new MASTER starts serving
 * at a moment nobody announces, and an exponential back-off would find it up to a whole delay
 * late (0.4–1.7 s measured, docs/benchmarks.md). So for `reconnect.afterDrop.window` ms the rounds
 * follow each other at a short jittered cadence instead, one at a time, as long as they cost the
 * server nothing: attempts refused or reset before a login. A round that spent a login it then
 * threw away (a REDIRECT, a login that failed, a second standby) goes back to the back-off at
 * once, so the short cadence never becomes a storm of rate-limited logins.
 */
import { AuthError } from '../errors/auth-error.js';
import { CallError } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { RPC_METHOD_NOT_FOUND } from '../errors/from-rpc.js';
import { HaRedirectError } from '../errors/ha-redirect-error.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { TlsCertificateError } from '../errors/tls-certificate-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Connection } from '../transport/connection.js';
import { backoffDelay } from '../util/backoff.js';
import type { InternalLogger } from '../util/logger.js';
import { sleep } from '../util/timers.js';
import { type Candidate, redirectTarget } from './addresses.js';
import { KeptStandby, type WatchStatus } from './kept-standby.js';
import type { ResolvedReconnect } from './options.js';

export interface ConnectorHost {
  candidates: readonly Candidate[];
  logger: InternalLogger;
  reconnect: ResolvedReconnect;
  masterWait: number;
  /** One attempt on one address (the driver's `open`). */
  open(candidate: Candidate, signal: AbortSignal): Promise<Connection>;
  /** An attempt failed (kept for error messages such as a connect timeout). */
  onAttemptFailed(error: unknown): void;
  /**
   * True once a connection has worked, or with several addresses: keep trying through failures to
   * reach an address. False before: an address that cannot be reached fails the search at once.
   */
  patient(): boolean;
  /** Subscribes to a kept standby's `failover.status` (WebSocket); without it a kept standby is asked every round. */
  watchStatus?: WatchStatus;
}

/**
 * True when `error` says the address cannot be reached in a way a quick retry does not cure
 * (refused, unresolvable, unreachable, silent, TLS, an HTTP status): a connection reset during
 * the handshake, as when a VIP moves, is worth waiting through.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ConnectionError && error.failure !== 'CUT_OFF';
}

/**
 * Errors that retrying cannot fix: bad credentials, refused insecure transport, bad configuration,
 * a server that rejects the shape of our login or lacks the login method.
 */
export function isFatal(error: unknown): boolean {
  if (error instanceof ValidationError) return true;
  if (error instanceof CallError && error.code === RPC_METHOD_NOT_FOUND) return true;
  return (
    error instanceof TlsCertificateError ||
    error instanceof AuthError ||
    error instanceof InsecureTransportError ||
    error instanceof NotSupportedByTransportError ||
    error instanceof TypeError
  );
}

function describe(error: unknown): string {
  if (error === undefined) return 'no controller is active';
  return error instanceof Error ? error.message : String(error);
}

export class Connector {
  constructor(private readonly host: ConnectorHost) {}

  /**
   * Resolves with a ready connection, or rejects with a fatal error or the signal's reason.
   * `droppedAt` (epoch ms): when a working connection dropped, if that is why this search runs.
   */
  async establish(signal: AbortSignal, droppedAt?: number): Promise<Connection> {
    // A standby found while looking for the master stays connected across rounds (KeptStandby);
    // the search keeps it in `held`, and whatever way the search ends, it is let go here.
    const held: { standby?: KeptStandby } = {};
    try {
      const connection = await this.search(signal, droppedAt, held);
      held.standby?.end('the active controller was found', connection);
      return connection;
    } catch (error) {
      held.standby?.end('connection attempt ended');
      throw error;
    }
  }

  private async search(signal: AbortSignal, droppedAt: number | undefined, held: { standby?: KeptStandby }): Promise<Connection> {
    const { candidates, logger, reconnect } = this.host;
    const started = Date.now();
    const afterDrop = reconnect.afterDrop;
    const hurryUntil = afterDrop && droppedAt !== undefined ? droppedAt + afterDrop.window : 0;
    let failures = 0;
    /** Rounds paced by the exponential back-off: it starts from its first delay when the short cadence ends. */
    let backedOff = 0;
    let preferred: Candidate | undefined;
    let lastError: unknown;
    /** Ends the pause between rounds early: the kept standby's status changed. */
    let wake: AbortController | undefined;
    let woken = false;
    const keep = (connection: Connection | undefined, candidate?: Candidate) => {
      held.standby?.end('looking for the active controller');
      held.standby =
        connection && candidate
          ? new KeptStandby(connection, candidate, this.host.watchStatus, () => {
              woken = true;
              wake?.abort();
            })
          : undefined;
    };
    for (;;) {
      signal.throwIfAborted();
      woken = false;
      // A kept standby is asked first: when it has been promoted the client switches to it with
      // one status call, where the VIP (which moved to it too) would cost a new login.
      const first = preferred ?? held.standby?.candidate;
      const order = first ? [first, ...candidates.filter((c) => c !== first)] : [...candidates];
      preferred = undefined;
      let unknownRedirect: HaRedirectError | undefined;
      let otherFailure = false;
      /** A login was made and thrown away in this round (rate-limited; the short cadence must not repeat it). */
      let spentLogin = false;
      for (let i = 0; i < order.length; i++) {
        const candidate = order[i]!;
        if (held.standby?.candidate === candidate) {
          if (!held.standby.needsAsking) continue;
          const kept = held.standby.connection;
          // Over REST every request carries the credentials: asking counts like a login.
          if (kept.authorization) spentLogin = true;
          const before = kept.identity.status;
          if (await held.standby.ask(signal)) {
            if (kept.identity.status !== before) logger.info(`${kept.identity.url} is now ${kept.identity.status}`);
            if (kept.active) return kept;
            continue;
          }
          keep(undefined);
        }
        try {
          const connection = await this.host.open(candidate, signal);
          if (candidates.length === 1 || connection.active) return connection;
          logger.info(
            `${connection.identity.url} is ${connection.identity.status ?? 'not holding the VIP'}; looking for the active controller`,
          );
          if (held.standby) {
            connection.close('looking for the active controller');
            spentLogin = true;
          } else keep(connection, candidate);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          // Refused, reset or silent before any request was answered: the server spent nothing on
          // it. An HTTP status was an answer, maybe to a request that carried credentials (REST).
          if (!(error instanceof ConnectionError) || error.failure === 'HTTP_STATUS') spentLogin = true;
          if (error instanceof HaRedirectError) {
            const target = redirectTarget(candidates, error.urls);
            if (target && target !== candidate) {
              logger.info(`${candidate.address.wsBase} is the standby; following its redirect to ${target.address.wsBase}`);
              if (order.slice(0, i + 1).includes(target)) {
                preferred = target;
                otherFailure = true;
              } else order.splice(i + 1, order.length, target, ...order.slice(i + 1).filter((c) => c !== target));
              continue;
            }
            unknownRedirect = error;
            lastError = error;
            this.host.onAttemptFailed(error);
            continue;
          }
          if (isFatal(error) || (isUnreachable(error) && !this.host.patient())) throw error;
          otherFailure = true;
          lastError = error;
          this.host.onAttemptFailed(error);
          logger.debug(`cannot use ${candidate.address.wsBase}: ${describe(error)}`);
        }
      }
      if (held.standby) {
        if (Date.now() - started >= this.host.masterWait) {
          logger.warn(
            `no controller answered as MASTER within ${this.host.masterWait} ms; using the standby ${held.standby.connection.identity.url}`,
          );
          return held.standby.connection;
        }
      } else if (unknownRedirect && !otherFailure) throw unknownRedirect;
      failures++;
      const max = this.host.reconnect.maxAttempts;
      if (max !== undefined && failures >= max) {
        throw new ConnectionClosedError(`Gave up connecting after ${failures} attempts: ${describe(lastError)}`, { cause: lastError });
      }
      if (!woken) {
        const hurry = afterDrop && !spentLogin && Date.now() < hurryUntil;
        // The short cadence is a back-off that never grows: its first delay, jittered the same way.
        const delay = hurry
          ? backoffDelay(0, { initialDelay: afterDrop.interval, maxDelay: afterDrop.interval, jitter: 0.5 })
          : backoffDelay(backedOff++, reconnect);
        logger.debug(`no usable controller (${describe(lastError)}); next attempt in ${delay} ms`);
        wake = new AbortController();
        await sleep(delay, AbortSignal.any([signal, wake.signal])).catch((error) => {
          if (signal.aborted) throw error;
        });
        wake = undefined;
      }
      if (woken) logger.debug(`${held.standby?.connection.identity.url} reports a change of failover.status; asking it now`);
    }
  }
}
