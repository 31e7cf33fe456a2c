/**
 * `auth.*`: `login_ex` with every mechanism (PASSWORD_PLAIN with the OTP continuation,
 * API_KEY_PLAIN with the insecure-transport revocation, TOKEN_PLAIN, SCRAM on 26.0+), the legacy
 * wrappers, tokens, `me`, `logout`, `mechanism_choices`, and the standby's REDIRECT answer.
 */
import { ERRNO } from '../../errors/errno.js';
import type { Credential, UserRecord } from '../auth/accounts.js';
import { scramFinal, scramFirst } from '../auth/scram-server.js';
import { SimCallError, SimUnexpectedError } from '../errors.js';
import type { CallContext, Handler } from '../rpc/dispatch.js';
import { getIps } from './ips.js';

type LoginData = Record<string, unknown> & { mechanism: string; login_options?: { user_info?: boolean; reconnect_token?: boolean } };
type LoginResponse = Record<string, unknown> & { response_type: string };

/** Failed attempts are delayed 1–2 s (assurance level 1), scaled by the time scale. */
async function failureDelay(call: CallContext): Promise<void> {
  const seconds = call.rt.random.uniform(1, 2);
  await call.rt.clock.sleep(seconds * 1000, call.rt.pair.controller(call.session.node).bootAbort.signal);
}

/** `auth.me` for a credential. */
export function userInfo(credential: Credential): Record<string, unknown> {
  const u = credential.user;
  const attributes = ['LOCAL'];
  if (credential.type === 'API_KEY') attributes.push('API_KEY');
  if (u.otpSecret) attributes.push('2FA');
  return {
    pw_name: u.username,
    pw_gecos: u.fullName,
    pw_dir: u.username === 'root' ? '/root' : `/home/${u.username}`,
    pw_shell: '/usr/bin/zsh',
    pw_uid: u.uid,
    pw_gid: u.uid,
    grouplist: [u.uid, 544],
    sid: null,
    source: 'LOCAL',
    local: true,
    attributes: {},
    two_factor_config: { secret_configured: Boolean(u.otpSecret), interval: 30, otp_digits: 6 },
    privilege: { roles: [...u.roles], allowlist: [], web_shell: true },
    account_attributes: attributes,
  };
}

async function succeed(call: CallContext, credential: Credential, data: LoginData): Promise<LoginResponse> {
  const { session } = call;
  session.credential = credential;
  session.pending = null;
  const response: LoginResponse = {
    response_type: 'SUCCESS',
    user_info: data.login_options?.user_info === false ? null : userInfo(credential),
    authenticator: 'LEVEL_1',
  };
  if (session.endpoint.reconnectToken) {
    response.reconnect_token = data.login_options?.reconnect_token
      ? call.rt.tokens[session.node].create(credential, {
          ttlSeconds: 600,
          origin: session.origin.address,
          singleUse: true,
          attributes: {},
        })
      : null;
  }
  return response;
}

/** The standby answers REDIRECT with the active controller's URLs (rule per release). */
async function redirect(call: CallContext): Promise<LoginResponse | null> {
  const { rt, session } = call;
  const pair = rt.pair;
  if (!pair.licensed || pair.status(session.node) !== 'BACKUP') return null;
  if (!rt.release.redirectNeedsActivePeer) {
    const urls = await pair.callPeer(session.node, (peer) => getIps(rt, peer.node));
    return { response_type: 'REDIRECT', urls };
  }
  if (pair.peerState(session.node) !== 'ok') return null;
  const peer = pair.peer(session.node);
  if (pair.status(peer.node) !== 'MASTER') return null;
  return { response_type: 'REDIRECT', urls: getIps(rt, peer.node) };
}

const AUTH_ERR: LoginResponse = { response_type: 'AUTH_ERR' };

