/** A minimal SCRAM-SHA-512 client for the tests, on the shared arithmetic of src/auth/scram.ts. */
import {
  clientProof,
  deriveScramKeys,
  fromBase64,
  parseScramAttributes,
  randomBytes,
  serverSignature,
  toBase64,
} from '../../src/auth/scram.js';
import type { RpcConnection } from './helpers.js';

export interface ScramOutcome {
  first: Record<string, unknown>;
  final?: Record<string, unknown>;
  serverSignatureValid?: boolean;
}

/** Runs both SCRAM steps; `binding` is the tls-server-end-point data when channel binding is wanted. */
export async function scramLogin(
  c: RpcConnection,
  username: string,
  apiKey: string,
  options: { binding?: Uint8Array; tamperProof?: boolean } = {},
): Promise<ScramOutcome> {
  const dash = apiKey.indexOf('-');
  const keyId = apiKey.slice(0, dash);
  const material = apiKey.slice(dash + 1);
  const gs2 = options.binding ? 'p=tls-server-end-point,,' : 'n,,';
  const bare = `n=${username}:${keyId},r=${toBase64(randomBytes(32))}`;
  const first = await c.call<Record<string, unknown>>('auth.login_ex', [
    { mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: gs2 + bare },
  ]);
  if (first.response_type !== 'SCRAM_RESPONSE') return { first };
  const serverFirst = String(first.rfc_str);
  const attrs = parseScramAttributes(serverFirst);
  const keys = await deriveScramKeys(material, fromBase64(attrs.get('s')!), Number(attrs.get('i')));
  const header = new TextEncoder().encode(gs2);
  const cbind = new Uint8Array(header.length + (options.binding?.length ?? 0));
  cbind.set(header);
  if (options.binding) cbind.set(options.binding, header.length);
  const withoutProof = `c=${toBase64(cbind)},r=${attrs.get('r')}`;
  const authMessage = `${bare},${serverFirst},${withoutProof}`;
  const proof = await clientProof(keys, authMessage);
  if (options.tamperProof) proof[0] = proof[0]! ^ 0xff;
  const final = await c.call<Record<string, unknown>>('auth.login_ex', [
    { mechanism: 'SCRAM', scram_type: 'CLIENT_FINAL_MESSAGE', rfc_str: `${withoutProof},p=${toBase64(proof)}` },
  ]);
  if (final.response_type !== 'SCRAM_RESPONSE') return { first, final };
  const expected = toBase64(await serverSignature(keys.serverKey, authMessage));
  return { first, final, serverSignatureValid: final.rfc_str === `v=${expected}` };
}
