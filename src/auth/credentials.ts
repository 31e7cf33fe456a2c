/**
 * Credentials: what the user passes as `auth`, or what the environment provides (TRUENAS_API_KEY,
 * TRUENAS_API_KEY_FILE, TRUENAS_USERNAME, TRUENAS_PASSWORD), normalised for the login flows.
 */
import { AuthError } from '../errors/auth-error.js';
import { importNodeModule, readEnv } from '../util/env.js';
import { fromBase64 } from './scram.js';

/** SCRAM keys derived in advance (as the official client accepts them), so the key material is never needed. */
export interface PrecomputedApiKey {
  /** The API key's numeric id (the part before `-`). */
  apiKeyId: number;
  /** base64 or bytes. */
  clientKey: string | Uint8Array;
  storedKey: string | Uint8Array;
  serverKey: string | Uint8Array;
}

/** Log in with an API key. TrueNAS binds every key to a user, and wants the name at login. */
export interface ApiKeyAuth {
  username: string;
  /** `<id>-<key material>` as TrueNAS shows it once at creation, or precomputed SCRAM keys. */
  apiKey: string | PrecomputedApiKey;
  /**
   * `SCRAM` (default where the server offers it, TrueNAS 26+) never sends the key. `API_KEY_PLAIN`
   * sends the key itself; it is what TrueNAS 25.x supports. The client never switches from SCRAM
   * to plain by itself.
   */
  mechanism?: 'SCRAM' | 'API_KEY_PLAIN';
  /**
   * SCRAM channel binding (`tls-server-end-point`) over wss://: `auto` (default) binds when the
   * server certificate is available (Node), `require` fails the login when it is not, `off` never binds.
   */
  channelBinding?: 'auto' | 'require' | 'off';
}

/** Log in with a user name and password, optionally with a one-time password as second step. */
export interface PasswordAuth {
  username: string;
  password: string;
  /** Called when the server asks for a one-time password (2FA); called again on every re-login. */
  otp?: () => Promise<string> | string;
}

/** Log in with a token from `auth.generate_token`. Tokens are per controller: one may not survive a failover. */
export interface TokenAuth {
  token: string;
}

export type AuthOptions = ApiKeyAuth | PasswordAuth | TokenAuth;

/** Normalised credentials. */
export type Credentials =
  | {
      kind: 'api-key';
      username: string;
      keyId: number;
      material: string | undefined;
      precomputed: PrecomputedKeys | undefined;
      mechanism: 'SCRAM' | 'API_KEY_PLAIN' | undefined;
      raw: string | undefined;
      channelBinding: 'auto' | 'require' | 'off';
    }
  | { kind: 'password'; username: string; password: string; otp: (() => Promise<string> | string) | undefined }
  | { kind: 'token'; token: string };

export interface PrecomputedKeys {
  clientKey: Uint8Array;
  storedKey: Uint8Array;
  serverKey: Uint8Array;
}

const API_KEY_PATTERN = /^(\d+)-([A-Za-z0-9]+)$/;

function bytes(value: string | Uint8Array, field: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  try {
    return fromBase64(value);
  } catch {
    throw new TypeError(`auth.apiKey.${field} must be base64 text or bytes`);
  }
}

