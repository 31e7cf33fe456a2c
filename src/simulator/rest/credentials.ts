/**
 * Per-request authentication of REST v2.0, as TrueNAS 25.x does it: `Authorization: Bearer <api
 * key>`, `Basic <user:password>` or `Token <token>`, else `?auth_token=<token>`. Each request stands
 * alone; there is no login call and no session. Failures carry the status and text TrueNAS sends.
 */
import type { Credential } from '../auth/accounts.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';

type Presented =
  | { kind: 'token'; token: string }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'api-key'; key: string }
  | { kind: 'bad-basic' }
  | { kind: 'basic-without-colon' }
  | { kind: 'unknown-scheme' };

/** An HTTP refusal: status and plain-text body (empty for a bare 403). */
export class RestRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 500,
    readonly text: string,
  ) {
    super(text);
    this.name = 'RestRefusal';
  }
}

/** What the request presents, or null when it presents nothing. */
function presented(authorization: string | undefined, url: URL): Presented | null {
  if (authorization === undefined) {
    const token = url.searchParams.get('auth_token');
    return token === null ? null : { kind: 'token', token };
  }
  if (authorization.startsWith('Token ')) return { kind: 'token', token: authorization.slice(6) };
  if (authorization.startsWith('Basic ')) {
    // Python's b64decode skips characters outside the alphabet and rejects bad padding.
    const encoded = authorization.slice(6).replace(/[^A-Za-z0-9+/=]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return { kind: 'bad-basic' };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
    } catch {
      return { kind: 'bad-basic' };
    }
    const colon = text.indexOf(':');
    // TrueNAS unpacks `user:password` without a check, so a header without a colon is a server error.
    if (colon < 0) return { kind: 'basic-without-colon' };
    return { kind: 'password', username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (authorization.startsWith('Bearer ')) return { kind: 'api-key', key: authorization.slice(7) };
  // TrueNAS does not recognise other schemes; the request then counts as unauthenticated.
  return { kind: 'unknown-scheme' };
}

/** TrueNAS waits a moment after a failed password or key check (1–2 s at assurance level 1, scaled). */
async function failureDelay(rt: SimulatorRuntime, node: 'A' | 'B'): Promise<void> {
  await rt.clock.sleep(rt.random.uniform(1, 2) * 1000, rt.pair.controller(node).bootAbort.signal);
}

/**
 * The credential of a request: null when none is presented, else the authenticated credential;
 * throws `RestRefusal` (400 bad Basic header, 401 bad password or key, 403 bad token).
 */
export async function authenticateRequest(
  rt: SimulatorRuntime,
  node: 'A' | 'B',
  authorization: string | undefined,
  url: URL,
  clientAddress: string,
): Promise<Credential | null> {
  const given = presented(authorization, url);
  if (given === null || given.kind === 'unknown-scheme') return null;
  switch (given.kind) {
    case 'bad-basic':
      throw new RestRefusal(400, '400: Bad Request');
    case 'basic-without-colon':
      throw new RestRefusal(500, '500 Internal Server Error\n\nServer got itself in trouble');
    case 'token': {
      const credential = rt.tokens[node].redeem(given.token, clientAddress);
      if (credential === 'invalid' || credential === 'bad') throw new RestRefusal(403, 'Invalid token');
      return { type: 'TOKEN', user: credential.user };
    }
    case 'password': {
      const account = rt.accounts.users.get(given.username);
      // The spec's rule: Basic auth is refused for a user with two-factor authentication. (TrueNAS
      // checks the system-wide 2FA switch; the simulator has 2FA on one user only.)
      if (account?.otpSecret) throw new RestRefusal(401, 'HTTP Basic Auth is unavailable when OTP is enabled');
      const user = rt.accounts.checkPassword(given.username, given.password);
      if (!user) {
        await failureDelay(rt, node);
        throw new RestRefusal(401, 'Bad username or password');
      }
      return { type: 'LOGIN_PASSWORD', user };
    }
    case 'api-key': {
      const key = rt.accounts.findKey(given.key);
      const user = key ? rt.accounts.users.get(key.username) : undefined;
      // Over REST a key sent over plain HTTP is not revoked (unlike API_KEY_PLAIN over WebSocket).
      if (!key || !user || key.revoked) {
        await failureDelay(rt, node);
        throw new RestRefusal(401, 'Invalid API key');
      }
      return { type: 'API_KEY', user, apiKey: key };
    }
  }
}
