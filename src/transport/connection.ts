/**
 * What the client core needs from a transport. A `Driver` turns the address of a controller into
 * a ready `Connection`: reached, logged in (WebSocket) or credentials checked (REST), and
 * identified (node, boot id, status, API version). The core keeps one connection at a time and
 * writes the lifecycle (candidate search, back-off, the call lifecycle, jobs, events) once, for
 * both drivers.
 */
import type { Credentials } from '../auth/credentials.js';
import type { ApiRegistry } from '../types/api-registry.js';
import type { InternalLogger } from '../util/logger.js';
import type { ControllerAddress } from '../util/url.js';
import { atLeast } from '../util/version.js';
import type { AuthorizationHeader } from './authorization.js';
import { withDeadline } from './deadline.js';
import type { HttpClient } from './http.js';
import type { TlsOptions } from './tls.js';
import type { Transport } from './transport.js';

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

/** Statuses of a controller that may serve writes. `undefined` (unreadable) counts as usable. */
export function isActiveStatus(status: string | undefined): boolean {
  return status === undefined || status === 'MASTER' || status === 'SINGLE';
}

/**
 * Node letter, status and boot id of the controller a connection reached, tolerating refusals:
 * `ask` answers undefined for a method that cannot be read (not logged in, not over REST). The
 * boot id comes from `GET /api/boot_id` (25.10+), else from `failover.reboot.info`.
 */
export async function readIdentity(
  reached: { url: string; version: string; address: ControllerAddress },
  ask: (method: string) => Promise<unknown>,
  http: HttpClient,
  signal: AbortSignal,
): Promise<ControllerIdentity> {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const bootId = async (): Promise<string | undefined> => {
    if (atLeast(reached.version, 'v25.10.0')) {
      const url = `${reached.address.httpBase}/api/boot_id`;
      const id = await withDeadline(signal, 5000, (bounded) => http.getJson(url, bounded)).catch(() => undefined);
      if (typeof id === 'string' && id) return id;
    }
    const info = (await ask('failover.reboot.info')) as { this_node?: { boot_id?: unknown } } | undefined;
    return text(info?.this_node?.boot_id);
  };
  const [node, status, boot] = await Promise.all([ask('failover.node'), ask('failover.status'), bootId()]);
  return { url: reached.url, node: text(node), status: text(status), bootId: boot };
}

/** Why a connection ended: a WebSocket close code and reason (1006 for a request that got no answer). */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** A ready connection to one controller. */
export interface Connection extends Transport {
  readonly address: ControllerAddress;
  /** The API version spoken on it. */
  readonly version: string;
  readonly identity: ControllerIdentity;
  /** True when the controller may serve writes (MASTER, SINGLE or unknown; over REST, holding the VIP where that is known). */
  readonly active: boolean;
  readonly loggedIn: boolean;
  /** Requests on the wire now, and requests waiting locally for a free slot. */
  readonly inFlightCount: number;
  readonly queuedCount: number;
  /**
   * The credential every request of this connection carries (REST), or undefined when the
   * connection logged in once (WebSocket): an upload then asks for a single-use token.
   */
  readonly authorization: AuthorizationHeader | undefined;
  /** Reads the controller's status again (a standby kept while looking for the active one); false once it cannot be read. */
  recheck(signal: AbortSignal): Promise<boolean>;
}

/** What a driver tells the client about its connections. */
export interface ConnectionHooks {
  /** A login starts. */
  onAuthenticating(): void;
  /** A server notification arrived (WebSocket). */
  onNotification(connection: Connection, method: string, params: unknown): void;
  /** The connection can no longer carry calls: the socket closed, or a request got no answer (REST). */
  onClose(connection: Connection, info: CloseInfo): void;
}

/** What every driver is built with. */
export interface DriverSetup {
  api: ApiRegistry;
  logger: InternalLogger;
  hooks: ConnectionHooks;
  tls: TlsOptions | undefined;
  allowInsecure: boolean;
  /** Time allowed for one connection attempt (reach, log in, identify), ms. */
  connectTimeout: number;
  /** Time allowed to reach the address at all (shorter when other addresses can be tried), ms. */
  handshakeTimeout: number;
  maxInFlight: number;
  maxQueue: number;
  /** Largest message accepted from the server, bytes: a larger WebSocket frame closes the connection (code 1009), a larger REST answer fails its call. */
  maxIncomingMessage: number;
}

/** One connection attempt. */
export interface OpenRequest {
  address: ControllerAddress;
  credentials: Credentials | undefined;
  /** The API version in use, or undefined: the driver finds it and reports it with `setVersion`. */
  version: string | undefined;
  setVersion(version: string): void;
  signal: AbortSignal;
}

export interface Driver {
  readonly kind: 'websocket' | 'rest';
  /** Whether connections carry server events (`core.subscribe`): WebSocket does, REST does not. */
  readonly pushesEvents: boolean;
  /** HTTP for uploads and the unauthenticated endpoints; shared by the connections of one client. */
  readonly http: HttpClient;
  /** Resolves with a ready connection, or rejects (fatal errors included) or with the signal's reason. */
  open(request: OpenRequest): Promise<Connection>;
  /** Throws a TypeError naming `field` when this transport cannot send `credentials`. */
  checkCredentials(credentials: Credentials | undefined, field: string): void;
  /** Closes every connection still open and drops idle HTTP connections. */
  close(): void;
}
