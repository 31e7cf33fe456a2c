/**
 * `truenas-failover/schema`: the raw schema of every API version, its zod validators and the
 * runtime description of each method and event. For tools that want the data, not the client.
 */
export {
  API_VERSIONS,
  type ApiByVersion,
  type ApiVersion,
  isApiVersion,
  LATEST_API_VERSION,
  type LatestApiVersion,
} from './generated/index.js';
export { schemaFileOf, schemaFiles } from './generated/schema-files.js';
export * as validators from './generated/validators.js';
export type { ApiDescription, ArgumentDescription, EventDescription, MethodDescription } from './types/api-description.js';
export type * from './types/method-map.js';
export type { SchemaFileJson } from './types/schema-file.js';
export { apiDescription } from './validation/api-descriptions.js';
export { type ArgumentsCheck, type ValidationIssue, validationReason } from './validation/arguments.js';
export { checkArguments } from './validation/check-arguments.js';
