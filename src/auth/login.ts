/**
 * Logs a connection in with the configured credentials (spec §2): API key by SCRAM or plain,
 * password with an optional one-time password, or token. A standby's REDIRECT becomes an
 * HaRedirectError; secrets are never sent over ws:// to a non-loopback host unless allowed.
 */
import { AuthError } from '../errors/auth-error.js';
import { HaRedirectError } from '../errors/ha-redirect-error.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import type { ControllerAddress } from '../util/url.js';
import type { Credentials } from './credentials.js';
import { type ScramKeyCache, scramLogin } from './scram-client.js';

export interface LoginContext {
  /** Calls a method on the connection being logged in. */
  call(method: string, params: unknown[]): Promise<unknown>;
  /** Major number of the API version, e.g. 25 or 27. */
  apiMajor: number;
  address: ControllerAddress;
  url: string;
  allowInsecure: boolean;
  scramCache: ScramKeyCache;
  /** SCRAM channel binding data of the connection (tls-server-end-point), when it can be had. */
  channelBinding(): Promise<Uint8Array | undefined>;
  /** Mechanisms the server offers (`auth.mechanism_choices`), cached by the caller; undefined when unknown. */
  mechanismChoices(): Promise<readonly string[] | undefined>;
}

export interface LoginResult {
  mechanism: string;
  userInfo: unknown;
}

const LOGIN_OPTIONS = { user_info: false };

function refuseInsecure(ctx: LoginContext, credential: string): void {
  if (!ctx.address.secure && !ctx.address.loopback && !ctx.allowInsecure) throw new InsecureTransportError(ctx.address.wsBase, credential);
}

/** Interprets a final login answer: returns on SUCCESS, throws a typed error otherwise. */
function interpret(answer: unknown, mechanism: string, ctx: LoginContext): void {
  const a = (answer ?? {}) as { response_type?: string; urls?: unknown };
  const details = { mechanism, url: ctx.url };
  switch (a.response_type) {
    case 'SUCCESS':
      return;
    case 'REDIRECT':
      throw new HaRedirectError(Array.isArray(a.urls) ? a.urls.map(String) : [], ctx.url);
    case 'AUTH_ERR':
      throw new AuthError(
        mechanism === 'API_KEY_PLAIN' || mechanism === 'SCRAM'
          ? `Login with the API key was refused (AUTH_ERR): the key is wrong, revoked, or not bound to this user.`
          : mechanism === 'TOKEN_PLAIN'
            ? 'Login with the token was refused (AUTH_ERR): it is unknown, used up, expired, or from another address.'
            : 'Login was refused (AUTH_ERR): wrong user name, password or one-time password.',
        { ...details, failure: 'AUTH_ERR' },
      );
    case 'EXPIRED':
      throw new AuthError(
        mechanism === 'API_KEY_PLAIN'
          ? 'The API key has expired or was revoked (EXPIRED). TrueNAS revokes a key the moment it is sent over an insecure transport; create a new one and use wss:// or SCRAM.'
          : 'The credential has expired (EXPIRED).',
        { ...details, failure: 'EXPIRED' },
      );
    case 'DENIED':
      throw new AuthError('The credential is valid but this account may not use the API (DENIED).', { ...details, failure: 'DENIED' });
    case 'OTP_REQUIRED':
      throw new AuthError('The server asks for a one-time password (OTP_REQUIRED); pass auth.otp to provide it.', {
        ...details,
        failure: 'OTP_REQUIRED',
      });
    default:
      throw new AuthError(`Unexpected login answer ${JSON.stringify(a.response_type ?? null)}.`, {
        ...details,
        failure: 'UNEXPECTED_RESPONSE',
      });
  }
}

