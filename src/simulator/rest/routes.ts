/**
 * The REST v2.0 route table of an API description, built from each method's `rest` route in the
 * schema (nothing here names a method). TrueNAS registers every route twice, with and without a
 * trailing slash; `resourceFor` accepts both.
 */
import type { ApiDescription, MethodDescription } from '../../types/api-description.js';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One path (relative to `/api/v2.0`) and the method each HTTP verb runs there. */
export interface RestResource {
  readonly path: string;
  readonly operations: ReadonlyMap<HttpVerb, MethodDescription>;
}

export type RouteTable = ReadonlyMap<string, RestResource>;

const tables = new WeakMap<ApiDescription, RouteTable>();

/** The routes of `description` (cached per description). */
export function routeTable(description: ApiDescription): RouteTable {
  let table = tables.get(description);
  if (table) return table;
  const building = new Map<string, { path: string; operations: Map<HttpVerb, MethodDescription> }>();
  for (const method of Object.values(description.methods)) {
    if (!method.rest) continue;
    let resource = building.get(method.rest.path);
    if (!resource) building.set(method.rest.path, (resource = { path: method.rest.path, operations: new Map() }));
    resource.operations.set(method.rest.method, method);
  }
  table = building;
  tables.set(description, table);
  return table;
}

/** The resource at `path` (relative to `/api/v2.0`, one trailing slash allowed), if any. */
export function resourceFor(table: RouteTable, path: string): RestResource | undefined {
  const exact = table.get(path);
  if (exact) return exact;
  return path.length > 1 && path.endsWith('/') ? table.get(path.slice(0, -1)) : undefined;
}

/**
 * TrueNAS maps a method that takes arguments to `GET` only when it is filterable (a query method),
 * so a GET route with arguments takes its arguments from the query string.
 */
export function isFilterable(verb: HttpVerb, method: MethodDescription): boolean {
  return verb === 'GET' && method.arguments.length > 0;
}
