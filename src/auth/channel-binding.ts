/**
 * RFC 5929 `tls-server-end-point` channel binding for SCRAM over wss:// (spec §2.3): the hash of
 * the server's DER certificate, with the hash function of the certificate's own signature (MD5 and
 * SHA-1 raised to SHA-256). Binding the login to the TLS session defeats a man in the middle.
 */

// signatureAlgorithm OIDs (DER content bytes, hex) → WebCrypto digest name.
const SIGNATURE_DIGESTS: Record<string, string> = {
  '2a864886f70d010104': 'SHA-256', // md5WithRSAEncryption (raised)
  '2a864886f70d010105': 'SHA-256', // sha1WithRSAEncryption (raised)
  '2a864886f70d01010b': 'SHA-256', // sha256WithRSAEncryption
  '2a864886f70d01010c': 'SHA-384', // sha384WithRSAEncryption
  '2a864886f70d01010d': 'SHA-512', // sha512WithRSAEncryption
  '2a8648ce3d040301': 'SHA-256', // ecdsa-with-SHA1 (raised)
  '2a8648ce3d040302': 'SHA-256', // ecdsa-with-SHA256
  '2a8648ce3d040303': 'SHA-384', // ecdsa-with-SHA384
  '2a8648ce3d040304': 'SHA-512', // ecdsa-with-SHA512
};

/** Reads the DER element at `at`: its tag and where its content starts and ends. */
function element(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === undefined || first === undefined) throw new RangeError('truncated certificate');
  let length = first;
  let start = at + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] ?? 0);
    start += octets;
  }
  if (start + length > der.length) throw new RangeError('truncated certificate');
  return { tag, start, end: start + length };
}

/** The digest the certificate's signature uses (per RFC 5929), or undefined when unknown (e.g. Ed25519, RSA-PSS). */
export function certificateDigest(der: Uint8Array): string | undefined {
  try {
    const certificate = element(der, 0); // Certificate ::= SEQUENCE {
    const tbs = element(der, certificate.start); //   tbsCertificate,
    const algorithm = element(der, tbs.end); //   signatureAlgorithm AlgorithmIdentifier, ... }
    const oid = element(der, algorithm.start);
    if (oid.tag !== 0x06) return undefined;
    let hex = '';
    for (let i = oid.start; i < oid.end; i++) hex += (der[i] ?? 0).toString(16).padStart(2, '0');
    return SIGNATURE_DIGESTS[hex];
  } catch {
    return undefined;
  }
}

/** Channel binding data for a DER certificate, or undefined when it cannot be computed. */
export async function tlsServerEndPoint(der: Uint8Array): Promise<Uint8Array | undefined> {
  const digest = certificateDigest(der);
  if (!digest || !globalThis.crypto?.subtle) return undefined;
  return new Uint8Array(await globalThis.crypto.subtle.digest(digest, der as BufferSource));
}

/** The server certificate (DER) of a `ws` socket over TLS; undefined elsewhere (browsers, plain ws://). */
export function peerCertificate(socket: unknown): Uint8Array | undefined {
  const tls = (socket as { _socket?: { getPeerCertificate?: (detailed: boolean) => { raw?: Uint8Array } | undefined } })._socket;
  try {
    const raw = tls?.getPeerCertificate?.(true)?.raw;
    return raw && raw.length > 0 ? new Uint8Array(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** Channel binding data of a `ws` socket over TLS, or undefined (plain ws://, a certificate of unknown digest). */
export async function channelBindingOf(socket: unknown): Promise<Uint8Array | undefined> {
  const der = peerCertificate(socket);
  return der ? await tlsServerEndPoint(der) : undefined;
}
