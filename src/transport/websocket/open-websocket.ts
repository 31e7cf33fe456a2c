/**
 * Opens a WebSocket: the injected constructor, the browser's global one, or `ws` in Node (handed in
 * by the platform module, imported lazily). `ws` is preferred in Node for its TLS options.
 */
import { ConnectionError } from '../../errors/connection-error.js';
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import { isNode } from '../../util/env.js';
import { connectionError } from '../connect-failure.js';
import { loadWs } from '../platform/node.js';
import type { TlsOptions, WebSocketConstructor, WebSocketLike } from './websocket-like.js';

export interface OpenWebSocketOptions {
  WebSocket?: WebSocketConstructor;
  tls?: TlsOptions;
  /** Give up opening after this many ms. */
  timeout: number;
  signal?: AbortSignal;
  /** Largest message accepted from the server, in bytes (`ws`'s `maxPayload`; browsers have no such limit). */
  maxPayload?: number;
}

async function defaultConstructor(needsTls: boolean): Promise<{ ctor: WebSocketConstructor; isWs: boolean }> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (loadWs && isNode()) {
    try {
      return { ctor: await loadWs(), isWs: true };
    } catch (error) {
      if (global && !needsTls) return { ctor: global, isWs: false };
      throw error;
    }
  }
  if (!global)
    throw new NotSupportedByTransportError('WebSocket', 'this runtime', 'pass a WebSocket implementation in the WebSocket option');
  return { ctor: global, isWs: false };
}

/**
 * Resolves with an open socket, or rejects with a `ConnectionError` saying why it could not open
 * (the signal's reason when it aborted).
 */
export async function openWebSocket(url: string, options: OpenWebSocketOptions): Promise<WebSocketLike> {
  const needsTls = options.tls !== undefined && Object.keys(options.tls).length > 0;
  let ctor: WebSocketConstructor;
  let isWs: boolean;
  if (options.WebSocket) {
    ctor = options.WebSocket;
    isWs = !isBrowserNative(ctor);
  } else {
    ({ ctor, isWs } = await defaultConstructor(needsTls));
  }
  if (needsTls && !isWs) {
    throw new NotSupportedByTransportError('tls options', 'browser WebSocket', 'the browser decides which certificates to trust');
  }
  options.signal?.throwIfAborted();
  // `ws` takes (url, protocols, options); the TLS options and a bounded handshake go there.
  const socket = isWs
    ? new ctor(url, [], {
        ...(options.tls ?? {}),
        handshakeTimeout: options.timeout,
        perMessageDeflate: false,
        ...(options.maxPayload === undefined ? {} : { maxPayload: options.maxPayload }),
      } as never)
    : new ctor(url);
  return await new Promise<WebSocketLike>((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.onopen = null;
      if (error) {
        socket.onclose = null;
        // `ws` reports an aborted handshake as an 'error' event; with no listener it would throw.
        socket.onerror = () => {};
        try {
          socket.terminate ? socket.terminate() : socket.close();
        } catch {
          // already closed
        }
        reject(error);
      } else resolve(socket);
    };
    const onAbort = () => finish(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    const timer = setTimeout(
      () => finish(new ConnectionError(url, { failure: 'TIMEOUT', timeout: options.timeout, during: 'WebSocket handshake' })),
      options.timeout,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.onopen = () => finish();
    // `ws` passes an event whose `error` carries the system's code; browsers give no reason at all.
    socket.onerror = (event) => finish(connectionError(url, (event as { error?: unknown })?.error ?? event));
    socket.onclose = (event) => finish(new ConnectionError(url, { failure: 'CUT_OFF', during: `close code ${event?.code ?? 1006}` }));
  });
}

function isBrowserNative(ctor: WebSocketConstructor): boolean {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  return !isNode() && ctor === global;
}
