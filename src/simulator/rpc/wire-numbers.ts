/**
 * Numbers as they were written on the wire. TrueNAS parses requests with Python's `json`, where
 * `5.0` is a float and `5` an int, and its models are strict: an integer field refuses `5.0`
 * ("Input should be a valid integer"). `JSON.parse` makes both the same number, so a request whose
 * text holds a fraction or an exponent is parsed again with lossless-json, and every such number
 * with an integral value becomes a {@link WireFloat}. Validation then treats it as a float
 * (`checkCall`), and everything else sees a plain number ({@link plainNumbers}).
 */
import { parse as parseLossless } from 'lossless-json';

/** A number written as a float (`5.0`, `1e2`) whose value is integral. */
export class WireFloat {
  constructor(readonly value: number) {}

  /** Serialised as the plain number (job `arguments`, echoed ids). */
  toJSON(): number {
    return this.value;
  }
}

const FLOAT_SYNTAX = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const hasFraction = (text: string) => /[.eE]/.test(text);

function parseNumberText(text: string): number | WireFloat {
  const value = Number(text);
  return FLOAT_SYNTAX.test(text) && hasFraction(text) && Number.isInteger(value) ? new WireFloat(value) : value;
}

/**
 * Parses a request's JSON text like `JSON.parse` (same errors), keeping integral floats as
 * {@link WireFloat}. The second parse runs only when a digit is followed by `.`, `e` or `E`
 * somewhere in the text, which almost no request has.
 */
export function parseWire(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!/[0-9][.eE]/.test(text)) return value;
  try {
    const lossless = parseLossless(text, null, parseNumberText);
    return containsWireFloat(lossless) ? lossless : value;
  } catch {
    // lossless-json refuses duplicate keys, which Python (and JSON.parse) accept: keep the plain parse.
    return value;
  }
}

export function containsWireFloat(value: unknown): boolean {
  if (value instanceof WireFloat) return true;
  if (Array.isArray(value)) return value.some(containsWireFloat);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsWireFloat);
  return false;
}

function mapNumbers(value: unknown, fn: (f: WireFloat) => number): unknown {
  if (value instanceof WireFloat) return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, fn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapNumbers(v, fn);
    return out;
  }
  return value;
}

/** The value with every {@link WireFloat} replaced by its number. */
export function plainNumbers<T>(value: T): T {
  return containsWireFloat(value) ? (mapNumbers(value, (f) => f.value) as T) : value;
}

/**
 * The value with every {@link WireFloat} made non-integral, so that an integer validator refuses
 * it where TrueNAS's strict models would; float fields still accept it.
 */
export function fractionalNumbers<T>(value: T): T {
  return mapNumbers(value, (f) => f.value + 0.5) as T;
}

/** Paths (keys from the root) of every {@link WireFloat} in `value`. */
export function wireFloatPaths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value instanceof WireFloat) {
    out.push(at);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) wireFloatPaths(v, [...at, i], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) wireFloatPaths(v, [...at, k], out);
  }
  return out;
}
