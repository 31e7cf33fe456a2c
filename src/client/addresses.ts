/** The controller addresses a client may use, in order of preference (VIP first). */
import { readEnv } from '../util/env.js';
import { type ControllerAddress, parseAddress, sameEndpoint } from '../util/url.js';

export interface Candidate {
  /** `vip`, `a`, `b`, `url` or the list index. */
  label: string;
  address: ControllerAddress;
}

/** The address options of `createClient` (see `ClientOptions`). */
export interface AddressOptions {
  url?: string;
  urls?: { vip?: string; a?: string; b?: string } | readonly string[];
  env?: boolean;
}

export function candidatesFrom(options: AddressOptions): Candidate[] {
  const out: Candidate[] = [];
  const add = (label: string, value: unknown, field: string) => {
    if (value === undefined) return;
    if (typeof value !== 'string') throw new TypeError(`createClient: ${field} must be a string URL`);
    let address: ControllerAddress;
    try {
      address = parseAddress(value);
    } catch (error) {
      throw new TypeError(`createClient: ${field}: ${(error as Error).message}`);
    }
    if (!out.some((c) => sameEndpoint(c.address, address) && c.address.path === address.path)) out.push({ label, address });
  };
  add('url', options.url, 'url');
  const urls = options.urls;
  if (Array.isArray(urls)) {
    for (const [i, u] of urls.entries()) add(String(i), u, `urls[${i}]`);
  } else if (urls !== undefined) {
    if (typeof urls !== 'object' || urls === null) throw new TypeError('createClient: urls must be { vip, a, b } or a list of URLs');
    const u = urls as { vip?: unknown; a?: unknown; b?: unknown };
    add('vip', u.vip, 'urls.vip');
    add('a', u.a, 'urls.a');
    add('b', u.b, 'urls.b');
  }
  if (out.length === 0 && options.env !== false) add('url', readEnv('TRUENAS_URL'), 'TRUENAS_URL');
  if (out.length === 0) throw new TypeError('createClient: no address given; pass url (e.g. wss://nas.example), urls, or set TRUENAS_URL');
  return out;
}

/** The configured candidate a REDIRECT URL points to, if any (secure URLs first). */
export function redirectTarget(candidates: readonly Candidate[], urls: readonly string[]): Candidate | undefined {
  const parsed = urls
    .map((u) => {
      try {
        return parseAddress(u);
      } catch {
        return undefined;
      }
    })
    .filter((a): a is ControllerAddress => a !== undefined)
    .sort((x, y) => Number(y.secure) - Number(x.secure));
  for (const address of parsed) {
    const match = candidates.find((c) => sameEndpoint(c.address, address));
    if (match) return match;
  }
  return undefined;
}
