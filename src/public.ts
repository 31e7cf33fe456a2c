/**
 * Everything the public entries offer that does not depend on the API versions they know: the
 * error classes, `Job`, the public types, the HA and monitoring helpers. `truenas-failover`
 * (src/index.ts) and each version's entry (`truenas-failover/v27.0.0`, src/versions/) re-export
 * it beside their own `createClient`. Nothing Node-only is imported here.
 */
export type { ApiKeyAuth, AuthOptions, PasswordAuth, PrecomputedApiKey, TokenAuth } from './auth/credentials.js';
export { type AnswerInfo, type CallHooks, type ErrorInfo, isTransientError, type RequestInfo, type RetryOptions } from './client/hooks.js';
export type { ControllerIdentity, FailoverEvent } from './client/identity.js';
export type {
  AfterDropOptions,
  ClientOptions,
  ControllerUrls,
  HttpUrl,
  ReconnectOptions,
  RestApiVersion,
  RestClientOptions,
  RestClientOptionsByUrl,
} from './client/options.js';
export type { PollOptions } from './client/poll.js';
export type {
  BaseClient,
  CallReturn,
  ClientEvents,
  ClientState,
  ClientStats,
  JobCall,
  LeanBaseClient,
  UploadMethod,
  UploadName,
} from './client/types.js';
export type { LatestRestApiVersion } from './entry/rest-versions.js';
export type {
  Client,
  ClientCore,
  JobMethods,
  LeanClient,
  LeanRestClient,
  RestCallName,
  RestClient,
  RestClientCore,
} from './entry/types.js';
export * from './errors/index.js';
export type { EventIteratorOptions } from './events/event-iterator.js';
export type { EventListener, EventMessage, SubscribeOptions, Subscription } from './events/types.js';
export type { ApiByVersion, ApiVersion, LatestApiVersion, NamespacesByVersion } from './generated/index.js';
export * from './ha/errors/index.js';
export type { HaHelpers } from './ha/index.js';
export type {
  EmergencyDisableOptions,
  MaintenanceOptions,
  MaintenancePlan,
  MaintenanceReport,
  MasterChoice,
  ReenableOptions,
} from './ha/maintenance.js';
export type { PlannedFailoverOptions, PlannedFailoverReport } from './ha/planned-failover.js';
export { describeReasons, isPeerReason, KNOWN_REASONS, reasonMeaning } from './ha/reasons.js';
export type { RollingUpgradeOptions, RollingUpgradeReport } from './ha/rolling-upgrade.js';
export type { SyncOptions, SyncReport, SyncToPeerOptions, SyncVerification } from './ha/sync.js';
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
} from './ha/types.js';
export type { Workflow, WorkflowPhase, WorkflowState, WorkflowUpdate, WorkflowWarning } from './ha/workflow.js';
export type { JobPollingOptions } from './jobs/job-feeds.js';
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
export type { TlsOptions } from './transport/tls.js';
export type { Transport, TransportCallOptions } from './transport/transport.js';
export type { UpdateImage } from './transport/upload/image.js';
export type { WebSocketConstructor, WebSocketLike } from './transport/websocket/websocket-like.js';
export type {
  ApiDescription,
  EventDescription,
  MethodDescription,
  Validator,
  ValidatorError,
  ValidatorIssue,
} from './types/api-description.js';
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