async function loginWithApiKey(credentials: Extract<Credentials, { kind: 'api-key' }>, ctx: LoginContext): Promise<LoginResult> {
  let mechanism = credentials.mechanism;
  if (mechanism !== 'API_KEY_PLAIN') {
    // SCRAM exists from API 26 on; older servers only know the plain mechanism.
    const choices = ctx.apiMajor >= 26 ? await ctx.mechanismChoices() : undefined;
    const scramOffered = choices?.includes('SCRAM') ?? false;
    if (scramOffered) mechanism = 'SCRAM';
    else if (mechanism === 'SCRAM' || credentials.precomputed || ctx.apiMajor >= 26) {
      // Never a silent downgrade: a server that should speak SCRAM but does not gets an error.
      throw new AuthError(
        `The server does not offer SCRAM for API keys${choices ? ` (it offers ${choices.join(', ') || 'nothing'})` : ''}. ` +
          `Pass auth.mechanism: 'API_KEY_PLAIN' to send the key itself${ctx.address.secure ? '' : ' (over wss:// only)'}.`,
        { failure: 'SCRAM_UNSUPPORTED', mechanism: 'SCRAM', url: ctx.url },
      );
    } else mechanism = 'API_KEY_PLAIN';
  }
  if (mechanism === 'SCRAM') {
    const binding = credentials.channelBinding !== 'off' && ctx.address.secure ? await ctx.channelBinding() : undefined;
    if (credentials.channelBinding === 'require' && !binding) {
      throw new AuthError(
        'SCRAM channel binding is required (auth.channelBinding) but the server certificate is not available here (plain ws://, a browser, or an unsupported certificate signature).',
        { failure: 'SCRAM_PROTOCOL', mechanism: 'SCRAM', url: ctx.url },
      );
    }
    const answer = await scramLogin({
      channelBinding: binding,
      username: credentials.username,
      keyId: credentials.keyId,
      material: credentials.material,
      precomputed: credentials.precomputed,
      cache: ctx.scramCache,
      url: ctx.url,
      // SCRAM steps take no login_options: the server forbids extra keys in them.
      step: async (rfc_str, scram_type) =>
        (await ctx.call('auth.login_ex', [{ mechanism: 'SCRAM', scram_type, rfc_str }])) as Record<string, unknown>,
      logout: async () => {
        await ctx.call('auth.logout', []);
      },
    });
    interpret(answer, 'SCRAM', ctx);
    return { mechanism: binding ? 'SCRAM (channel-bound)' : 'SCRAM', userInfo: answer.user_info ?? null };
  }
  refuseInsecure(ctx, 'API key');
  const answer = await ctx.call('auth.login_ex', [
    { mechanism: 'API_KEY_PLAIN', username: credentials.username, api_key: credentials.raw, login_options: LOGIN_OPTIONS },
  ]);
  interpret(answer, 'API_KEY_PLAIN', ctx);
  return { mechanism: 'API_KEY_PLAIN', userInfo: (answer as { user_info?: unknown }).user_info ?? null };
}

async function loginWithPassword(credentials: Extract<Credentials, { kind: 'password' }>, ctx: LoginContext): Promise<LoginResult> {
  refuseInsecure(ctx, 'password');
  let answer = (await ctx.call('auth.login_ex', [
    { mechanism: 'PASSWORD_PLAIN', username: credentials.username, password: credentials.password, login_options: LOGIN_OPTIONS },
  ])) as { response_type?: string; user_info?: unknown };
  if (answer?.response_type === 'OTP_REQUIRED' && credentials.otp) {
    const otp = await credentials.otp();
    if (typeof otp !== 'string' || otp === '')
      throw new AuthError('auth.otp returned no one-time password.', { failure: 'OTP_REQUIRED', mechanism: 'OTP_TOKEN', url: ctx.url });
    answer = (await ctx.call('auth.login_ex_continue', [
      { mechanism: 'OTP_TOKEN', otp_token: otp, login_options: LOGIN_OPTIONS },
    ])) as typeof answer;
    interpret(answer, 'OTP_TOKEN', ctx);
    return { mechanism: 'OTP_TOKEN', userInfo: answer.user_info ?? null };
  }
  interpret(answer, 'PASSWORD_PLAIN', ctx);
  return { mechanism: 'PASSWORD_PLAIN', userInfo: answer.user_info ?? null };
}

async function loginWithToken(credentials: Extract<Credentials, { kind: 'token' }>, ctx: LoginContext): Promise<LoginResult> {
  refuseInsecure(ctx, 'token');
  const answer = (await ctx.call('auth.login_ex', [
    { mechanism: 'TOKEN_PLAIN', token: credentials.token, login_options: LOGIN_OPTIONS },
  ])) as {
    user_info?: unknown;
  };
  interpret(answer, 'TOKEN_PLAIN', ctx);
  return { mechanism: 'TOKEN_PLAIN', userInfo: answer.user_info ?? null };
}

/** Logs the connection in; resolves on success, throws AuthError / HaRedirectError / InsecureTransportError / CallError. */
export function login(credentials: Credentials, ctx: LoginContext): Promise<LoginResult> {
  switch (credentials.kind) {
    case 'api-key':
      return loginWithApiKey(credentials, ctx);
    case 'password':
      return loginWithPassword(credentials, ctx);
    case 'token':
      return loginWithToken(credentials, ctx);
  }
}

/** Unauthenticated calls a login makes, for the client's rate limiting. SCRAM takes two. */
export function loginCallCount(credentials: Credentials | undefined, apiMajor: number): number {
  if (!credentials) return 0;
  if (credentials.kind === 'api-key' && credentials.mechanism !== 'API_KEY_PLAIN' && apiMajor >= 26) return 2;
  if (credentials.kind === 'password' && credentials.otp) return 1;
  return 1;
}
