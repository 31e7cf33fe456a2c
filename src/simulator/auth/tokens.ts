/**
 * Authentication tokens (`auth.generate_token`, `TOKEN_PLAIN`, 26.0+ reconnect tokens). Like
 * TrueNAS, each controller keeps its tokens in memory: they do not survive its reboot and do not
 * work on the other controller. Lifetimes are real seconds (not scaled by the time scale).
 */
import type { SeededRandom } from '../util/random.js';
import type { Credential } from './accounts.js';

interface TokenRecord {
  credential: Credential;
  expiresAt: number;
  /** Client address the token is bound to, or null. */
  origin: string | null;
  singleUse: boolean;
  attributes: Record<string, unknown>;
}

export class TokenStore {
  private tokens = new Map<string, TokenRecord>();

  constructor(private readonly random: SeededRandom) {}

  create(
    credential: Credential,
    options: { ttlSeconds: number; origin: string | null; singleUse: boolean; attributes: Record<string, unknown> },
  ): string {
    const token = this.random.alnum(64);
    this.tokens.set(token, {
      credential,
      expiresAt: Date.now() + options.ttlSeconds * 1000,
      origin: options.origin,
      singleUse: options.singleUse,
      attributes: options.attributes,
    });
    return token;
  }

  /**
   * The credential behind a token presented from `address`, or a failure: unknown, expired or from
   * another address (`invalid`), or carrying attributes (`bad`: such tokens are for uploads only).
   * A single-use token is consumed.
   */
  redeem(token: string, address: string): Credential | 'invalid' | 'bad' {
    const record = this.tokens.get(token);
    if (!record || record.expiresAt <= Date.now() || (record.origin !== null && record.origin !== address)) {
      if (record && record.expiresAt <= Date.now()) this.tokens.delete(token);
      return 'invalid';
    }
    if (Object.keys(record.attributes).length > 0) return 'bad';
    if (record.singleUse) this.tokens.delete(token);
    return record.credential;
  }

  clear(): void {
    this.tokens.clear();
  }
}
