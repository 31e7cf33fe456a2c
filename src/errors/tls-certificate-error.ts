import { ConnectionClosedError } from './connection-closed-error.js';

/**
 * The controller's TLS certificate is not trusted (self-signed, unknown CA, wrong name, expired).
 * Retrying cannot help: pass the CA that signed it as `tls.ca` (Node), or fix the certificate.
 */
export class TlsCertificateError extends ConnectionClosedError {
  static override readonly kind: string = 'TlsCertificateError';
  /** The TLS library's code, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly code: string;

  constructor(url: string, code: string, cause?: unknown) {
    super(
      `The TLS certificate of ${url} is not trusted (${code}). TrueNAS often uses a self-signed certificate: ` +
        'pass the CA that signed it as tls.ca (Node), or install a certificate the client trusts.',
      { url, cause },
    );
    this.code = code;
  }
}
