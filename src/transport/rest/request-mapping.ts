/**
 * A method call as a REST v2.0 request, derived from the schema's route of the method (nothing
 * here names a method): GET without arguments; a filterable GET (a query method) with its filters
 * and options in the query string; otherwise the single argument as the JSON body, or an object
 * keyed by argument name for methods with several.
 */
import { NotAvailableOverRestError } from '../../errors/not-available-over-rest-error.js';
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import type { MethodDescription } from '../../types/api-description.js';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestRequest {
  verb: HttpVerb;
  /** Path under `/api/v2.0`, with the query string, e.g. `/core/get_jobs?id=5`. */
  path: string;
  /** JSON text of the body, or undefined for none. */
  body: string | undefined;
}

/**
 * The route of a method the schema does not describe (an untyped `client.call`): TrueNAS's rule
 * for ordinary methods, service dots as slashes, POST when there are arguments.
 */
function conventionalRoute(name: string, params: readonly unknown[]): { method: HttpVerb; path: string } {
  return { method: params.length > 0 ? 'POST' : 'GET', path: `/${name.replace(/\./g, '/')}` };
}

// The inverse of TrueNAS's `field__op` names.
const OPERATOR_NAMES: Record<string, string> = { '=': '', '!=': 'neq', '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte', '~': 'regex' };
const RESERVED_KEYS = new Set(['limit', 'offset', 'count', 'sort']);
// Query options whose value TrueNAS's query string cannot carry, with the value that means "unset".
const UNSET_OPTIONS: Record<string, unknown> = {
  get: false,
  order_by: [],
  select: [],
  force_sql_filters: false,
};

const unsupported = (method: string, what: string) =>
  new NotSupportedByTransportError(
    `${method} with ${what}`,
    'REST',
    'TrueNAS REST query strings carry only simple filters ([field, op, value] with a number, boolean, null or a string that does not look like one), limit, offset, count and extra.*; use a WebSocket (wss://) client for this query',
  );

/** A filter value as TrueNAS's query string decodes it back (digits → int, true/false/null). */
function encodeFilterValue(method: string, value: unknown): string {
  if (value === null) return 'null';
  if (value === true || value === false) return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && !/^[0-9]+$/.test(value) && !['true', 'false', 'null'].includes(value.toLowerCase())) return value;
  throw unsupported(method, `the filter value ${JSON.stringify(value)}`);
}

function encodeFilters(method: string, filters: unknown, query: URLSearchParams): void {
  if (filters === undefined) return;
  if (!Array.isArray(filters)) throw unsupported(method, 'filters that are not a list');
  for (const filter of filters) {
    if (!Array.isArray(filter) || filter.length !== 3 || typeof filter[0] !== 'string' || typeof filter[1] !== 'string') {
      throw unsupported(method, `the filter ${JSON.stringify(filter)}`);
    }
    const [field, op, value] = filter as [string, string, unknown];
    if (field === '' || field.includes('__') || RESERVED_KEYS.has(field) || field.startsWith('extra.')) {
      throw unsupported(method, `a filter on the field ${JSON.stringify(field)}`);
    }
    const suffix = OPERATOR_NAMES[op] ?? op;
    query.append(suffix === '' ? field : `${field}__${suffix}`, encodeFilterValue(method, value));
  }
}

function encodeOptions(method: string, options: unknown, query: URLSearchParams): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw unsupported(method, 'options that are not an object');
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key === 'limit' || key === 'offset') {
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw unsupported(method, `the option ${key}=${JSON.stringify(value)}`);
      if (value !== 0) query.append(key, String(value));
    } else if (key === 'count') {
      if (value === true) query.append('count', 'true');
      else if (value !== false) throw unsupported(method, `the option count=${JSON.stringify(value)}`);
    } else if (key === 'extra') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unsupported(method, 'a non-object extra option');
      for (const [name, v] of Object.entries(value)) query.append(`extra.${name}`, JSON.stringify(v));
    } else if (key in UNSET_OPTIONS) {
      if (JSON.stringify(value) !== JSON.stringify(UNSET_OPTIONS[key])) throw unsupported(method, `the option ${key}`);
    } else {
      throw unsupported(method, `the option ${key}`);
    }
  }
}

/**
 * Builds the request for `params` of `method` (described by `description`, or unknown to the
 * schema). Throws `NotAvailableOverRestError` for a method the schema says is not exposed, and
 * `NotSupportedByTransportError` for query arguments a query string cannot carry.
 */
export function restRequest(
  name: string,
  description: MethodDescription | undefined,
  params: readonly unknown[],
  apiVersion: string,
): RestRequest {
  if (description && !description.rest) throw new NotAvailableOverRestError(name, apiVersion);
  const route = description?.rest ?? conventionalRoute(name, params);
  const verb = route.method;
  if (!description && params.length > 1) {
    throw new NotSupportedByTransportError(
      `${name} with several arguments`,
      'REST',
      'the schema does not describe this method, so the argument names its REST body needs are unknown; use a WebSocket (wss://) client',
    );
  }
  const argumentsOf = description?.arguments ?? params.map((_, i) => ({ name: `arg${i}`, required: true }));

  if (verb === 'GET') {
    if (params.length === 0) return { verb, path: route.path, body: undefined };
    if (argumentsOf.length === 0) throw new TypeError(`${name} takes no arguments`);
    // TrueNAS maps a method with arguments to GET only when it is a query method: [filters, options].
    const query = new URLSearchParams();
    encodeFilters(name, params[0], query);
    encodeOptions(name, params[1], query);
    if (params.length > 2) throw unsupported(name, 'more than filters and options');
    const text = query.toString();
    return { verb, path: text ? `${route.path}?${text}` : route.path, body: undefined };
  }

  if (params.length === 0) return { verb, path: route.path, body: undefined };
  if (argumentsOf.length <= 1) return { verb, path: route.path, body: JSON.stringify(params[0] ?? null) };
  // Several arguments: an object keyed by name. TrueNAS does not leave a gap for an optional
  // argument that is missing (the later ones would move up), so every argument up to the last
  // one given is sent, defaults filling the gaps.
  const body: Record<string, unknown> = {};
  for (let i = 0; i < params.length && i < argumentsOf.length; i++) {
    const argument = argumentsOf[i]!;
    const value = params[i] === undefined ? (argument as { default?: unknown }).default : params[i];
    body[argument.name] = value ?? null;
  }
  return { verb, path: route.path, body: JSON.stringify(body) };
}
