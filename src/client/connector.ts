/**
 * Finds a controller to talk to: tries the addresses in order of preference (VIP first), follows a
 * standby's REDIRECT when it names a configured address, prefers the `MASTER` when several
 * addresses are configured, and backs off (exponentially, with jitter, capped) between rounds.
 */
import { AuthError } from '../errors/auth-error.js';
import { CallError } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { RPC_METHOD_NOT_FOUND } from '../errors/from-rpc.js';
import { HaRedirectError } from '../errors/ha-redirect-error.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { TlsCertificateError } from '../errors/tls-certificate-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type ApiVersion, LATEST_API_VERSION } from '../generated/index.js';
import { backoffDelay } from '../util/backoff.js';
import type { InternalLogger } from '../util/logger.js';
import { sleep } from '../util/timers.js';
import { type Candidate, redirectTarget } from './addresses.js';
import { isActiveStatus } from './identity.js';
import type { ReconnectOptions } from './options.js';
import { openSession, type Session, type SessionContext } from './session.js';
import { discoverVersion } from './version.js';

export interface ConnectorHost {
  candidates: readonly Candidate[];
  logger: InternalLogger;
  reconnect: ReconnectOptions;
  masterWait: number;
  context: SessionContext;
  /** The API version in use, once known. */
  getVersion(): ApiVersion | undefined;
  setVersion(version: ApiVersion, confirmed: boolean): void;
  /** An attempt failed (kept for error messages such as a connect timeout). */
  onAttemptFailed(error: unknown): void;
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
  return error instanceof Error ? error.message : String(error);
}

export class Connector {
  constructor(private readonly host: ConnectorHost) {}

  /** Resolves with a ready session, or rejects with a fatal error or the signal's reason. */
  async establish(signal: AbortSignal): Promise<Session> {
    // A standby found while looking for the master stays connected across rounds: checking its
    // status again is one authenticated call, where logging in again would cost rate-limited
    // logins. When it is promoted it is used as it is.
    let standby: Session | undefined;
    try {
      // A re-checked standby is a copy with a new status: compare connections, not objects.
      const session = await this.search(signal, (s) => {
        if (standby && standby.rpc !== s?.rpc) standby.rpc.close('looking for the active controller');
        standby = s;
      });
      if (standby && standby.rpc !== session.rpc) standby.rpc.close('the active controller was found');
      return session;
    } catch (error) {
      standby?.rpc.close('connection attempt ended');
      throw error;
    }
  }

  private async search(signal: AbortSignal, keepStandby: (session: Session | undefined) => void): Promise<Session> {
    const { candidates, logger } = this.host;
    const started = Date.now();
    let failures = 0;
    let preferred: Candidate | undefined;
    let lastError: unknown;
    let standby: Session | undefined;
    const keep = (session: Session | undefined) => {
      standby = session;
      keepStandby(session);
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
          const checked = await this.recheck(standby, signal);
          if (checked && isActiveStatus(checked.identity.status)) return checked;
          if (!checked) keep(undefined);
          else {
            keep(checked);
            continue;
          }
        }
        try {
          const session = await this.attempt(candidate, signal);
          if (candidates.length === 1 || isActiveStatus(session.identity.status)) return session;
          logger.info(`${session.identity.url} is ${session.identity.status}; looking for the active controller`);
          if (standby) session.rpc.close('looking for the active controller');
          else keep(session);
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
          if (isFatal(error)) throw error;
          otherFailure = true;
          lastError = error;
          this.host.onAttemptFailed(error);
          logger.debug(`cannot use ${candidate.address.wsBase}: ${describe(error)}`);
        }
      }
      if (standby) {
        if (Date.now() - started >= this.host.masterWait) {
          logger.warn(`no controller answered as MASTER within ${this.host.masterWait} ms; using the standby ${standby.identity.url}`);
          return standby;
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

  /** Reads the status of a kept standby again; undefined when its connection is gone. */
  private async recheck(session: Session, signal: AbortSignal): Promise<Session | undefined> {
    if (!session.rpc.open) return undefined;
    try {
      const status = await session.rpc.call('failover.status', [], { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
      if (typeof status !== 'string' || status === session.identity.status) return session;
      this.host.logger.info(`${session.identity.url} is now ${status}`);
      return { ...session, identity: { ...session.identity, status } };
    } catch {
      if (signal.aborted) throw signal.reason;
      session.rpc.close('no answer while looking for the active controller');
      return undefined;
    }
  }

  private async attempt(candidate: Candidate, signal: AbortSignal): Promise<Session> {
    const { context, logger } = this.host;
    let version = this.host.getVersion();
    let path = candidate.address.path;
    let assumed = false;
    if (!version) {
      try {
        version = await discoverVersion(candidate.address, context.tls, context.handshakeTimeout, signal);
        this.host.setVersion(version, true);
      } catch (error) {
        if (error instanceof TypeError && /offers API versions/.test(error.message)) throw error;
        if (signal.aborted) throw signal.reason;
        // Browsers may be refused the HTTP endpoint (CORS) while the WebSocket works.
        logger.debug(`cannot read ${candidate.address.httpBase}/api/versions (${describe(error)}); trying /api/current`);
        version = LATEST_API_VERSION;
        assumed = true;
        path ??= '/api/current';
      }
    }
    const session = await openSession(candidate, version, path ?? `/api/${version}`, context, signal);
    if (assumed) {
      logger.warn(`the server's API version list could not be read; assuming ${version} on ${session.identity.url}`);
      this.host.setVersion(version, false);
    }
    return session;
  }
}
