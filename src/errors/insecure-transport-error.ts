import { TrueNasError } from './truenas-error.js';

/** The client refused to send a secret over unencrypted ws:// to a host that is not loopback. */
export class InsecureTransportError extends TrueNasError {
  static override readonly kind: string = 'InsecureTransportError';
  /** The address it refused to use. */
  readonly url: string;
  /** What would have been sent: `API key`, `password` or `token`. */
  readonly credential: string;

  constructor(url: string, credential: string) {
    super(
      `Refusing to send the ${credential} over unencrypted ${url}: TrueNAS revokes an API key that is used over an insecure transport, ` +
        `and a ${credential} sent in clear text can be read on the network. Use wss://, or set allowInsecure: true if you accept the risk.`,
    );
    this.url = url;
    this.credential = credential;
  }
}
