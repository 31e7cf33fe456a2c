/** Addresses of TrueNAS controllers: normalising user input into WebSocket and HTTP base URLs. */

/** One controller address (or the VIP), normalised. */
export interface ControllerAddress {
  /** `ws://host:port` or `wss://host:port`, no path. */
  wsBase: string;
  /** `http://host:port` or `https://host:port`, no path. */
  httpBase: string;
  /** Path given by the user (`/api/v25.10.0`, `/api/current`), or undefined for the default. */
  path: string | undefined;
  /** True for wss:// (TLS). */
  secure: boolean;
  /** Host name or address, IPv6 without brackets. */
  host: string;
  /** Effective port (80/443 when none was given). */
  port: number;
  /** True when the host is a loopback address, where TrueNAS treats plain ws:// as secure. */
  loopback: boolean;
}

/** Parses `wss://nas`, `ws://127.0.0.1:8080`, `https://nas`, `nas.example` or a full endpoint URL. */
export function parseAddress(input: string): ControllerAddress {
  if (typeof input !== 'string' || input.trim() === '')
    throw new TypeError('A controller address must be a non-empty string such as wss://nas.example');
  let text = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `wss://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`"${input}" is not a valid URL; expected something like wss://nas.example or ws://127.0.0.1:8080`);
  }
  const scheme = url.protocol.toLowerCase();
  let secure: boolean;
  if (scheme === 'wss:' || scheme === 'https:') secure = true;
  else if (scheme === 'ws:' || scheme === 'http:') secure = false;
  else throw new TypeError(`"${input}" uses ${scheme}; a TrueNAS address is ws://, wss://, http:// or https://`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const portPart = url.port ? `:${url.port}` : '';
  const path = url.pathname && url.pathname !== '/' ? url.pathname.replace(/\/+$/, '') : undefined;
  return {
    wsBase: `${secure ? 'wss' : 'ws'}://${hostPart}${portPart}`,
    httpBase: `${secure ? 'https' : 'http'}://${hostPart}${portPart}`,
    path,
    secure,
    host,
    port,
    loopback: isLoopbackHost(host),
  };
}

/** True for `localhost`, 127.0.0.0/8, `::1` and IPv4-mapped loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True when two addresses name the same host and port (the scheme may differ: http ↔ ws). */
export function sameEndpoint(a: ControllerAddress, b: ControllerAddress): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port;
}

/** The API version named by an endpoint path such as `/api/v25.10.0`, if any. */
export function versionFromPath(path: string | undefined): string | undefined {
  const m = path?.match(/^\/api\/(v\d+\.\d+(?:\.\d+)?)$/);
  return m?.[1];
}
