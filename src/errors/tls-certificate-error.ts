import { ConnectionError } from './connection-error.js';

/**
 * The controller's TLS certificate is not trusted (self-signed, unknown CA, wrong name, expired).
 * Retrying cannot help: pass the CA that signed it as `tls.ca` (Node), or fix the certificate.
 */
export class TlsCertificateError extends ConnectionError {
  static override readonly kind: string = 'TlsCertificateError';
  /** The TLS library's code, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  declare readonly code: string;

  constructor(url: string, code: string, cause?: unknown) {
    super(url, {
      failure: 'TLS',
      code,
      cause,
      message:
        `The TLS certificate of ${url} is not trusted (${code}). TrueNAS often uses a self-signed certificate: ` +
        'pass the CA that signed it as tls.ca (Node), or install a certificate the client trusts.',
    });
  }
}
