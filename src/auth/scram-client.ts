/**
 * The client side of TrueNAS's SCRAM-SHA-512 API key login (spec §2.3): two `auth.login_ex` steps,
 * the key itself never sent. PBKDF2 runs once per (key, salt, iterations); the derived keys are
 * kept so that logging in again after a failover costs two HMACs, not half a second of CPU.
 */
import { AuthError } from '../errors/auth-error.js';
import type { PrecomputedKeys } from './credentials.js';
import {
  clientProof,
  deriveScramKeys,
  fromBase64,
  parseScramAttributes,
  randomBytes,
  SCRAM_MAX_ITERATIONS,
  SCRAM_MIN_ITERATIONS,
  type ScramKeys,
  serverSignature,
  timingSafeEqual,
  toBase64,
} from './scram.js';

/** Derived keys per `salt|iterations`, for one API key. */
export class ScramKeyCache {
  private readonly keys = new Map<string, Promise<ScramKeys>>();

  get(material: string, salt: string, iterations: number): Promise<ScramKeys> {
    const id = `${salt}|${iterations}`;
    let entry = this.keys.get(id);
    if (!entry) {
      entry = deriveScramKeys(material, fromBase64(salt), iterations);
      // A failed derivation must not poison the cache.
      entry.catch(() => this.keys.delete(id));
      this.keys.set(id, entry);
    }
    return entry;
  }
}

export type ScramStep = (rfcStr: string, scramType: 'CLIENT_FIRST_MESSAGE' | 'CLIENT_FINAL_MESSAGE') => Promise<Record<string, unknown>>;

export interface ScramLoginInput {
  username: string;
  keyId: number;
  material: string | undefined;
  precomputed: PrecomputedKeys | undefined;
  cache: ScramKeyCache;
  url: string;
  /** tls-server-end-point binding data, when the login runs over TLS and binding is wanted. */
  channelBinding: Uint8Array | undefined;
  /** Sends one SCRAM step with `auth.login_ex` and returns the server's answer. */
  step: ScramStep;
  /** Logs the connection out (after a bad server signature). */
  logout: () => Promise<void>;
}

function scramUsername(username: string): string {
  const name = username.normalize('NFKC');
  if (/[,=]/.test(name))
    throw new AuthError('The username cannot be used with SCRAM: it contains "," or "=".', {
      failure: 'SCRAM_PROTOCOL',
      mechanism: 'SCRAM',
    });
  return name;
}

/**
 * TrueNAS combines nonces as bytes (base64 of client bytes followed by server bytes), not as text
 * as RFC 5802 does; accept either, as long as our bytes (or text) come first and more follows.
 */
function extendsNonce(combined: string, client: Uint8Array): boolean {
  if (combined.startsWith(toBase64(client)) && combined.length > toBase64(client).length) return true;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(combined);
  } catch {
    return false;
  }
  return bytes.length > client.length && timingSafeEqual(bytes.subarray(0, client.length), client);
}

/**
 * Runs the exchange. Returns the final server answer (SUCCESS-equivalent) or throws an AuthError.
 * Answers other than SCRAM_RESPONSE (AUTH_ERR, REDIRECT, …) are returned to the caller to interpret.
 */
export async function scramLogin(input: ScramLoginInput): Promise<Record<string, unknown>> {
  const fail = (message: string, failure: 'SCRAM_PROTOCOL' | 'SERVER_SIGNATURE' = 'SCRAM_PROTOCOL') =>
    new AuthError(message, { failure, mechanism: 'SCRAM', url: input.url });
  const clientNonceBytes = randomBytes(32);
  const clientNonce = toBase64(clientNonceBytes);
  const clientFirstBare = `n=${scramUsername(input.username)}:${input.keyId},r=${clientNonce}`;
  // gs2 header: "p=tls-server-end-point,," binds the login to this TLS connection; "n,," does not.
  const gs2Header = input.channelBinding ? 'p=tls-server-end-point,,' : 'n,,';
  const first = await input.step(`${gs2Header}${clientFirstBare}`, 'CLIENT_FIRST_MESSAGE');
  if (first.response_type !== 'SCRAM_RESPONSE') return first;
  const serverFirst = String(first.rfc_str ?? '');
  let attrs: Map<string, string>;
  try {
    attrs = parseScramAttributes(serverFirst);
  } catch {
    throw fail('The server-first SCRAM message is malformed.');
  }
  const nonce = attrs.get('r');
  const salt = attrs.get('s');
  const iterations = Number(attrs.get('i'));
  if (!nonce || !extendsNonce(nonce, clientNonceBytes)) throw fail('The server-first SCRAM message does not extend our nonce.');
  if (!salt) throw fail('The server-first SCRAM message has no salt.');
  if (!Number.isInteger(iterations) || iterations < SCRAM_MIN_ITERATIONS || iterations > SCRAM_MAX_ITERATIONS) {
    throw fail(
      `The server asked for ${attrs.get('i')} SCRAM iterations; only ${SCRAM_MIN_ITERATIONS}–${SCRAM_MAX_ITERATIONS} are accepted.`,
    );
  }
  let keys: PrecomputedKeys;
  if (input.precomputed) keys = input.precomputed;
  else if (input.material !== undefined) keys = await input.cache.get(input.material, salt, iterations);
  else throw fail('No API key material for SCRAM.');
  const header = new TextEncoder().encode(gs2Header);
  const binding = input.channelBinding ?? new Uint8Array();
  const cbind = new Uint8Array(header.length + binding.length);
  cbind.set(header);
  cbind.set(binding, header.length);
  const clientFinalWithoutProof = `c=${toBase64(cbind)},r=${nonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
  const proof = await clientProof(keys, authMessage);
  const final = await input.step(`${clientFinalWithoutProof},p=${toBase64(proof)}`, 'CLIENT_FINAL_MESSAGE');
  if (final.response_type !== 'SCRAM_RESPONSE') return final;
  const verifier = String(final.rfc_str ?? '').match(/^v=([A-Za-z0-9+/=]+)$/)?.[1];
  const expected = await serverSignature(keys.serverKey, authMessage);
  if (!verifier || !timingSafeEqual(fromBase64(verifier), expected)) {
    // The server could not prove it knows the key: do not stay logged in to an impostor.
    await input.logout().catch(() => {});
    throw fail('The server signature of the SCRAM exchange is wrong; logged out again.', 'SERVER_SIGNATURE');
  }
  return { response_type: 'SUCCESS', user_info: final.user_info ?? null };
}
