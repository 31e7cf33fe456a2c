/** TLS options for Node (passed to `ws` and `node:https`): trust a custom CA, present a client certificate, etc. */
export interface TlsOptions {
  /** Certificate authority (PEM) to trust, e.g. the CA that signed the TrueNAS certificate. */
  ca?: string | Uint8Array | (string | Uint8Array)[];
  /** Set to false to accept any certificate (only for testing: it disables server authentication). */
  rejectUnauthorized?: boolean;
  /** Name to verify the certificate against when connecting by IP address. */
  servername?: string;
  /** Client certificate (PEM). */
  cert?: string | Uint8Array;
  /** Client private key (PEM). */
  key?: string | Uint8Array;
}
