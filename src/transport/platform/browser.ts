/**
 * The client's runtime pieces in a browser (or a worker): `fetch` and the global WebSocket, which
 * http.ts and open-websocket.ts use when these are undefined; no TLS certificate to bind a login
 * to (the browser keeps it); no environment to read credentials from; no files to read an update
 * image from. See types.ts.
 */
import type { Platform } from './types.js';

export const NodeHttp: Platform['NodeHttp'] = undefined;
export const loadWs: Platform['loadWs'] = undefined;
export const channelBinding: Platform['channelBinding'] = async () => undefined;
export const credentialsFromEnv: Platform['credentialsFromEnv'] = async () => undefined;
export const fileBlob: Platform['fileBlob'] = async () => {
  throw new TypeError('upload: a file path works only in Node; pass a Blob, File, bytes or a stream');
};