export async function loginEx(call: CallContext, data: LoginData): Promise<LoginResponse> {
  const { rt, session } = call;
  const redirected = await redirect(call);
  if (redirected) return redirected;

  // A different mechanism in the middle of a multi-step login abandons the attempt.
  const pending = session.pending;
  if (pending && pending.mechanism !== data.mechanism) session.pending = null;
  if (data.mechanism === 'OTP_TOKEN' && session.pending?.mechanism !== 'OTP_TOKEN') {
    throw new SimCallError('OTP_TOKEN: no authentication in progress', ERRNO.EINVAL);
  }

  switch (data.mechanism) {
    case 'PASSWORD_PLAIN': {
      const user = rt.accounts.checkPassword(String(data.username), String(data.password));
      if (!user) {
        await failureDelay(call);
        return AUTH_ERR;
      }
      if (user.otpSecret) {
        session.pending = { mechanism: 'OTP_TOKEN', user };
        return { response_type: 'OTP_REQUIRED', username: user.username };
      }
      return succeed(call, { type: 'LOGIN_PASSWORD', user }, data);
    }
    case 'OTP_TOKEN': {
      const user = (session.pending as { user: UserRecord }).user;
      session.pending = null;
      if (!rt.accounts.checkOtp(user, String(data.otp_token), rt.clock.now())) {
        await failureDelay(call);
        return AUTH_ERR;
      }
      return succeed(call, { type: 'LOGIN_TWOFACTOR', user }, data);
    }
    case 'API_KEY_PLAIN': {
      const key = rt.accounts.findKey(String(data.api_key));
      const user = key ? rt.accounts.users.get(key.username) : undefined;
      if (!key || !user || key.username !== data.username || key.revoked) {
        await failureDelay(call);
        return AUTH_ERR;
      }
      if (!session.secureTransport) {
        // plugins/auth.py `login_ex`: a valid key sent in clear over a network connection is revoked
        // and the answer is EXPIRED at once (PAM succeeded, so there is no failure delay).
        key.revoked = true;
        key.revokedReason = 'Attempt to use over an insecure transport';
        rt.pair.log(`API key ${key.id} revoked: used over an insecure transport`);
        return { response_type: 'EXPIRED' };
      }
      return succeed(call, { type: 'API_KEY', user, apiKey: key }, data);
    }
    case 'TOKEN_PLAIN': {
      const credential = rt.tokens[session.node].redeem(String(data.token), session.origin.address);
      if (credential === 'invalid' || credential === 'bad') {
        await failureDelay(call);
        return AUTH_ERR;
      }
      return succeed(call, { type: 'TOKEN', user: credential.user }, data);
    }
    case 'SCRAM': {
      if (!rt.release.scram) throw new SimCallError('SCRAM: unexpected authentication mechanism');
      const step =
        data.scram_type === 'CLIENT_FIRST_MESSAGE'
          ? await scramFirst(session, String(data.rfc_str))
          : await scramFinal(session, String(data.rfc_str));
      if (!step.ok) {
        session.pending = null;
        await failureDelay(call);
        return AUTH_ERR;
      }
      if (data.scram_type === 'CLIENT_FIRST_MESSAGE') {
        return { response_type: 'SCRAM_RESPONSE', scram_type: 'SERVER_FIRST_RESPONSE', rfc_str: step.rfcStr, user_info: null };
      }
      const user = rt.accounts.users.get(step.key.username)!;
      const credential: Credential = { type: 'API_KEY', user, apiKey: step.key };
      session.credential = credential;
      return {
        response_type: 'SCRAM_RESPONSE',
        scram_type: 'SERVER_FINAL_RESPONSE',
        rfc_str: step.rfcStr,
        user_info: userInfo(credential),
      };
    }
    default:
      throw new SimCallError(`${data.mechanism}: unexpected authentication mechanism`);
  }
}

const LEVEL1 = ['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN'];

export const authHandlers: Record<string, Handler> = {
  'auth.login_ex': (call, [data]) => loginEx(call, data as LoginData),

  'auth.login_ex_continue': (call, [data]) => loginEx(call, data as LoginData),

  'auth.mechanism_choices': (call) => {
    if (call.rt.release.mechanismChoicesBug && !call.session.authenticated) {
      // 25.04.2 – 25.10.2 fail this call before login; the official client recognises the text.
      throw new SimUnexpectedError("'NoneType' object has no attribute 'may_create_auth_token'", 'AttributeError');
    }
    return call.rt.release.scram ? [...LEVEL1, 'SCRAM'] : [...LEVEL1];
  },

  'auth.login': async (call, [username, password, otpToken]) => {
    const first = await loginEx(call, { mechanism: 'PASSWORD_PLAIN', username, password });
    if (first.response_type === 'OTP_REQUIRED' && typeof otpToken === 'string') {
      return (await loginEx(call, { mechanism: 'OTP_TOKEN', otp_token: otpToken })).response_type === 'SUCCESS';
    }
    if (first.response_type === 'OTP_REQUIRED') call.session.pending = null;
    return first.response_type === 'SUCCESS';
  },

  'auth.login_with_api_key': async (call, [apiKey]) => {
    const id = Number(String(apiKey).split('-')[0]);
    const key = Number.isInteger(id) ? call.rt.accounts.apiKeys.get(id) : undefined;
    if (!key) {
      await failureDelay(call);
      return false;
    }
    return (await loginEx(call, { mechanism: 'API_KEY_PLAIN', username: key.username, api_key: apiKey })).response_type === 'SUCCESS';
  },

  'auth.login_with_token': async (call, [token]) => (await loginEx(call, { mechanism: 'TOKEN_PLAIN', token })).response_type === 'SUCCESS',

  'auth.logout': (call) => {
    call.session.events?.dropSourceSubscriptions();
    call.session.credential = null;
    call.session.pending = null;
    return true;
  },

  'auth.me': (call) => userInfo(call.session.credential!),

  'auth.generate_token': (call, [ttl, attrs, matchOrigin, singleUse]) => {
    const { session, rt } = call;
    return rt.tokens[session.node].create(session.credential!, {
      ttlSeconds: (ttl as number | null) ?? 600,
      origin: matchOrigin ? session.origin.address : null,
      singleUse: Boolean(singleUse),
      attributes: (attrs as Record<string, unknown>) ?? {},
    });
  },
};
