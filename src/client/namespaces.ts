/**
 * `client.failover.reboot.other_node(...)`: namespaces that mirror the wire names, built lazily
 * with proxies so that they exist before the API version is known. The generated `Namespaces`
 * types give each method its signature and documentation; at run time every method takes its
 * positional arguments followed by optional call options `{ timeout, signal }`.
 */
import type { CallOptions } from '../types/call-options.js';

const CALL_OPTION_KEYS = new Set(['timeout', 'signal']);
// Properties a namespace must not pretend to have: `await client.failover` or JSON.stringify would
// otherwise mistake it for a thenable or serialisable object.
const NOT_NAMESPACES = new Set(['then', 'catch', 'finally', 'toJSON', 'constructor', 'prototype', 'valueOf', 'toString', 'inspect']);

function isCallOptions(value: unknown): value is CallOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((k) => CALL_OPTION_KEYS.has(k));
}

/** Splits raw arguments into the method's positional arguments and the trailing call options. */
export function splitArguments(raw: readonly unknown[], arity: number | undefined): { args: unknown[]; options: CallOptions | undefined } {
  let args: unknown[] = [...raw];
  let options: CallOptions | undefined;
  const n = arity ?? Math.max(0, raw.length - 1);
  if (raw.length === n + 1 && (raw[n] === undefined || isCallOptions(raw[n]))) {
    options = raw[n] as CallOptions | undefined;
    args = raw.slice(0, n);
  }
  // `sync_to_peer(undefined, { timeout })` means "default options", not `null` on the wire.
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { args, options };
}

export type Invoke = (method: string, raw: unknown[]) => unknown;

/** A proxy for namespace `path` (e.g. `['failover', 'reboot']`): property access descends, a call invokes. */
export function namespaceProxy(path: readonly string[], invoke: Invoke): unknown {
  const children = new Map<string, unknown>();
  const target = () => {};
  return new Proxy(target, {
    get(_target, property) {
      if (typeof property !== 'string' || NOT_NAMESPACES.has(property)) return undefined;
      let child = children.get(property);
      if (!child) children.set(property, (child = namespaceProxy([...path, property], invoke)));
      return child;
    },
    has(_target, property) {
      return typeof property === 'string' && !NOT_NAMESPACES.has(property);
    },
    apply(_target, _this, args: unknown[]) {
      return invoke(path.join('.'), args);
    },
  });
}
