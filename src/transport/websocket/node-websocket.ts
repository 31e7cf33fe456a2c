/** The `ws` package, which Node uses for WebSocket (for its TLS options), imported once and lazily. */
import { importNodeModule } from '../../util/env.js';
import type { WebSocketConstructor } from './websocket-like.js';

let loading: Promise<WebSocketConstructor> | undefined;

/** The `ws` WebSocket class; a failed import is tried again on the next call. */
export function loadWs(): Promise<WebSocketConstructor> {
  if (!loading) {
    loading = importNodeModule<{ WebSocket?: WebSocketConstructor; default?: WebSocketConstructor }>('ws').then((m) => {
      const ctor = m.WebSocket ?? m.default;
      if (!ctor) throw new Error('the ws package did not export a WebSocket class');
      return ctor;
    });
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
