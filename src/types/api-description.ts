import type { ZodMiniType } from 'zod/mini';

/** One positional argument of a method. */
export interface ArgumentDescription {
  name: string;
  /** False when the argument may be left out (it then has a default). */
  required: boolean;
  default?: unknown;
}

/** Runtime facts about one method of one API version, from the schema. */
export interface MethodDescription {
  name: string;
  /** True for job methods (they answer with a job id and run in the background). */
  job: boolean;
  /** True when repeating the call cannot change the outcome, so it may be retried after a reconnect. */
  idempotent: boolean;
  /** True when the method works before login. */
  noAuth: boolean;
  /** Roles that grant the method; empty means any logged-in connection. */
  roles: readonly string[];
  /** REST v2.0 route, or null when the method is not exposed over REST. */
  rest: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string } | null;
  /** Version in which the method is hidden, e.g. `v27`, or null. */
  removedIn: string | null;
  /** True when the method takes an uploaded file (`POST /_upload`, e.g. `failover.upgrade` with an update image). */
  inputPipes: boolean;
  /**
   * How the server checks the arguments: `pydantic` (its API models; strict types, pydantic's
   * wording) or `legacy` (the older `@accepts` layer of TrueNAS 25.04: numbers in strings are
   * converted, "Not an integer", "Field was not expected"). `checkArguments` follows it.
   */
  validation: 'pydantic' | 'legacy';
  arguments: readonly ArgumentDescription[];
  /** Validator of the positional argument list (strict, as the server checks arguments). */
  args: ZodMiniType;
  /** Validator of the result (of the job result for job methods); lenient: new fields and values pass. */
  result: ZodMiniType;
  doc: string;
}

/** Runtime facts about one event. */
export interface EventDescription {
  name: string;
  roles: readonly string[];
  /** False when the server sends the event without listing it. */
  registered: boolean;
  /** Validators of the payload `fields`, by lower-case message type (`changed`, `added`); lenient like results. */
  fields: Readonly<Record<string, ZodMiniType>>;
  doc: string;
}

/** Everything known about one API version at run time. */
export interface ApiDescription {
  version: string;
  aliases: readonly string[];
  /** True when servers of this version also serve REST /api/v2.0. */
  rest: boolean;
  /** True when servers of this version also serve the legacy /websocket protocol. */
  legacyWebsocket: boolean;
  methods: Readonly<Record<string, MethodDescription>>;
  events: Readonly<Record<string, EventDescription>>;
}
