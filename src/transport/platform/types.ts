import type { Credentials } from '../../auth/credentials.js';
import type { NodeHttp } from '../node-http.js';
import type { WebSocketConstructor } from '../websocket/websocket-like.js';

/**
 * What the client takes from the runtime it runs in. `node.ts` gives Node's; `browser.ts` gives a
 * browser's, without the Node-only code. The source imports `node.ts`; in the package, those imports
 * read `#platform`, which package.json's "imports" maps to the browser module under the "browser"
 * condition (bundlers building for browsers and workers) and to the Node module otherwise.
 */
export interface Platform {
  /** HTTP through `node:http` (keep-alive agents, the `tls` options); undefined where only `fetch` exists. */
  NodeHttp: typeof NodeHttp | undefined;
  /** Loads the `ws` package; undefined where the runtime's own WebSocket is used. */
  loadWs: (() => Promise<WebSocketConstructor>) | undefined;
  /** SCRAM channel binding data (RFC 5929 tls-server-end-point) of a socket, when it can be had. */
  channelBinding(socket: unknown): Promise<Uint8Array | undefined>;
  /** Credentials from TRUENAS_* environment variables (and a key file), or undefined when none are set. */
  credentialsFromEnv(): Promise<Credentials | undefined>;
  /** An update image given as a file path, as a file-backed Blob; a `TypeError` where there are no files. */
  fileBlob(path: string): Promise<Blob>;
}
