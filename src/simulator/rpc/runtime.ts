/**
 * Everything a method handler may use, shared by all transports (WebSocket JSON-RPC, the legacy
 * protocol, and REST when it lands): the pair, the accounts, the release facts, the faults, and
 * per-controller token stores and rate limiters.
 */
import type { Accounts } from '../auth/accounts.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import type { TokenStore } from '../auth/tokens.js';
import type { Faults } from '../faults.js';
import type { Pair } from '../pair/pair.js';
import type { NodeLetter } from '../pair/types.js';
import type { Clock } from '../util/clock.js';
import type { SeededRandom } from '../util/random.js';
import type { ServerRelease } from '../versions.js';

export interface SimulatorRuntime {
  readonly pair: Pair;
  readonly accounts: Accounts;
  readonly release: ServerRelease;
  readonly faults: Faults;
  readonly random: SeededRandom;
  readonly clock: Clock;
  readonly tokens: Record<NodeLetter, TokenStore>;
  /** Null when the unauthenticated-call rate limit is off. */
  readonly rateLimits: Record<NodeLetter, RateLimiter> | null;
  /** True: plain `ws://` is insecure even on loopback (API keys sent in clear get revoked). */
  readonly enforceSecureTransport: boolean;
  /** Largest file an upload (`POST /_upload`, REST multipart) may carry, in bytes. */
  readonly uploadLimit: number;
  /** Base URLs (no path) of the VIP and of each controller, filled in once the ports are known. */
  readonly urls: { vip: { http: string; ws: string }; nodes: Record<NodeLetter, { http: string; ws: string }> };
}
