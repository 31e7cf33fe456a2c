/** Public types of `truenas-failover/simulator`. */
import type { ApiVersion } from '../generated/index.js';
import type { SimulatorFaults } from './faults.js';
import type { FailoverEntry, FailoverStatusValue, NodeLetter, PowerState } from './pair/types.js';

export type { FailoverStatusValue, NodeLetter, PowerState } from './pair/types.js';

/** Options of {@link startSimulator}. Every field is optional. */
export interface SimulatorOptions {
  /** API version the pair runs (its `/api/current`); any of `API_VERSIONS`. Default: the newest. */
  apiVersion?: ApiVersion;
  /** HA license (default true). `false`: a single non-HA system (status `SINGLE`, no disabled reasons, no controller B). */
  licensed?: boolean;
  /** Seed of every random choice (credentials, boot ids, nonces, tokens, dropped frames). Default: random. */
  seed?: number | string;
  /**
   * Multiplier of real-world durations: a promotion takes about 2 s, a reboot about 2.3 minutes
   * (longer than the longest master-down interval, 122.85 s), an upgrade several minutes, times
   * this. Default 0.02 (tests); use 1 for a realistic demo. Token lifetimes and the rate-limit
   * window are not scaled.
   */
  timeScale?: number;
  /** Ports for the VIP and the controllers; 0 or absent picks a free port. */
  ports?: { vip?: number; a?: number; b?: number };
  /** Address to listen on (default `127.0.0.1`). */
  host?: string;
  /**
   * The unauthenticated-call rate limit (default on, as TrueNAS: 20 calls per 60 s per method and
   * client address, loopback included). `false` turns it off, e.g. for test suites that log in often.
   */
  rateLimit?: { limit: number; windowMs: number } | false;
  /** PBKDF2 iterations of the API keys' SCRAM verifiers (default 50,000, the least the official client accepts). */
  scramIterations?: number;
  /**
   * Default false: an API key sent in clear (`API_KEY_PLAIN` over `ws://`) on loopback is accepted,
   * since loopback counts as secure. True: treat plain `ws://` as TrueNAS treats it from a network
   * address: the key is revoked and the login answers `EXPIRED`.
   */
  enforceSecureTransport?: boolean;
  /** PEM certificate and key: serve `wss://` and `https://` instead (SCRAM channel binding works). */
  tls?: { cert: string; key: string };
  /** Receives one line per state change (status, power, VIP). Off by default; never given secrets. */
  logger?: (line: string) => void;
  /** Whether an interface is marked critical for failover (default true). False: failover cannot be enabled. */
  criticalInterfaces?: boolean;
  /** Also serve each controller's local root socket (UNIX socket, logged in as root, like `midclt` on the box). */
  unixSockets?: boolean;
  /**
   * Version string the simulated update installs (default: the running version with its last number
   * + 1). An uploaded image installs the version its header line names (`simulatedUpdateImage()`).
   */
  upgradeVersion?: string;
  /**
   * Largest file an upload may carry (`POST /_upload`, REST multipart), in bytes; default 256 MiB.
   * TrueNAS has no limit; the simulator reads uploads as they arrive and keeps only their first
   * 4 KiB, so this bounds how long an upload can occupy it, not memory. Beyond it: HTTP 413.
   */
  uploadLimit?: number;
  /**
   * Run the simulator in the caller's thread instead of a worker thread (default false). In a
   * worker (one per process, shared by every simulator it starts) the simulator keeps answering
   * while the caller's event loop is blocked, e.g. by `spawnSync` of a CLI that talks to it. In the
   * caller's thread it cannot, but it starts without loading a worker (about half a second, once
   * per process) and uses no memory of its own: for processes that never block, such as the CLI's
   * `simulate` and `demo`.
   */
  inProcess?: boolean;
}

/** Base URLs of one listener; append `/api/current`, `/api/vXX.YY.Z` or `/websocket`. */
export interface SimulatorEndpoint {
  /** `ws://host:port` (or `wss://` with TLS). */
  ws: string;
  /** `http://host:port` (or `https://` with TLS). */
  http: string;
  /** Path of the controller's local root socket when `unixSockets` is on (`ws+unix://` + path + `/api/current` for midclt). */
  unix?: string;
}

