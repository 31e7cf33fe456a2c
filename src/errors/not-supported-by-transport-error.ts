import { TrueNasError } from './truenas-error.js';

/** A feature needs a transport or runtime that this client does not have (e.g. TLS options in a browser). */
export class NotSupportedByTransportError extends TrueNasError {
  static override readonly kind: string = 'NotSupportedByTransportError';
  readonly feature: string;
  readonly transport: string;

  constructor(feature: string, transport: string, hint?: string) {
    super(`${feature} is not supported by the ${transport} transport${hint ? `; ${hint}` : '.'}`);
    this.feature = feature;
    this.transport = transport;
  }
}
