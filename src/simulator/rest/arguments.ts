/**
 * How TrueNAS 25.x turns a REST request into positional arguments: query parameters of a
 * filterable GET become `[filters, options]`; otherwise the JSON body is the single argument, or
 * an object keyed by argument name for methods with several; no body means no arguments. The
 * quirks are the server's (an optional argument left out shifts the later ones; `sort` becomes an
 * option the query models reject), reproduced so that clients meet them here first.
 */
import type { MethodDescription } from '../../types/api-description.js';
import { parseWire } from '../rpc/wire-numbers.js';

/** A malformed request: HTTP 400 with TrueNAS's JSON body. */
export class RestBadRequest extends Error {
  constructor(readonly body: { message: string; errno?: number }) {
    super(body.message);
    this.name = 'RestBadRequest';
  }
}

const EINVAL = 22;
const OPERATORS: Record<string, string> = { eq: '=', neq: '!=', gt: '>', lt: '<', gte: '>=', lte: '<=', regex: '~' };

/** Python's `str.isdigit()` for the ASCII digits TrueNAS's query strings carry. */
const isDigits = (text: string) => /^[0-9]+$/.test(text);

/** Python truthiness of a decoded JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function optionValue(text: string): unknown {
  if (isDigits(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return text;
}

function filterValue(text: string): unknown {
  if (isDigits(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  return text;
}

/** Query string → `[filters, options]` (or `[]` when there is nothing), as TrueNAS's `_filterable_args`. */
export function filterableArguments(query: URLSearchParams): unknown[] {
  const filters: unknown[] = [];
  const options: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (key === 'limit' || key === 'offset' || key === 'count') {
      options[key] = optionValue(value);
      continue;
    }
    if (key === 'sort') {
      options.sort = value.split(',').map(optionValue);
      continue;
    }
    if (key.startsWith('extra.')) {
      try {
        extra[key.slice(6)] = JSON.parse(value);
      } catch {
        extra[key.slice(6)] = value;
      }
      continue;
    }
    const split = key.indexOf('__');
    const field = split < 0 ? key : key.slice(0, split);
    const op = split < 0 ? '=' : key.slice(split + 2);
    filters.push([field, OPERATORS[op] ?? op, filterValue(value)]);
  }
  if (Object.keys(extra).length > 0) options.extra = extra;
  return filters.length > 0 || Object.keys(options).length > 0 ? [filters, options] : [];
}

/** Parses a request body; an empty body is "no body". Throws RestBadRequest on bad JSON. */
export function parseBody(text: string): { present: boolean; value: unknown } {
  if (text === '') return { present: false, value: undefined };
  try {
    return { present: true, value: parseWire(text) };
  } catch (error) {
    throw new RestBadRequest({ message: `json parse error: ${(error as Error).message}`, errno: EINVAL });
  }
}

/** Body → positional arguments (TrueNAS's mapping, including its 400 answers). */
export function bodyArguments(method: MethodDescription, verb: string, body: { present: boolean; value: unknown }): unknown[] {
  if (!body.present) return [];
  const data = body.value;
  const params = method.arguments;
  // An empty object on GET/DELETE of a method without arguments is accepted as "no arguments".
  if (params.length === 0 && (verb === 'GET' || verb === 'DELETE') && !truthy(data)) return [];
  if (params.length <= 1) return [data];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RestBadRequest({ message: 'Endpoint accepts multiple params, object/dict expected.' });
  }
  const remaining: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const names = new Set(params.map((p) => p.name));
  // Older clients send the query arguments under their old names.
  if ('query-filters' in remaining && !names.has('query-filters') && names.has('filters')) {
    remaining.filters = remaining['query-filters'];
    delete remaining['query-filters'];
  }
  if ('query-options' in remaining && !names.has('query-options') && names.has('options')) {
    remaining.options = remaining['query-options'];
    delete remaining['query-options'];
  }
  const args: unknown[] = [];
  for (const param of params) {
    if (!Object.hasOwn(remaining, param.name)) {
      if (param.required) throw new RestBadRequest({ message: `${param.name} attribute expected.` });
      // TrueNAS skips it without a placeholder: the later arguments move up one position.
      continue;
    }
    args.push(remaining[param.name]);
    delete remaining[param.name];
  }
  const unexpected = Object.keys(remaining);
  if (unexpected.length > 0) throw new RestBadRequest({ message: `The following attributes are not expected: ${unexpected.join(', ')}` });
  return args;
}
