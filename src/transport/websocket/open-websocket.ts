/**
 * Opens a WebSocket: the injected constructor, the browser's global one, or `ws` in Node (imported
 * lazily so the main entry stays browser-safe). `ws` is preferred in Node for its TLS options.
 */
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import { TlsCertificateError } from '../../errors/tls-certificate-error.js';
import { importNodeModule, isNode } from '../../util/env.js';
import type { TlsOptions, WebSocketConstructor, WebSocketLike } from './websocket-like.js';

export interface OpenWebSocketOptions {
  WebSocket?: WebSocketConstructor;
  tls?: TlsOptions;
  /** Give up opening after this many ms. */
  timeout: number;
  signal?: AbortSignal;
}

let nodeWebSocket: Promise<WebSocketConstructor> | undefined;

// Node's codes for a certificate it will not trust; retrying does not change them.
const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/;

async function defaultConstructor(needsTls: boolean): Promise<{ ctor: WebSocketConstructor; isWs: boolean }> {
  if (isNode()) {
    nodeWebSocket ??= importNodeModule<{ WebSocket?: WebSocketConstructor; default?: WebSocketConstructor }>('ws').then((m) => {
      const ctor = m.WebSocket ?? m.default;
      if (!ctor) throw new Error('the ws package did not export a WebSocket class');
      return ctor;
    });
    try {
      return { ctor: await nodeWebSocket, isWs: true };
    } catch (error) {
      nodeWebSocket = undefined;
      const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (global && !needsTls) return { ctor: global, isWs: false };
      throw error;
    }
  }
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!global)
    throw new NotSupportedByTransportError('WebSocket', 'this runtime', 'pass a WebSocket implementation in the WebSocket option');
  return { ctor: global, isWs: false };
}

/** Resolves with an open socket, or rejects with an Error describing why it could not open. */
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
    ? new ctor(url, [], { ...(options.tls ?? {}), handshakeTimeout: options.timeout, perMessageDeflate: false } as never)
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
    const timer = setTimeout(() => finish(new Error(`no WebSocket handshake with ${url} within ${options.timeout} ms`)), options.timeout);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.onopen = () => finish();
    socket.onerror = (event) => {
      const code = describeSocketError(event);
      finish(CERTIFICATE_ERRORS.test(code) ? new TlsCertificateError(url, code, event) : new Error(`cannot open ${url}: ${code}`));
    };
    socket.onclose = (event) => finish(new Error(`${url} closed during the handshake (code ${event?.code ?? 'unknown'})`));
  });
}

function isBrowserNative(ctor: WebSocketConstructor): boolean {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  return !isNode() && ctor === global;
}

function describeSocketError(event: unknown): string {
  const e = event as { message?: string; error?: { message?: string; code?: string } } | undefined;
  return e?.error?.code ?? e?.error?.message ?? e?.message ?? 'connection failed';
}
