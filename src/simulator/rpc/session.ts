/**
 * The server side of one client connection, independent of the transport: who is logged in, an
 * unfinished multi-step login (OTP, SCRAM), connection options, and where events go.
 */
import type { ApiKeyRecord, Credential, UserRecord } from '../auth/accounts.js';
import type { NodeLetter } from '../pair/types.js';
import type { Endpoint } from '../versions.js';
import type { SimulatorRuntime } from './runtime.js';

/** Where a connection comes from, as TrueNAS's `ConnectionOrigin`. */
export interface Origin {
  address: string;
  port: number;
  /** Arrived over TLS (wss:// or https://). */
  tls: boolean;
  /** Arrived over the controller's local UNIX socket (auto-authenticated as root). */
  unix: boolean;
  /** RFC 5929 tls-server-end-point binding data of the server certificate, when TLS. */
  channelBinding: Uint8Array | null;
}

/** Subscriptions of a connection that supports events. */
export interface EventSink {
  subscribe(name: string): string;
  unsubscribe(id: string): void;
  /** `auth.logout` ends subscriptions to parameterised event sources. */
  dropSourceSubscriptions(): void;
}

export type PendingLogin =
  | { mechanism: 'OTP_TOKEN'; user: UserRecord }
  | { mechanism: 'SCRAM'; key: ApiKeyRecord; clientFirstBare: string; serverFirst: string; nonce: string; gs2Header: string };

export class Session {
  credential: Credential | null = null;
  pending: PendingLogin | null = null;
  /** 25.10+ `legacy_jobs` (true: a job call answers its id at once). */
  legacyJobs = true;
  privateMethods = false;
  pyExceptions = false;

  constructor(
    readonly runtime: SimulatorRuntime,
    readonly node: NodeLetter,
    readonly endpoint: Endpoint,
    readonly origin: Origin,
    readonly events: EventSink | null,
  ) {}

  get authenticated(): boolean {
    return this.credential !== null;
  }

  /** Secure transport in TrueNAS's sense (TLS, UNIX socket, or loopback unless told to enforce). */
  get secureTransport(): boolean {
    if (this.origin.tls || this.origin.unix) return true;
    if (this.runtime.enforceSecureTransport) return false;
    const a = this.origin.address;
    return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
  }
}
