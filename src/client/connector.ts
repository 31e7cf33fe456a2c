/**
 * Finds a controller to talk to, over either transport: tries the addresses in order of
 * preference (VIP first), follows a standby's REDIRECT when it names a configured address, prefers
 * the active controller when several addresses are configured, and backs off (exponentially, with
 * jitter, capped) between rounds. Each attempt is the driver's `open`. Before any connection has
 * worked, a single address that cannot be reached fails at once: a wrong address or a host that is
 * down is then reported in seconds, not after the call's timeout.
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
import type { ReconnectOptions } from './options.js';

export interface ConnectorHost {
  candidates: readonly Candidate[];
  logger: InternalLogger;
  reconnect: ReconnectOptions;
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

  /** Resolves with a ready connection, or rejects with a fatal error or the signal's reason. */
  async establish(signal: AbortSignal): Promise<Connection> {
    // A standby found while looking for the master stays connected across rounds: checking its
    // status again is one authenticated call, where logging in again would cost rate-limited
    // logins. When it is promoted it is used as it is.
    let standby: Connection | undefined;
    try {
      const connection = await this.search(signal, (s) => {
        if (standby && standby !== s) standby.close('looking for the active controller');
        standby = s;
      });
      if (standby && standby !== connection) standby.close('the active controller was found');
      return connection;
    } catch (error) {
      standby?.close('connection attempt ended');
      throw error;
    }
  }

  private async search(signal: AbortSignal, keepStandby: (connection: Connection | undefined) => void): Promise<Connection> {
    const { candidates, logger } = this.host;
    const started = Date.now();
    let failures = 0;
    let preferred: Candidate | undefined;
    let lastError: unknown;
    let standby: { connection: Connection; candidate: Candidate } | undefined;
    const keep = (connection: Connection | undefined, candidate?: Candidate) => {
      standby = connection && candidate ? { connection, candidate } : undefined;
      keepStandby(connection);
    };
    for (;;) {
      signal.throwIfAborted();
      const order = preferred ? [preferred, ...candidates.filter((c) => c !== preferred)] : [...candidates];
      preferred = undefined;
      let unknownRedirect: HaRedirectError | undefined;
      let otherFailure = false;
      for (let i = 0; i < order.length; i++) {
        const candidate = order[i]!;
        if (standby?.candidate === candidate) {
          const kept = standby.connection;
          const before = kept.identity.status;
          if (await kept.recheck(signal)) {
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
          if (standby) connection.close('looking for the active controller');
          else keep(connection, candidate);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
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
      if (standby) {
        if (Date.now() - started >= this.host.masterWait) {
          logger.warn(
            `no controller answered as MASTER within ${this.host.masterWait} ms; using the standby ${standby.connection.identity.url}`,
          );
          return standby.connection;
        }
      } else if (unknownRedirect && !otherFailure) throw unknownRedirect;
      failures++;
      const max = this.host.reconnect.maxAttempts;
      if (max !== undefined && failures >= max) {
        throw new ConnectionClosedError(`Gave up connecting after ${failures} attempts: ${describe(lastError)}`, { cause: lastError });
      }
      const delay = backoffDelay(failures - 1, this.host.reconnect);
      logger.debug(`no usable controller (${describe(lastError)}); next attempt in ${delay} ms`);
      await sleep(delay, signal);
    }
  }
}
