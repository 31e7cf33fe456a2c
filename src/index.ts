/**
 * `truenas-failover`: a typed client for the TrueNAS Enterprise High Availability (failover) API.
 * Runs in Node and browsers: nothing Node-only is imported here (`ws` and `node:*` load lazily).
 */
export type { ApiKeyAuth, AuthOptions, PasswordAuth, PrecomputedApiKey, TokenAuth } from './auth/credentials.js';
export { createClient } from './client/create-client.js';
export * from './client/ha/errors/index.js';
export type { HaHelpers } from './client/ha/index.js';
export type {
  EmergencyDisableOptions,
  MaintenanceOptions,
  MaintenancePlan,
  MaintenanceReport,
  MasterChoice,
  ReenableOptions,
} from './client/ha/maintenance.js';
export type { PlannedFailoverOptions, PlannedFailoverReport } from './client/ha/planned-failover.js';
export { describeReasons, isPeerReason, KNOWN_REASONS, reasonMeaning } from './client/ha/reasons.js';
export type { RollingUpgradeOptions, RollingUpgradeReport } from './client/ha/rolling-upgrade.js';
export type { SyncOptions, SyncReport, SyncToPeerOptions, SyncVerification } from './client/ha/sync.js';
export type {
  ControllerRebootInfo,
  ControllerRef,
  FailoverConfig,
  HaSnapshot,
  NodeLetter,
  RebootInfo,
  RebootRequiredReason,
  SnapshotField,
  SnapshotOptions,
  WaitForOptions,
  WaitTarget,
} from './client/ha/types.js';
export type { Workflow, WorkflowPhase, WorkflowState, WorkflowUpdate, WorkflowWarning } from './client/ha/workflow.js';
export type { ControllerIdentity, FailoverEvent } from './client/identity.js';
export type { ClientOptions, ControllerUrls, ReconnectOptions } from './client/options.js';
export type { CallReturn, Client, ClientCore, ClientEvents, ClientState, ClientStats, UploadName } from './client/types.js';
export * from './errors/index.js';
export type { EventIteratorOptions } from './events/event-iterator.js';
export type { EventListener, EventMessage, SubscribeOptions, Subscription } from './events/types.js';
export {
  API_VERSIONS,
  type ApiByVersion,
  type ApiVersion,
  apiDescription,
  isApiVersion,
  LATEST_API_VERSION,
  type LatestApiVersion,
  type NamespacesByVersion,
} from './generated/index.js';
export { type Assessment, assessPair, describeChange, type PluginStateName } from './monitoring/describe.js';
export type {
  ControllerState,
  PairChange,
  PairErrorKind,
  PairHaState,
  PairState,
  PairUpdate,
  PairWatch,
  PairWatchEvents,
  StatusSource,
  WatchPairOptions,
} from './monitoring/types.js';
export { watchPair } from './monitoring/watch-pair.js';
export type {
  HttpUrl,
  JobPollingOptions,
  LatestRestApiVersion,
  PollOptions,
  RestApiVersion,
  RestCallName,
  RestClient,
  RestClientCore,
  RestClientOptions,
  RestClientOptionsByUrl,
} from './transport/rest/index.js';
export { LATEST_REST_API_VERSION, REST_API_VERSIONS } from './transport/rest/versions.js';
export type { Transport, TransportCallOptions } from './transport/transport.js';
export type { UpdateImage } from './transport/upload/image.js';
export type { TlsOptions, WebSocketConstructor, WebSocketLike } from './transport/websocket-like.js';
export type { ApiDescription, EventDescription, MethodDescription } from './types/api-description.js';
export type { CallOptions } from './types/call-options.js';
export type { JobInfo, JobProgress, JobState } from './types/job.js';
export type * from './types/method-map.js';
export type { Logger } from './util/logger.js';

import { JobHandle } from './jobs/job-handle.js';
import type { Job as JobInterface } from './types/job.js';

/** A job started by a job method: awaitable for its result, with id, state, progress and abort. */
export type Job<T> = JobInterface<T>;
/** The class behind every `Job` this client returns (`job instanceof Job`). */
export const Job = JobHandle;
export { redact } from './util/redact.js';
