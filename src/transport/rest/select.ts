/**
 * Which transport `createClient` uses: `transport` when given, else the scheme of the addresses:
 * `http://`/`https://` → REST, `ws://`/`wss://` (or no scheme) → WebSocket.
 */
import { readEnv } from '../../util/env.js';

interface TransportChoice {
  transport?: unknown;
  url?: unknown;
  urls?: unknown;
  env?: boolean;
}

function addressesOf(options: TransportChoice): unknown[] {
  const out: unknown[] = [];
  if (options.url !== undefined) out.push(options.url);
  if (Array.isArray(options.urls)) out.push(...options.urls);
  else if (typeof options.urls === 'object' && options.urls !== null) {
    const u = options.urls as { vip?: unknown; a?: unknown; b?: unknown };
    out.push(...[u.vip, u.a, u.b].filter((v) => v !== undefined));
  }
  if (out.length === 0 && options.env !== false) {
    const fromEnv = readEnv('TRUENAS_URL');
    if (fromEnv) out.push(fromEnv);
  }
  return out;
}

/** True when the options ask for REST (explicitly, or by http(s):// addresses only). */
export function wantsRest(options: TransportChoice | undefined): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const { transport } = options;
  if (transport === 'rest') return true;
  if (transport === 'websocket') return false;
  if (transport !== undefined) throw new TypeError("createClient: transport must be 'websocket' or 'rest'");
  const schemes = addressesOf(options)
    .filter((a): a is string => typeof a === 'string')
    .map((a) => (/^\s*([a-z][a-z0-9+.-]*):\/\//i.exec(a)?.[1] ?? 'wss').toLowerCase());
  const http = schemes.filter((s) => s === 'http' || s === 'https').length;
  if (http === 0) return false;
  if (http < schemes.length) {
    throw new TypeError(
      "createClient: the addresses mix http(s):// (REST) and ws(s):// (WebSocket); use one kind, or say which with transport: 'rest' or 'websocket'",
    );
  }
  return true;
}
