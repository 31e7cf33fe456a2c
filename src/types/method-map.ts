/**
 * Type-level access to the generated method map: calls, jobs and events are separate key spaces,
 * per API version (defaulting to the newest).
 */
import type { ApiByVersion, ApiVersion, LatestApiVersion } from '../generated/index.js';

export type { ApiVersion, LatestApiVersion };

/** Names of plain (non-job) methods of version `V`. */
export type CallName<V extends ApiVersion = LatestApiVersion> = keyof ApiByVersion[V]['calls'] & string;
/** Names of job methods of version `V`. */
export type JobName<V extends ApiVersion = LatestApiVersion> = keyof ApiByVersion[V]['jobs'] & string;
/** Every method name of version `V`. */
export type MethodName<V extends ApiVersion = LatestApiVersion> = CallName<V> | JobName<V>;
/** Event names of version `V`. */
export type EventName<V extends ApiVersion = LatestApiVersion> = keyof ApiByVersion[V]['events'] & string;

type Entry<M, V extends ApiVersion> =
  M extends CallName<V> ? ApiByVersion[V]['calls'][M] : M extends JobName<V> ? ApiByVersion[V]['jobs'][M] : never;

/** Positional arguments of method `M` (a tuple; trailing optional arguments are optional). */
export type ArgsOf<M extends MethodName<V>, V extends ApiVersion = LatestApiVersion> = Entry<M, V> extends { args: infer A } ? A : never;
/** Result of method `M`; for a job method, the result of the finished job. */
export type ResultOf<M extends MethodName<V>, V extends ApiVersion = LatestApiVersion> =
  Entry<M, V> extends { result: infer R } ? R : never;
/** True when `M` is a job method of version `V`. */
export type IsJob<M extends MethodName<V>, V extends ApiVersion = LatestApiVersion> = M extends JobName<V> ? true : false;
/** A notification of event `E`: `{ msg, fields, id? }`. */
export type EventMessageOf<E extends EventName<V>, V extends ApiVersion = LatestApiVersion> = ApiByVersion[V]['events'][E];
/** Payload (`fields`) of event `E`. */
export type EventOf<E extends EventName<V>, V extends ApiVersion = LatestApiVersion> =
  EventMessageOf<E, V> extends { fields: infer F } ? F : never;
/** Methods version `V` does not expose over REST. */
export type RestUnavailableMethod<V extends ApiVersion = LatestApiVersion> = ApiByVersion[V]['restUnavailable'];
