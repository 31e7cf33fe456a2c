/**
 * Base of every error this package throws. `instanceof` works across duplicate copies of the
 * package (two versions in one node_modules, or ESM and CJS builds side by side): each instance
 * carries the names of its classes under a `Symbol.for` key, and each class checks that list.
 */
import { redact } from '../util/redact.js';

const KINDS = Symbol.for('truenas-failover.error-kinds');

type ErrorClass = { readonly kind: string } & (abstract new (...args: never[]) => unknown);

export interface TrueNasErrorOptions {
  cause?: unknown;
}

export class TrueNasError extends Error {
  /** Class name, stable across bundling and minification; also `name`. */
  static readonly kind: string = 'TrueNasError';

  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options: TrueNasErrorOptions = {}) {
    // Messages pass through the one redaction function: no key, password or token in any error text.
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && Object.hasOwn(c, 'kind'); c = Object.getPrototypeOf(c)) {
      kinds.push((c as ErrorClass).kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, 'name', { value: kinds[0] ?? 'TrueNasError', enumerable: false, writable: true, configurable: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    // `this` is the class on the right of `instanceof` (a subclass inherits this method).
    // biome-ignore lint/complexity/noThisInStatic: deliberate, see above
    const cls = this as unknown as ErrorClass;
    if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes(cls.kind);
  }
}
