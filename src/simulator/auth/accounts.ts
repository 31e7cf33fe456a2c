/**
 * The pair's accounts: local users with passwords (one with two-factor authentication, one
 * read-only), their API keys (with the SCRAM verifiers TrueNAS stores for them), and the roles
 * that decide what each credential may call. Both controllers share this database.
 */
import { createHmac } from 'node:crypto';
import { deriveScramKeys, type ScramKeys } from '../../auth/scram.js';
import type { SeededRandom } from '../util/random.js';

export interface ApiKeyRecord {
  id: number;
  name: string;
  username: string;
  /** The part after `<id>-`. */
  material: string;
  revoked: boolean;
  revokedReason: string | null;
  salt: Uint8Array;
  /** Computed on first SCRAM use (PBKDF2 is slow on purpose). */
  scram?: Promise<ScramKeys>;
}

export interface UserRecord {
  username: string;
  uid: number;
  fullName: string;
  password: string;
  roles: readonly string[];
  /** Base32 TOTP secret when two-factor authentication is on. */
  otpSecret?: string;
}

/** What the credential of a session is. */
export interface Credential {
  type: 'LOGIN_PASSWORD' | 'LOGIN_TWOFACTOR' | 'API_KEY' | 'TOKEN' | 'SCRAM' | 'UNIX_SOCKET';
  user: UserRecord;
  apiKey?: ApiKeyRecord;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) continue;
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) as TrueNAS's two-factor authentication uses it. */
export function totp(secret: string, atMs: number, stepOffset = 0): string {
  const counter = Math.floor(atMs / 30_000) + stepOffset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const code = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

/** Which roles grant a method's required role. */
function grants(have: readonly string[], need: string): boolean {
  if (have.includes('FULL_ADMIN')) return true;
  if (have.includes(need)) return true;
  if (need.endsWith('_READ')) {
    if (have.includes('READONLY_ADMIN')) return true;
    if (have.includes(need.replace(/_READ$/, '_WRITE'))) return true;
  }
  return false;
}

export class Accounts {
  readonly users = new Map<string, UserRecord>();
  readonly apiKeys = new Map<number, ApiKeyRecord>();
  /** The root account: no password login; the local UNIX socket and the heartbeat link act as root. */
  readonly root: UserRecord = { username: 'root', uid: 0, fullName: 'root', password: '', roles: ['FULL_ADMIN'] };

  constructor(
    random: SeededRandom,
    private readonly scramIterations: number,
  ) {
    const secret = Array.from(random.bytes(20), (b) => BASE32[b % 32]).join('');
    const users: UserRecord[] = [
      { username: 'truenas_admin', uid: 950, fullName: 'Local Administrator', password: random.alnum(20), roles: ['FULL_ADMIN'] },
      { username: 'ha_viewer', uid: 3000, fullName: 'HA read-only', password: random.alnum(20), roles: ['READONLY_ADMIN'] },
      {
        username: 'otp_admin',
        uid: 3001,
        fullName: 'Administrator with 2FA',
        password: random.alnum(20),
        roles: ['FULL_ADMIN'],
        otpSecret: secret,
      },
    ];
    for (const u of users) this.users.set(u.username, u);
    this.addKey(1, 'truenas_admin', 'simulator admin key', random);
    this.addKey(2, 'ha_viewer', 'simulator read-only key', random);
  }

  private addKey(id: number, username: string, name: string, random: SeededRandom): void {
    this.apiKeys.set(id, { id, name, username, material: random.alnum(64), revoked: false, revokedReason: null, salt: random.bytes(32) });
  }

  /** The raw API key string `<id>-<material>`. */
  rawKey(id: number): string {
    const key = this.apiKeys.get(id)!;
    return `${key.id}-${key.material}`;
  }

  /** Looks up a raw key; null when malformed, unknown or wrong. Revoked keys are returned (the caller decides). */
  findKey(raw: string): ApiKeyRecord | null {
    const m = /^(\d+)-(.+)$/s.exec(raw);
    if (!m) return null;
    const key = this.apiKeys.get(Number(m[1]));
    if (!key || key.material !== m[2]) return null;
    return key;
  }

  scramKeys(key: ApiKeyRecord): Promise<ScramKeys> {
    key.scram ??= deriveScramKeys(key.material, key.salt, this.scramIterations);
    return key.scram;
  }

  get iterations(): number {
    return this.scramIterations;
  }

  checkPassword(username: string, password: string): UserRecord | null {
    const user = this.users.get(username);
    return user && user.password !== '' && user.password === password ? user : null;
  }

  /** Accepts the current TOTP code or its neighbours (clock skew), as pam_oath does. */
  checkOtp(user: UserRecord, code: string, now: number): boolean {
    if (!user.otpSecret) return false;
    return [-1, 0, 1].some((d) => totp(user.otpSecret!, now, d) === code);
  }

  /** Whether a credential may call a method (or subscribe to an event) that needs `roles`. */
  static authorized(credential: Credential, roles: readonly string[]): boolean {
    if (roles.length === 0) return true;
    return roles.some((need) => grants(credential.user.roles, need));
  }
}
