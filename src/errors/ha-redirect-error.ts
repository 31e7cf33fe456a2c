import { TrueNasError } from './truenas-error.js';

/**
 * The controller is the standby of an HA pair and its active peer answers: login was refused with
 * `REDIRECT`. `urls` are the active controller's addresses (its VIPs). The client follows them
 * itself when one of them is among the addresses it was given; otherwise it throws this.
 */
export class HaRedirectError extends TrueNasError {
  static override readonly kind: string = 'HaRedirectError';
  /** Base URLs of the active controller, e.g. `https://10.0.0.10`. */
  readonly urls: readonly string[];
  /** The standby that redirected. */
  readonly url: string | undefined;

  constructor(urls: readonly string[], url?: string) {
    super(
      `${url ?? 'The controller'} is the standby controller; log in at the active one instead: ${urls.length ? urls.join(', ') : '(no address given)'}. ` +
        'Add that address to the client (e.g. urls: { vip }) to have it followed automatically.',
    );
    this.urls = Object.freeze([...urls]);
    this.url = url;
  }
}
