/**
 * The REST implementation of `Transport`: one HTTP request per call to one controller's
 * `/api/v2.0`, its route from the schema, the credential in every request, the answer mapped onto
 * the client's error classes. At most `maxInFlight` requests run at once; up to `maxQueue` more
 * wait locally. A request that gets no answer rejects with `ConnectionClosedError` whose `sent`
 * says whether it may have reached the server.
 */
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { IncomingMessageTooLargeError } from '../../errors/incoming-message-too-large-error.js';
import { MessageTooLargeError } from '../../errors/message-too-large-error.js';
import { QueueFullError } from '../../errors/queue-full-error.js';
import { TrueNasError } from '../../errors/truenas-error.js';
import type { ApiDescription } from '../../types/api-description.js';
import type { ControllerAddress } from '../../util/url.js';
import type { AuthorizationHeader } from '../authorization.js';
import { type HttpClient, HttpNetworkError, HttpResponseTooLargeError } from '../http.js';
import type { Transport, TransportCallOptions } from '../transport.js';
import { restRequest } from './request-mapping.js';
import { errorFromResponse, MAX_REQUEST_BODY } from './response-errors.js';

export interface RestTransportOptions {
  address: ControllerAddress;
  /** The API version spoken (routes and argument names come from its description). */
  apiVersion: string;
  description: ApiDescription;
  authorization: AuthorizationHeader | undefined;
  http: HttpClient;
  maxInFlight: number;
  maxQueue: number;
}

interface Waiter {
  start(): void;
  fail(error: unknown): void;
}

export class RestTransport implements Transport {
  readonly kind = 'rest' as const;
  readonly url: string;
  /** False once the transport takes no new calls (closed, or retired after a request got no answer). */
  protected isOpen = true;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly closing = new AbortController();

  constructor(protected readonly options: RestTransportOptions) {
    this.url = `${options.address.httpBase}/api/v2.0`;
  }

  get open(): boolean {
    return this.isOpen;
  }

  get address(): ControllerAddress {
    return this.options.address;
  }

  /** Requests running now. */
  get inFlightCount(): number {
    return this.running;
  }

  /** Requests waiting for a free slot. */
  get queuedCount(): number {
    return this.waiting.length;
  }

  /** The `Authorization` header every request carries (also used for uploads), if any. */
  get authorization(): AuthorizationHeader | undefined {
    return this.options.authorization;
  }

  async call(method: string, params: readonly unknown[], options: TransportCallOptions = {}): Promise<unknown> {
    if (!this.isOpen)
      throw new ConnectionClosedError(`${method} was not sent: the connection to ${this.url} is closed.`, { url: this.url, method });
    const { description, apiVersion } = this.options;
    const known = Object.hasOwn(description.methods, method) ? description.methods[method] : undefined;
    const request = restRequest(method, known, params, apiVersion);
    const bodySize = request.body === undefined ? 0 : new TextEncoder().encode(request.body).length;
    if (bodySize > MAX_REQUEST_BODY) throw new MessageTooLargeError(method, bodySize, MAX_REQUEST_BODY, true);

    await this.acquire(method, options);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const authorization = this.options.authorization;
    if (authorization) headers.authorization = authorization.value;
    const url = `${this.url}${request.path}`;
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    let exchange: Awaited<ReturnType<HttpClient['send']>>;
    try {
      options.onSent?.();
      exchange = await this.options.http.send({ url, verb: request.verb, headers, body: request.body, signal });
    } catch (error) {
      if (error instanceof HttpResponseTooLargeError) {
        throw new IncomingMessageTooLargeError(
          `${method}: ${this.url} answered more than ${error.limit} bytes (maxIncomingMessage); the answer was not read.`,
          { url: this.url, method, sent: true, limit: error.limit, cause: error },
        );
      }
      if (error instanceof HttpNetworkError) {
        throw new ConnectionClosedError(
          `${method}: ${this.url} gave no answer (${error.code})${error.connected ? '' : '; the request did not reach it'}.`,
          { url: this.url, method, sent: error.connected, cause: error },
        );
      }
      throw error;
    } finally {
      this.release();
    }
    if (exchange.status >= 200 && exchange.status < 300) {
      try {
        return exchange.text.trim() === '' ? null : JSON.parse(exchange.text);
      } catch {
        throw new TrueNasError(`${method}: ${this.url} answered HTTP ${exchange.status} with a body that is not JSON.`);
      }
    }
    throw errorFromResponse(exchange, { method, url: this.url, apiVersion, scheme: authorization?.scheme, bodySize });
  }

  /** Closes the transport: requests in flight are cut off, waiting ones rejected. */
  close(reason = 'closed'): void {
    if (this.closing.signal.aborted) return;
    this.isOpen = false;
    const error = new ConnectionClosedError(`The connection to ${this.url} was closed (${reason}).`, { url: this.url, sent: true });
    this.closing.abort(error);
    for (const waiter of this.waiting.splice(0)) waiter.fail(new ConnectionClosedError(error.message, { url: this.url }));
  }

  private acquire(method: string, options: TransportCallOptions): Promise<void> {
    if (this.running < this.options.maxInFlight) {
      this.running++;
      return Promise.resolve();
    }
    if (!options.priority && this.waiting.length >= this.options.maxQueue)
      return Promise.reject(new QueueFullError(method, this.options.maxQueue));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(options.signal?.reason);
      };
      const waiter: Waiter = {
        start: () => {
          options.signal?.removeEventListener('abort', onAbort);
          this.running++;
          resolve();
        },
        fail: (error) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      if (options.signal?.aborted) return reject(options.signal.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.priority) this.waiting.unshift(waiter);
      else this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.running--;
    const next = this.waiting.shift();
    if (next) next.start();
  }
}
