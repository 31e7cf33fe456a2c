/**
 * SCRAM-SHA-512 (RFC 5802) arithmetic as TrueNAS uses it for API keys, on WebCrypto so that it runs
 * in Node 20+ and in browsers alike and never blocks the event loop (PBKDF2 at TrueNAS's default
 * 500,000 iterations costs a noticeable fraction of a second). Used by the client and the simulator.
 */

/** Keys derived from the key material; enough to log in again without repeating PBKDF2. */
export interface ScramKeys {
  clientKey: Uint8Array;
  storedKey: Uint8Array;
  serverKey: Uint8Array;
}

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('SCRAM needs WebCrypto (globalThis.crypto.subtle), which this runtime lacks');
  return s;
}

export async function hmacSha512(key: Uint8Array, data: Uint8Array | string): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource));
}

export async function sha512(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-512', data as BufferSource));
}

/** SaltedPassword = PBKDF2-HMAC-SHA512(secret, salt, iterations), 64 bytes. */
export async function saltedPassword(secret: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const base = await subtle().importKey('raw', encoder.encode(secret) as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt: salt as BufferSource, iterations }, base, 512);
  return new Uint8Array(bits);
}

/** ClientKey, StoredKey and ServerKey for a secret, salt and iteration count. */
export async function deriveScramKeys(secret: string, salt: Uint8Array, iterations: number): Promise<ScramKeys> {
  const salted = await saltedPassword(secret, salt, iterations);
  const clientKey = await hmacSha512(salted, 'Client Key');
  return { clientKey, storedKey: await sha512(clientKey), serverKey: await hmacSha512(salted, 'Server Key') };
}

export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new Error('SCRAM: length mismatch');
  return a.map((x, i) => x ^ b[i]!);
}

/** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage). */
export async function clientProof(keys: Pick<ScramKeys, 'clientKey' | 'storedKey'>, authMessage: string): Promise<Uint8Array> {
  return xor(keys.clientKey, await hmacSha512(keys.storedKey, authMessage));
}

/** ServerSignature = HMAC(ServerKey, AuthMessage). */
export function serverSignature(serverKey: Uint8Array, authMessage: string): Promise<Uint8Array> {
  return hmacSha512(serverKey, authMessage);
}

/** Server side: recovers ClientKey from a proof and checks that it hashes to StoredKey. */
export async function verifyClientProof(storedKey: Uint8Array, authMessage: string, proof: Uint8Array): Promise<boolean> {
  if (proof.length !== storedKey.length) return false;
  const clientKey = xor(proof, await hmacSha512(storedKey, authMessage));
  return timingSafeEqual(await sha512(clientKey), storedKey);
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Parses `a=1,b=2` (values may contain `=`) into a map; throws on a malformed attribute. */
export function parseScramAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw new Error(`SCRAM: malformed attribute "${part.slice(0, 16)}"`);
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** Iteration counts the official TrueNAS client accepts. */
export const SCRAM_MIN_ITERATIONS = 50_000;
export const SCRAM_MAX_ITERATIONS = 5_000_000;
