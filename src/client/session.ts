/**
 * One connection attempt to one address: WebSocket, connection options, login, identification of
 * the controller reached. The result is a ready `Session`; the client decides whether to keep it.
 */
import { peerCertificate } from '../auth/channel-binding.js';
import type { Credentials } from '../auth/credentials.js';
import { type LoginContext, login } from '../auth/login.js';
import type { ScramKeyCache } from '../auth/scram-client.js';
import type { ApiVersion } from '../generated/index.js';
import { openWebSocket } from '../transport/open-websocket.js';
import type { TlsOptions, WebSocketConstructor } from '../transport/websocket-like.js';
import { type CloseInfo, type KeepAliveOptions, WebSocketRpc } from '../transport/websocket-rpc.js';
import { httpGetJson } from '../util/http.js';
import type { InternalLogger } from '../util/logger.js';
import type { SlidingWindowLimiter } from '../util/rate-limit.js';
import { sleep } from '../util/timers.js';
import type { Candidate } from './addresses.js';
import type { ControllerIdentity } from './identity.js';
import { apiMajor, atLeast } from './version.js';

export interface Session {
  readonly rpc: WebSocketRpc;
  readonly candidate: Candidate;
  readonly identity: ControllerIdentity;
  readonly version: ApiVersion;
  readonly loggedIn: boolean;
}

/** Everything an attempt needs; shared across attempts by the client. */
export interface SessionContext {
  credentials: Credentials | undefined;
  allowInsecure: boolean;
  tls: TlsOptions | undefined;
  WebSocket: WebSocketConstructor | undefined;
  connectTimeout: number;
  /** Time allowed for the WebSocket handshake alone (shorter when other addresses can be tried). */
  handshakeTimeout: number;
  maxInFlight: number;
  maxQueue: number;
  keepAlive: KeepAliveOptions | false;
  logger: InternalLogger;
  limiter: SlidingWindowLimiter;
  scramCache: ScramKeyCache;
  /** `auth.mechanism_choices`, remembered once read. */
  mechanisms: { value: readonly string[] | undefined; read: boolean };
  onAuthenticating(): void;
  onNotification(rpc: WebSocketRpc, method: string, params: unknown): void;
  onClose(rpc: WebSocketRpc, info: CloseInfo): void;
}

// Unauthenticated calls the server rate-limits per method and address (spec §2.8).
const RATE_LIMITED = new Set(['auth.login_ex', 'auth.login_ex_continue', 'auth.mechanism_choices', 'auth.login_with_token', 'core.ping']);

export async function openSession(
  candidate: Candidate,
  version: ApiVersion,
  path: string,
  ctx: SessionContext,
  signal: AbortSignal,
): Promise<Session> {
  const url = `${candidate.address.wsBase}${path}`;
  const attempt = AbortSignal.any([signal, AbortSignal.timeout(ctx.connectTimeout)]);
  const socket = await openWebSocket(url, { WebSocket: ctx.WebSocket, tls: ctx.tls, timeout: ctx.handshakeTimeout, signal: attempt });
  const rpc: WebSocketRpc = new WebSocketRpc(socket, {
    url,
    logger: ctx.logger,
    maxInFlight: ctx.maxInFlight,
    maxQueue: ctx.maxQueue,
    onNotification: (method, params) => ctx.onNotification(rpc, method, params),
    onClose: (info) => ctx.onClose(rpc, info),
  });
  const call = async (method: string, params: unknown[]) => {
    if (!rpc.authenticated && RATE_LIMITED.has(method)) {
      const wait = ctx.limiter.waitTime(method);
      if (wait > 0) {
        ctx.logger.info(`waiting ${wait} ms before ${method} to stay under TrueNAS's limit of 20 unauthenticated calls a minute`);
        await sleep(wait, attempt);
      }
      ctx.limiter.record(method);
    }
    return rpc.call(method, params, { signal: attempt });
  };
  try {
    ctx.logger.debug(`connected to ${url}`);
    if (atLeast(version, 'v25.10.0')) {
      // Job methods answer with the job id at once (the default, made explicit); jobs are then
      // followed through core.get_jobs and hold no call slot (spec §4.2).
      await call('core.set_options', [{ legacy_jobs: true }]).catch((error) => ctx.logger.debug('core.set_options failed', error));
    }
    let loggedIn = false;
    if (ctx.credentials) {
      ctx.onAuthenticating();
      const loginContext: LoginContext = {
        call,
        apiMajor: apiMajor(version),
        address: candidate.address,
        url,
        allowInsecure: ctx.allowInsecure,
        scramCache: ctx.scramCache,
        peerCertificate: peerCertificate(socket),
        mechanismChoices: async () => {
          if (!ctx.mechanisms.read) {
            try {
              const value = await call('auth.mechanism_choices', []);
              ctx.mechanisms.value = Array.isArray(value) ? value.map(String) : undefined;
            } catch (error) {
              // 25.04.2–25.10.2 fail this call before login: that means "no SCRAM" (spec §2.1).
              ctx.logger.debug('auth.mechanism_choices failed', error);
              ctx.mechanisms.value = undefined;
            }
            ctx.mechanisms.read = true;
          }
          return ctx.mechanisms.value;
        },
      };
      const result = await login(ctx.credentials, loginContext);
      rpc.authenticated = true;
      loggedIn = true;
      ctx.logger.info(`logged in to ${url} with ${result.mechanism}`);
    }
    const identity = await identify(rpc, candidate, version, url, loggedIn, ctx, attempt);
    if (ctx.keepAlive) rpc.startKeepAlive(ctx.keepAlive);
    return { rpc, candidate, identity, version, loggedIn };
  } catch (error) {
    rpc.close('connection attempt failed');
    throw error;
  }
}

/** Reads node letter, status and boot id of the controller reached, tolerating refusals. */
async function identify(
  rpc: WebSocketRpc,
  candidate: Candidate,
  version: ApiVersion,
  url: string,
  loggedIn: boolean,
  ctx: SessionContext,
  signal: AbortSignal,
): Promise<ControllerIdentity> {
  const quiet = <T>(p: Promise<T>) => p.catch(() => undefined);
  const ask = (method: string) => (loggedIn ? quiet(rpc.call(method, [], { signal })) : Promise.resolve(undefined));
  const bootFromInfo = async () => {
    const info = (await ask('failover.reboot.info')) as { this_node?: { boot_id?: unknown } } | undefined;
    return typeof info?.this_node?.boot_id === 'string' ? info.this_node.boot_id : undefined;
  };
  const bootId = async (): Promise<string | undefined> => {
    if (atLeast(version, 'v25.10.0')) {
      const id = await quiet(
        httpGetJson(`${candidate.address.httpBase}/api/boot_id`, { tls: ctx.tls, timeout: Math.min(5000, ctx.connectTimeout), signal }),
      );
      if (typeof id === 'string' && id) return id;
    }
    return bootFromInfo();
  };
  const [node, status, boot] = await Promise.all([ask('failover.node'), ask('failover.status'), bootId()]);
  return {
    url,
    node: typeof node === 'string' ? node : undefined,
    status: typeof status === 'string' ? status : undefined,
    bootId: boot,
  };
}
