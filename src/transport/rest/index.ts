/** The REST transport and client (TrueNAS 25.04–25.10, `/api/v2.0`). */
export type { JobPollingOptions } from './job-poller.js';
export type { PollOptions } from './poll.js';
export { RestClient as RestClientImpl } from './rest-client.js';
export { RestTransport } from './rest-transport.js';
export { wantsRest } from './select.js';
export type {
  HttpUrl,
  RestCallName,
  RestClient,
  RestClientCore,
  RestClientOptions,
  RestClientOptionsByUrl,
} from './types.js';
export { isRestVersion, LATEST_REST_API_VERSION, type LatestRestApiVersion, REST_API_VERSIONS, type RestApiVersion } from './versions.js';
