/**
 * The server side of TrueNAS's SCRAM-SHA-512 login for API keys (26.0+): two `auth.login_ex`
 * steps, the user name carrying the key id (`n=<user>:<id>`), a 64-byte combined nonce, and
 * optional tls-server-end-point channel binding over TLS. Uses the shared SCRAM arithmetic.
 */
import { fromBase64, parseScramAttributes, serverSignature, toBase64, verifyClientProof } from '../../auth/scram.js';
import type { Session } from '../rpc/session.js';
import type { ApiKeyRecord } from './accounts.js';

export type ScramStep = { ok: true; rfcStr: string; key: ApiKeyRecord } | { ok: false; why: string };

const CBIND_TYPE = 'tls-server-end-point';

/** Client-first message: checks the user and key, answers server-first, remembers the exchange. */
export async function scramFirst(session: Session, rfcStr: string): Promise<ScramStep> {
  const first = rfcStr.indexOf(',');
  const second = first < 0 ? -1 : rfcStr.indexOf(',', first + 1);
  if (second < 0) return { ok: false, why: 'malformed client-first message' };
  const gs2Header = rfcStr.slice(0, second + 1);
  const flag = rfcStr.slice(0, first);
  const bare = rfcStr.slice(second + 1);
  if (flag.startsWith('p=')) {
    if (flag.slice(2) !== CBIND_TYPE) return { ok: false, why: 'unsupported channel binding type' };
    if (!session.origin.tls || !session.origin.channelBinding) return { ok: false, why: 'channel binding requested without TLS' };
  } else if (flag !== 'n' && flag !== 'y') {
    return { ok: false, why: 'malformed gs2 header' };
  }
  let attrs: Map<string, string>;
  try {
    attrs = parseScramAttributes(bare);
  } catch {
    return { ok: false, why: 'malformed client-first message' };
  }
  const name = attrs.get('n') ?? '';
  const clientNonce = attrs.get('r') ?? '';
  const colon = name.lastIndexOf(':');
  const username = colon >= 0 ? name.slice(0, colon) : name;
  const keyId = colon >= 0 ? Number(name.slice(colon + 1)) : Number.NaN;
  const key = session.runtime.accounts.apiKeys.get(keyId);
  if (!key || key.username !== username || key.revoked) return { ok: false, why: 'unknown user or key' };
  let clientNonceBytes: Uint8Array;
  try {
    clientNonceBytes = fromBase64(clientNonce);
  } catch {
    return { ok: false, why: 'malformed nonce' };
  }
  if (clientNonceBytes.length === 0) return { ok: false, why: 'malformed nonce' };
  const combined = new Uint8Array(clientNonceBytes.length + 32);
  combined.set(clientNonceBytes);
  combined.set(session.runtime.random.bytes(32), clientNonceBytes.length);
  const nonce = toBase64(combined);
  const serverFirst = `r=${nonce},s=${toBase64(key.salt)},i=${session.runtime.accounts.iterations}`;
  session.pending = { mechanism: 'SCRAM', key, clientFirstBare: bare, serverFirst, nonce, gs2Header };
  return { ok: true, rfcStr: serverFirst, key };
}

const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Client-final message: checks binding, nonce and proof; answers the server signature. */
export async function scramFinal(session: Session, rfcStr: string): Promise<ScramStep> {
  const pending = session.pending;
  session.pending = null;
  if (pending?.mechanism !== 'SCRAM') return { ok: false, why: 'no SCRAM exchange in progress' };
  let attrs: Map<string, string>;
  try {
    attrs = parseScramAttributes(rfcStr);
  } catch {
    return { ok: false, why: 'malformed client-final message' };
  }
  const c = attrs.get('c') ?? '';
  const r = attrs.get('r') ?? '';
  const p = attrs.get('p') ?? '';
  const header = new TextEncoder().encode(pending.gs2Header);
  const binding = pending.gs2Header.startsWith('p=') ? (session.origin.channelBinding ?? new Uint8Array()) : new Uint8Array();
  const expected = new Uint8Array(header.length + binding.length);
  expected.set(header);
  expected.set(binding, header.length);
  try {
    if (!bytesEqual(fromBase64(c), expected)) return { ok: false, why: 'channel binding mismatch' };
    if (r !== pending.nonce) return { ok: false, why: 'nonce mismatch' };
    const withoutProof = rfcStr.slice(0, rfcStr.lastIndexOf(',p='));
    const authMessage = `${pending.clientFirstBare},${pending.serverFirst},${withoutProof}`;
    const keys = await session.runtime.accounts.scramKeys(pending.key);
    if (!(await verifyClientProof(keys.storedKey, authMessage, fromBase64(p)))) return { ok: false, why: 'bad proof' };
    const signature = await serverSignature(keys.serverKey, authMessage);
    if (pending.key.revoked) return { ok: false, why: 'key revoked' };
    return { ok: true, rfcStr: `v=${toBase64(signature)}`, key: pending.key };
  } catch {
    return { ok: false, why: 'malformed client-final message' };
  }
}