/** One user with a password and an API key. */
export interface SimulatorUserCredentials {
  username: string;
  password: string;
  /** `<id>-<key material>`. */
  apiKey: string;
}

/** Accounts of the simulated pair. Secrets: do not log them. */
export interface SimulatorCredentials extends SimulatorUserCredentials {
  /** `truenas_admin` (FULL_ADMIN): `username`, `password`, `apiKey` above. */
  username: string;
  /** A READONLY_ADMIN user: may read everything, change nothing. */
  readonly: SimulatorUserCredentials;
  /**
   * A FULL_ADMIN user with two-factor authentication: `PASSWORD_PLAIN` answers `OTP_REQUIRED`, then
   * `OTP_TOKEN` needs the current TOTP code of `secret` (RFC 6238, SHA-1, 30 s, 6 digits), which
   * `sim.otpToken()` computes.
   */
  otp: { username: string; password: string; secret: string };
}

/** A controller as `sim.state()` reports it. */
export interface ControllerSnapshot {
  node: NodeLetter;
  /** `failover.status` it would answer; null while it is down. */
  status: FailoverStatusValue | null;
  power: PowerState;
  /** True when its port accepts connections. */
  up: boolean;
  /** True when it is up and has finished booting (`system.ready`). */
  ready: boolean;
  hung: boolean;
  killed: boolean;
  bootId: string;
  /** Software version running now. */
  version: string;
  /** Version it boots next (differs after an upgrade until it reboots). */
  nextVersion: string;
  config: FailoverEntry;
  disabledReasons: string[];
  rebootRequiredReasons: string[];
  /** The update image kept from an upload (after an installer warning, for `resume_manual`), or null. */
  updateFile: { size: number; version: string | null } | null;
  jobs: { id: number; method: string; state: string; description: string | null }[];
}

/** Snapshot of the pair for tests and tools. */
export interface SimulatorState {
  apiVersion: ApiVersion;
  licensed: boolean;
  /** Which controller holds the VIP (null: none, e.g. during a failover); whether clients are cut from it. */
  vip: { holder: NodeLetter | null; partitioned: boolean };
  heartbeat: 'up' | 'cut';
  /** Controller B is absent on an unlicensed system. */
  nodes: { A: ControllerSnapshot; B?: ControllerSnapshot };
}

/** Events of the simulator handle (`sim.on`). */
export interface SimulatorEvents {
  /** A controller's `failover.status` changed. */
  transition: { node: NodeLetter; from: FailoverStatusValue; to: FailoverStatusValue };
  /** A controller went down, is booting (with its new boot id), or is ready. */
  power: { node: NodeLetter; power: PowerState; bootId: string; reason: string };
  /** The VIP moved (null: no controller holds it). */
  vip: { holder: NodeLetter | null };
  /** A controller hung or recovered (fault). */
  hang: { node: NodeLetter; hung: boolean };
  /** The heartbeat link was cut or restored (fault). */
  heartbeat: { up: boolean };
  /** A job was created or changed on a controller (the `core.get_jobs` event payload). */
  job: { node: NodeLetter; msg: 'added' | 'changed'; job: Record<string, unknown> };
  /**
   * The simulator's worker thread died (worker mode): the pair is gone, calls waiting for it were
   * rejected and later ones throw. With no listener the error is thrown as an uncaught exception.
   */
  error: Error;
}

/** A running simulated HA pair. */
export interface Simulator {
  /** The VIP: always reaches the active controller; connections drop when it moves. */
  readonly vip: SimulatorEndpoint;
  /** Controller A directly. */
  readonly a: SimulatorEndpoint;
  /** Controller B directly (a closed port on an unlicensed system). */
  readonly b: SimulatorEndpoint;
  readonly credentials: SimulatorCredentials;
  /** The API version served as `/api/current`. */
  readonly apiVersion: ApiVersion;
  /** Fault injection. */
  readonly faults: SimulatorFaults;
  /** A snapshot of both controllers and the VIP. */
  state(): SimulatorState;
  /** Listens to an event; returns a function that removes the listener. */
  on<K extends keyof SimulatorEvents>(event: K, listener: (payload: SimulatorEvents[K]) => void): () => void;
  /** The current one-time password of `credentials.otp`. */
  otpToken(): string;
  /** Closes everything (bounded time; safe to call twice). */
  stop(): Promise<void>;
}
