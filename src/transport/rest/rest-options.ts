/**
 * Checks and resolves the options of a REST client. The REST client takes the options of
 * `createClient` (`WebSocket`, `keepAlive` and `rateLimit` do not apply to REST and are ignored)
 * plus `jobPolling`. Bad input is a TypeError naming the field.
 */
import { type Credentials, normaliseAuth } from '../../auth/credentials.js';
import { type Candidate, candidatesFrom } from '../../client/addresses.js';
import { DEFAULTS, type ReconnectOptions } from '../../client/options.js';
import { fixedVersion } from '../../client/version.js';
import type { TlsOptions } from '../websocket-like.js';
import type { JobPollingOptions } from './job-poller.js';
import type { RestClientOptions } from './types.js';
import { isRestVersion, REST_API_VERSIONS, type RestApiVersion } from './versions.js';

export interface ResolvedRestOptions {
  candidates: Candidate[];
  version: RestApiVersion | undefined;
  /** Undefined with `loaded: false` means: read the environment at the first connection. */
  credentials: { value: Credentials | undefined; loaded: boolean };
  timeout: number;
  connectTimeout: number;
  masterWait: number;
  validate: 'args' | 'all' | 'off';
  allowInsecure: boolean;
  tls: TlsOptions | undefined;
  maxInFlight: number;
  maxQueue: number;
  reconnect: ReconnectOptions | false;
  jobPolling: Required<JobPollingOptions>;
}

function positive(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`createClient: ${field} must be a positive number of milliseconds`);
  }
  return value;
}

/** REST sends a credential with every request: it needs something it can put in a header. */
export function checkRestCredentials(credentials: Credentials | undefined, field: string): void {
  if (credentials?.kind !== 'api-key') return;
  if (!credentials.raw) {
    throw new TypeError(
      `${field}.apiKey: REST sends the API key itself (Authorization: Bearer); precomputed SCRAM keys work only with a WebSocket (wss://) client`,
    );
  }
  if (credentials.mechanism === 'SCRAM') {
    throw new TypeError(
      `${field}.mechanism SCRAM never sends the API key, but REST can only send it (Authorization: Bearer); use a WebSocket (wss://) client or leave mechanism unset`,
    );
  }
}

export function resolveRestOptions(options: RestClientOptions): ResolvedRestOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createClient: options must be an object');
  const candidates = candidatesFrom(options);
  // `/api/v2.0` names the REST root, not an API version: only version paths pin the version.
  const addresses = candidates.map((c) => (c.address.path?.startsWith('/api/v2.0') ? { ...c.address, path: undefined } : c.address));
  const version = fixedVersion(options.apiVersion, addresses);
  if (version !== undefined && !isRestVersion(version)) {
    throw new TypeError(
      `createClient: API ${version} has no REST API (TrueNAS 26 removed REST /api/v2.0); REST clients speak ${REST_API_VERSIONS.join(', ')}. Use a WebSocket URL (wss://) for ${version}.`,
    );
  }
  const validate = options.validate ?? 'args';
  if (!['args', 'all', 'off'].includes(validate)) throw new TypeError("createClient: validate must be 'args', 'all' or 'off'");
  let credentials: ResolvedRestOptions['credentials'];
  if (options.auth === null) credentials = { value: undefined, loaded: true };
  else if (options.auth !== undefined) {
    const value = normaliseAuth(options.auth);
    checkRestCredentials(value, 'auth');
    credentials = { value, loaded: true };
  } else credentials = { value: undefined, loaded: options.env === false };
  const polling = options.jobPolling ?? {};
  if (typeof polling !== 'object' || polling === null) throw new TypeError('createClient: jobPolling must be an object');
  const factor = polling.factor ?? 1.5;
  if (typeof factor !== 'number' || !(factor >= 1)) throw new TypeError('createClient: jobPolling.factor must be a number of at least 1');
  const initialDelay = positive(polling.initialDelay, 100, 'jobPolling.initialDelay');
  return {
    candidates,
    version,
    credentials,
    timeout: positive(options.timeout, DEFAULTS.timeout, 'timeout'),
    connectTimeout: positive(options.connectTimeout, DEFAULTS.connectTimeout, 'connectTimeout'),
    masterWait: positive(options.masterWait, DEFAULTS.masterWait, 'masterWait'),
    validate,
    allowInsecure: options.allowInsecure === true,
    tls: options.tls,
    maxInFlight: Math.min(1000, Math.max(1, Math.floor(options.maxInFlight ?? DEFAULTS.maxInFlight))),
    maxQueue: Math.max(0, Math.floor(options.maxQueue ?? DEFAULTS.maxQueue)),
    reconnect: options.reconnect === false ? false : (options.reconnect ?? {}),
    jobPolling: { initialDelay, maxDelay: Math.max(initialDelay, positive(polling.maxDelay, 2000, 'jobPolling.maxDelay')), factor },
  };
}
