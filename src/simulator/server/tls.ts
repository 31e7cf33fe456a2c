/**
 * RFC 5929 `tls-server-end-point` channel binding data for the simulator's own certificate: the
 * hash of the DER certificate with the hash of its signature algorithm (MD5 and SHA-1 promoted to
 * SHA-256), found by reading the certificate's outer signatureAlgorithm OID.
 */
import { createHash, X509Certificate } from 'node:crypto';

/** Reads one DER TLV at `offset`: returns [tag, content start, content end]. */
function tlv(der: Uint8Array, offset: number): [number, number, number] {
  const tag = der[offset]!;
  let len = der[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    len = 0;
    for (let i = 0; i < bytes; i++) len = (len << 8) | der[start + i]!;
    start += bytes;
  }
  return [tag, start, start + len];
}

const OID_HASH: Record<string, string> = {
  '2a864886f70d010104': 'sha256', // md5WithRSAEncryption
  '2a864886f70d010105': 'sha256', // sha1WithRSAEncryption
  '2a864886f70d01010b': 'sha256',
  '2a864886f70d01010c': 'sha384',
  '2a864886f70d01010d': 'sha512',
  '2a8648ce3d040301': 'sha256', // ecdsa-with-SHA1
  '2a8648ce3d040302': 'sha256',
  '2a8648ce3d040303': 'sha384',
  '2a8648ce3d040304': 'sha512',
};

/** The hash algorithm of the certificate's signature, or null when unknown (e.g. Ed25519). */
export function signatureHash(der: Uint8Array): string | null {
  const [, certStart] = tlv(der, 0); // Certificate SEQUENCE
  const [, , tbsEnd] = tlv(der, certStart); // tbsCertificate
  const [, algStart] = tlv(der, tbsEnd); // signatureAlgorithm SEQUENCE
  const [tag, oidStart, oidEnd] = tlv(der, algStart);
  if (tag !== 0x06) return null;
  const hex = Buffer.from(der.subarray(oidStart, oidEnd)).toString('hex');
  return OID_HASH[hex] ?? null;
}

/** Binding data for a PEM certificate (the first one in the chain), or null when it cannot be computed. */
export function channelBindingFor(certPem: string): Uint8Array | null {
  try {
    const der = new Uint8Array(new X509Certificate(certPem).raw);
    const hash = signatureHash(der);
    return hash ? new Uint8Array(createHash(hash).update(der).digest()) : null;
  } catch {
    return null;
  }
}
