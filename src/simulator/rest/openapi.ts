/**
 * `GET /api/v2.0/openapi.json` (also `/api/v2.0` and `/api/v2.0/`, no authentication, as on
 * TrueNAS): the OpenAPI document of the API version the controller serves, built from its schema
 * file, with a `servers` entry for the address the request came to. The schema files are loaded
 * only when asked for.
 */
import type { ApiDescription } from '../../types/api-description.js';
import type { SchemaFileJson } from '../../types/schema-file.js';
import { routeTable } from './routes.js';

/** A paths-only document from the route table, for a family without a generated document here. */
function fromRoutes(description: ApiDescription, file: SchemaFileJson | undefined): Record<string, unknown> {
  const docOf = (name: string) => file?.methods.find((m) => m.name === name)?.doc;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const resource of routeTable(description).values()) {
    const item: Record<string, unknown> = {};
    for (const [verb, method] of resource.operations) {
      item[verb.toLowerCase()] = { operationId: method.name, description: docOf(method.name), 'x-truenas-job': method.job };
    }
    paths[`/api/v2.0${resource.path}`] = item;
  }
  return { openapi: '3.1.0', info: { title: `TrueNAS failover API ${description.version}`, version: description.version }, paths };
}

/** The OpenAPI document for `description`, served from `origin` (`http://host:port`). */
export async function openApiDocument(description: ApiDescription, origin: string): Promise<Record<string, unknown>> {
  const [{ schemaFileOf }, { buildOpenApi }] = await Promise.all([
    import('../../generated/schema-files.js'),
    import('../../schema/openapi.js'),
  ]);
  // Families that had REST (TrueNAS 26 removed it) have a full document.
  const file = schemaFileOf(description.version);
  const document = file?.rest ? buildOpenApi(file).document : fromRoutes(description, file);
  return { ...document, servers: [{ url: origin }] };
}
