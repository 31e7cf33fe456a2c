/** Checks {@link SimulatorOptions} and fills in the defaults; a bad option throws a typed error naming it. */
import { API_VERSIONS, type ApiVersion, LATEST_API_VERSION } from '../generated/versions.js';
import type { RateLimitOptions } from './auth/rate-limit.js';
import type { SimulatorOptions } from './types.js';
import { SimulatorUsageError } from './usage-error.js';

export interface ResolvedOptions {
  apiVersion: ApiVersion;
  licensed: boolean;
  seed: string;
  timeScale: number;
  ports: { vip: number; a: number; b: number };
  host: string;
  rateLimit: RateLimitOptions | null;
  scramIterations: number;
  enforceSecureTransport: boolean;
  tls: { cert: string; key: string } | null;
  logger: ((line: string) => void) | null;
  criticalInterfaces: boolean;
  unixSockets: boolean;
  upgradeVersion: string | undefined;
  uploadLimit: number;
  inProcess: boolean;
}

/** Default `uploadLimit`: 256 MiB. */
export const DEFAULT_UPLOAD_LIMIT = 256 * 1024 * 1024;

function port(field: string, value: unknown): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
    throw new SimulatorUsageError(field, 'expected an integer port from 0 to 65535');
  }
  return value as number;
}

function bool(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new SimulatorUsageError(field, 'expected a boolean');
  return value;
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new SimulatorUsageError('options', 'expected an object');
  const apiVersion = options.apiVersion ?? LATEST_API_VERSION;
  if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new SimulatorUsageError('apiVersion', `expected one of ${API_VERSIONS.join(', ')}, got ${JSON.stringify(apiVersion)}`);
  }
  const timeScale = options.timeScale ?? 0.02;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
    throw new SimulatorUsageError('timeScale', 'expected a positive number');
  }
  if (options.seed !== undefined && typeof options.seed !== 'string' && typeof options.seed !== 'number') {
    throw new SimulatorUsageError('seed', 'expected a number or a string');
  }
  const seed = options.seed === undefined ? Math.random().toString(36).slice(2) + Date.now().toString(36) : String(options.seed);
  if (options.ports !== undefined && (options.ports === null || typeof options.ports !== 'object')) {
    throw new SimulatorUsageError('ports', 'expected an object');
  }
  const ports = { vip: port('ports.vip', options.ports?.vip), a: port('ports.a', options.ports?.a), b: port('ports.b', options.ports?.b) };
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new SimulatorUsageError('host', 'expected an address');
  let rateLimit: RateLimitOptions | null = { limit: 20, windowMs: 60_000 };
  if (options.rateLimit === false) rateLimit = null;
  else if (options.rateLimit !== undefined) {
    const r = options.rateLimit;
    if (r === null || typeof r !== 'object') throw new SimulatorUsageError('rateLimit', 'expected { limit, windowMs } or false');
    if (!Number.isInteger(r.limit) || r.limit < 1) throw new SimulatorUsageError('rateLimit.limit', 'expected a positive integer');
    if (typeof r.windowMs !== 'number' || !(r.windowMs > 0))
      throw new SimulatorUsageError('rateLimit.windowMs', 'expected a positive number');
    rateLimit = { limit: r.limit, windowMs: r.windowMs };
  }
  const scramIterations = options.scramIterations ?? 50_000;
  if (!Number.isInteger(scramIterations) || scramIterations < 1 || scramIterations > 10_000_000) {
    throw new SimulatorUsageError(
      'scramIterations',
      'expected an integer from 1 to 10,000,000 (the official client accepts 50,000 to 5,000,000)',
    );
  }
  let tls: ResolvedOptions['tls'] = null;
  if (options.tls !== undefined) {
    const t = options.tls;
    if (t === null || typeof t !== 'object') throw new SimulatorUsageError('tls', 'expected { cert, key }');
    if (typeof t.cert !== 'string' || !t.cert.includes('BEGIN CERTIFICATE'))
      throw new SimulatorUsageError('tls.cert', 'expected a PEM certificate');
    if (typeof t.key !== 'string' || !t.key.includes('PRIVATE KEY')) throw new SimulatorUsageError('tls.key', 'expected a PEM private key');
    tls = { cert: t.cert, key: t.key };
  }
  if (options.logger !== undefined && typeof options.logger !== 'function') throw new SimulatorUsageError('logger', 'expected a function');
  if (options.upgradeVersion !== undefined && (typeof options.upgradeVersion !== 'string' || options.upgradeVersion === '')) {
    throw new SimulatorUsageError('upgradeVersion', 'expected a version string');
  }
  const uploadLimit = options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT;
  if (!Number.isSafeInteger(uploadLimit) || uploadLimit < 0) {
    throw new SimulatorUsageError('uploadLimit', 'expected a non-negative integer number of bytes');
  }
  return {
    apiVersion: apiVersion as ApiVersion,
    licensed: bool('licensed', options.licensed, true),
    seed,
    timeScale,
    ports,
    host,
    rateLimit,
    scramIterations,
    enforceSecureTransport: bool('enforceSecureTransport', options.enforceSecureTransport, false),
    tls,
    logger: options.logger ?? null,
    criticalInterfaces: bool('criticalInterfaces', options.criticalInterfaces, true),
    unixSockets: bool('unixSockets', options.unixSockets, false),
    upgradeVersion: options.upgradeVersion,
    uploadLimit,
    inProcess: bool('inProcess', options.inProcess, false),
  };
}
