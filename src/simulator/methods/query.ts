/**
 * TrueNAS's `filter_list`: query filters (`[field, op, value]`, dotted field paths, `OR` groups)
 * and options (`order_by`, `offset`, `limit`, `select`, `count`, `get`) applied to a list of
 * objects, as `core.get_jobs` uses them.
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError, SimUnexpectedError } from '../errors.js';

export interface QueryOptions {
  get?: boolean;
  count?: boolean;
  limit?: number;
  offset?: number;
  order_by?: string[];
  select?: string[];
  extra?: Record<string, unknown>;
}

function valueAt(item: unknown, path: string): unknown {
  let v = item;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
};

function matchOne(item: unknown, filter: unknown): boolean {
  if (!Array.isArray(filter)) throw new SimCallError(`Invalid filter ${JSON.stringify(filter)}`, ERRNO.EINVAL);
  if (filter.length === 2 && filter[0] === 'OR') {
    const groups = filter[1];
    if (!Array.isArray(groups)) throw new SimCallError('OR filter requires a list of filters', ERRNO.EINVAL);
    return groups.some((g) => (Array.isArray(g) && Array.isArray(g[0]) ? g.every((f) => matchOne(item, f)) : matchOne(item, g)));
  }
  const [field, op, expected] = filter as [string, string, unknown];
  const v = valueAt(item, field);
  switch (op) {
    case '=':
      return same(v, expected);
    case '!=':
      return !same(v, expected);
    case '>':
      return compare(v, expected) > 0;
    case '>=':
      return compare(v, expected) >= 0;
    case '<':
      return compare(v, expected) < 0;
    case '<=':
      return compare(v, expected) <= 0;
    case '~':
      return typeof v === 'string' && new RegExp(String(expected)).test(v);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => same(v, e));
    case 'nin':
      return Array.isArray(expected) && !expected.some((e) => same(v, e));
    case 'rin':
      return Array.isArray(v) ? v.some((e) => same(e, expected)) : typeof v === 'string' && v.includes(String(expected));
    case 'rnin':
      return Array.isArray(v) ? !v.some((e) => same(e, expected)) : typeof v === 'string' && !v.includes(String(expected));
    case '^':
      return typeof v === 'string' && v.startsWith(String(expected));
    case '!^':
      return typeof v === 'string' && !v.startsWith(String(expected));
    case '$':
      return typeof v === 'string' && v.endsWith(String(expected));
    case '!$':
      return typeof v === 'string' && !v.endsWith(String(expected));
    default:
      throw new SimCallError(`Invalid operation: ${op}`, ERRNO.EINVAL);
  }
}

/** Applies filters and options; `get` with no match raises like the server (MatchNotFound). */
export function filterList(items: unknown[], filters: unknown[], options: QueryOptions): unknown {
  let out = items.filter((item) => filters.every((f) => matchOne(item, f)));
  for (const key of [...(options.order_by ?? [])].reverse()) {
    const desc = key.startsWith('-');
    const field = key.replace(/^[-+]/, '').replace(/^nulls_(first|last):/, '');
    out = [...out].sort((a, b) => (desc ? -1 : 1) * compare(valueAt(a, field), valueAt(b, field)));
  }
  if (options.count) return out.length;
  if (options.offset) out = out.slice(options.offset);
  if (options.limit) out = out.slice(0, options.limit);
  if (options.select && options.select.length > 0) {
    const fields = options.select;
    out = out.map((item) => Object.fromEntries(fields.map((f) => [f, valueAt(item, f)])));
  }
  if (options.get) {
    if (out.length === 0) throw new SimUnexpectedError('MatchNotFound()', 'MatchNotFound');
    return out[0];
  }
  return out;
}
