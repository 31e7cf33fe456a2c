/**
 * The client's runtime pieces in Node (and in runtimes that are not browsers): `node:http`, the `ws`
 * package, the TLS certificate of a connection for channel binding, and credentials from the
 * environment or a key file. See types.ts for how browser builds swap this module for browser.ts.
 */
import { channelBindingOf } from '../../auth/channel-binding.js';
import { credentialsFromEnv as fromEnv } from '../../auth/credentials.js';
import { NodeHttp as Http } from '../node-http.js';
import { fileBlob as openFile } from '../upload/node-file.js';
import { loadWs as load } from '../websocket/node-websocket.js';
import type { Platform } from './types.js';

export const NodeHttp: Platform['NodeHttp'] = Http;
export const loadWs: Platform['loadWs'] = load;
export const channelBinding: Platform['channelBinding'] = channelBindingOf;
export const credentialsFromEnv: Platform['credentialsFromEnv'] = fromEnv;
export const fileBlob: Platform['fileBlob'] = openFile;
