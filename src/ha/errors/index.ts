/** Errors of the HA helpers and workflows; each extends `TrueNasError`. */
export { type FailoverPrecondition, FailoverPreconditionError } from './failover-precondition-error.js';
export { FailoverVerificationError } from './failover-verification-error.js';
export { HaWaitTimeoutError } from './ha-wait-timeout-error.js';
export { InstallerWarningError } from './installer-warning-error.js';