/** Validates `auth` and normalises it; throws a TypeError naming the bad field. */
export function normaliseAuth(auth: AuthOptions, where = 'auth'): Credentials {
  if (typeof auth !== 'object' || auth === null)
    throw new TypeError(`${where} must be an object: { username, apiKey }, { username, password } or { token }`);
  // Which one would win is not for the client to guess: a login with the other may be the one meant.
  const a = auth as Partial<ApiKeyAuth & PasswordAuth & TokenAuth>;
  const given = (['apiKey', 'password', 'token'] as const).filter((k) => a[k] !== undefined);
  if (given.length > 1) throw new TypeError(`${where} has ${given.join(' and ')}: pass exactly one of apiKey, password or token`);
  if (given[0] === 'token') {
    if (typeof a.token !== 'string' || a.token === '') throw new TypeError(`${where}.token must be a non-empty string`);
    return { kind: 'token', token: a.token };
  }
  if (typeof a.username !== 'string' || a.username === '')
    throw new TypeError(`${where}.username must be a non-empty string (TrueNAS binds every API key and password to a user)`);
  if (given[0] === 'apiKey') {
    const mechanism = a.mechanism;
    if (mechanism !== undefined && mechanism !== 'SCRAM' && mechanism !== 'API_KEY_PLAIN')
      throw new TypeError(`${where}.mechanism must be 'SCRAM' or 'API_KEY_PLAIN'`);
    const channelBinding = a.channelBinding ?? 'auto';
    if (!['auto', 'require', 'off'].includes(channelBinding))
      throw new TypeError(`${where}.channelBinding must be 'auto', 'require' or 'off'`);
    if (typeof a.apiKey === 'string') {
      const m = a.apiKey.trim().match(API_KEY_PATTERN);
      if (!m) throw new TypeError(`${where}.apiKey must look like "<numeric id>-<alphanumeric key>" as TrueNAS shows it`);
      return {
        kind: 'api-key',
        username: a.username,
        keyId: Number(m[1]),
        material: m[2],
        precomputed: undefined,
        mechanism,
        raw: a.apiKey.trim(),
        channelBinding,
      };
    }
    const k = a.apiKey;
    if (typeof k !== 'object' || k === null || !Number.isInteger(k.apiKeyId))
      throw new TypeError(`${where}.apiKey must be a string or { apiKeyId, clientKey, storedKey, serverKey }`);
    if (mechanism === 'API_KEY_PLAIN')
      throw new TypeError(`${where}.mechanism API_KEY_PLAIN needs the key itself, not precomputed SCRAM keys`);
    return {
      kind: 'api-key',
      username: a.username,
      keyId: k.apiKeyId,
      material: undefined,
      precomputed: {
        clientKey: bytes(k.clientKey, 'clientKey'),
        storedKey: bytes(k.storedKey, 'storedKey'),
        serverKey: bytes(k.serverKey, 'serverKey'),
      },
      mechanism: 'SCRAM',
      raw: undefined,
      channelBinding,
    };
  }
  if (given[0] === 'password') {
    if (typeof a.password !== 'string') throw new TypeError(`${where}.password must be a string`);
    if (a.otp !== undefined && typeof a.otp !== 'function')
      throw new TypeError(`${where}.otp must be a function returning the one-time password`);
    return { kind: 'password', username: a.username, password: a.password, otp: a.otp };
  }
  const unset = (['apiKey', 'password', 'token'] as const).find((k) => k in a);
  if (unset) throw new TypeError(`${where}.${unset} is undefined (an environment variable that is not set?)`);
  throw new TypeError(`${where} needs apiKey, password or token`);
}

/** The strings that must never appear in a log line or an error message. */
export function secretsOf(credentials: Credentials | undefined): string[] {
  if (!credentials) return [];
  if (credentials.kind === 'token') return [credentials.token];
  if (credentials.kind === 'password') return [credentials.password];
  return [credentials.raw, credentials.material].filter((s): s is string => typeof s === 'string');
}

/** Parses the content of an API key file: the raw key, `{"raw_key": …}`, or precomputed SCRAM keys. */
export function parseApiKeyFile(text: string): string | PrecomputedApiKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    throw new TypeError('TRUENAS_API_KEY_FILE holds neither a raw API key nor valid JSON');
  }
  if (typeof json.raw_key === 'string') return json.raw_key;
  const { client_key, stored_key, server_key, api_key_id } = json;
  if (typeof client_key === 'string' && typeof stored_key === 'string' && typeof server_key === 'string' && api_key_id !== undefined) {
    return { apiKeyId: Number(api_key_id), clientKey: client_key, storedKey: stored_key, serverKey: server_key };
  }
  throw new TypeError('TRUENAS_API_KEY_FILE JSON needs raw_key, or client_key, stored_key, server_key and api_key_id');
}

/** Credentials from TRUENAS_* environment variables, or undefined when none are set. */
export async function credentialsFromEnv(): Promise<Credentials | undefined> {
  const username = readEnv('TRUENAS_USERNAME');
  const apiKey = readEnv('TRUENAS_API_KEY');
  const apiKeyFile = readEnv('TRUENAS_API_KEY_FILE');
  const password = readEnv('TRUENAS_PASSWORD');
  if (!apiKey && !apiKeyFile && !password) return undefined;
  if (!username) {
    throw new AuthError('TRUENAS_USERNAME is not set: TrueNAS needs the user name with an API key or password.', {
      failure: 'MISSING_CREDENTIALS',
    });
  }
  if (apiKey) return normaliseAuth({ username, apiKey }, 'TRUENAS_API_KEY');
  if (apiKeyFile) {
    const fs = await importNodeModule<{ readFile(path: string, encoding: 'utf8'): Promise<string> }>('node:fs/promises');
    let text: string;
    try {
      text = await fs.readFile(apiKeyFile, 'utf8');
    } catch (error) {
      throw new AuthError(`TRUENAS_API_KEY_FILE cannot be read (${(error as { code?: string }).code ?? 'error'}).`, {
        failure: 'MISSING_CREDENTIALS',
      });
    }
    return normaliseAuth({ username, apiKey: parseApiKeyFile(text) }, 'TRUENAS_API_KEY_FILE');
  }
  return normaliseAuth({ username, password: password! }, 'TRUENAS_PASSWORD');
}
