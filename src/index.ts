/**
 * `truenas-failover`: a typed client for the TrueNAS Enterprise High Availability (failover) API,
 * for every API version this package knows. Runs in Node and browsers: nothing Node-only is
 * imported here (`ws` and `node:*` load lazily). An app that talks to one version can import
 * `truenas-failover/v27.0.0` (etc.) instead, whose bundle carries that version alone.
 */

export { createClient } from './entry/create-client.js';
export { LATEST_REST_API_VERSION, REST_API_VERSIONS } from './entry/rest-versions.js';
export { API_VERSIONS, isApiVersion, LATEST_API_VERSION } from './generated/index.js';
export { watchPair } from './monitoring/watch-pair.js';
export * from './public.js';
export { apiDescription } from './validation/api-descriptions.js';
