import type { SchemaNode } from './schema-node.js';

/** One problem a validator found: its kind (`code`), where it is (`path`) and TrueNAS's wording of it. */
export interface ValidatorIssue {
  readonly code: string;
  readonly path: PropertyKey[];
  readonly message: string;
}

/** What a validator reports when the value does not pass. */
export interface ValidatorError {
  readonly message: string;
  readonly issues: readonly ValidatorIssue[];
}

/**
 * A validator of a method's arguments or result, or of an event's payload: the schema node it
 * checks (src/types/schema-node.ts) and `safeParse`, which returns the value as the server would
 * use it (defaults filled in) or the problems, in the words of TrueNAS's validation layer.
 */
export interface Validator {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown; error?: undefined } | { success: false; data?: undefined; error: ValidatorError };
  /** The schema this validator checks. */
  readonly node: SchemaNode;
}

/** One positional argument of a method. */
export interface ArgumentDescription {
  name: string;
  /** False when the argument may be left out (it then has a default). */
  required: boolean;
  default?: unknown;
}

/**
 * Runtime facts about one method of one API version, from the schema: what the client acts on. The
 * method's description is not here (a bundle would carry every description's text for nothing): it
 * is the JSDoc of the generated types, and `doc` of the method in `schemaFileOf(version)`.
 */
export interface MethodDescription extends MethodFacts {
  /** Validator of the positional argument list (strict, as the server checks arguments). */
  args: Validator;
  /** Validator of the result (of the job result for job methods); lenient: new fields and values pass. */
  result: Validator;
}

/** A method's description as generated: its validators as schema nodes. */
export interface MethodDescriptionData extends MethodFacts {
  args: SchemaNode;
  result: SchemaNode;
}

/** What is known about a method besides its validators. */
export interface MethodFacts {
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
}

/** Runtime facts about one event (its description: `doc` of the event in `schemaFileOf(version)`). */
export interface EventDescription extends EventFacts {
  /** Validators of the payload `fields`, by lower-case message type (`changed`, `added`); lenient like results. */
  fields: Readonly<Record<string, Validator>>;
}

/** An event's description as generated: its validators as schema nodes. */
export interface EventDescriptionData extends EventFacts {
  fields: Readonly<Record<string, SchemaNode>>;
}

/** What is known about an event besides its validators. */
export interface EventFacts {
  name: string;
  roles: readonly string[];
  /** False when the server sends the event without listing it. */
  registered: boolean;
}

/** Everything known about one API version at run time. */
export interface ApiDescription extends VersionFacts {
  methods: Readonly<Record<string, MethodDescription>>;
  events: Readonly<Record<string, EventDescription>>;
}

/** An API version's description as generated (src/generated/<family>/index.ts): validators as schema nodes. */
export interface ApiDescriptionData extends VersionFacts {
  methods: Readonly<Record<string, MethodDescriptionData>>;
  events: Readonly<Record<string, EventDescriptionData>>;
}

/** What is known about an API version besides its methods and events. */
export interface VersionFacts {
  version: string;
  aliases: readonly string[];
  /** True when servers of this version also serve REST /api/v2.0. */
  rest: boolean;
  /** True when servers of this version also serve the legacy /websocket protocol. */
  legacyWebsocket: boolean;
}
