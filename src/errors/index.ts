/** The client's error hierarchy: one class per failure, all extending `TrueNasError`. */
export { AbortedError } from './aborted-error.js';
export { AuthError, type AuthErrorDetails, type AuthFailure } from './auth-error.js';
export { CallError, type CallErrorDetails, type ErrorTrace, type TrueNasErrorData } from './call-error.js';
export { type ConnectionClosedDetails, ConnectionClosedError } from './connection-closed-error.js';
export { ERRNO, type ErrnoName, errnoName, NETWORK_ERRNOS } from './errno.js';
export { HaRedirectError } from './ha-redirect-error.js';
export { InsecureTransportError } from './insecure-transport-error.js';
export { JobAbortedError } from './job-aborted-error.js';
export { type JobExcInfo, JobFailedError } from './job-failed-error.js';
export { JobLostError } from './job-lost-error.js';
export { MessageTooLargeError } from './message-too-large-error.js';
export { NotAvailableOverRestError } from './not-available-over-rest-error.js';
export { NotSupportedByTransportError } from './not-supported-by-transport-error.js';
export { OutcomeUnknownError } from './outcome-unknown-error.js';
export { QueueFullError } from './queue-full-error.js';
export { TimeoutError } from './timeout-error.js';
export { TrueNasError, type TrueNasErrorOptions } from './truenas-error.js';
export { ValidationError, type ValidationIssue, type ValidationSource } from './validation-error.js';
