/** One problem a validator found (a zod issue: `code`, `path` and `message`; each code has more fields). */
export interface ValidatorIssue {
  readonly code: string;
  readonly path: PropertyKey[];
  readonly message: string;
}

/** What a validator reports when the value does not pass (a zod error). */
export interface ValidatorError {
  readonly message: string;
  readonly issues: readonly ValidatorIssue[];
}

/**
 * A validator of the generated code: a zod/mini schema at run time (the `schema` entry's
 * `validators` are typed as such). Described here by what the client uses, so that a user's
 * type-check of the client does not load zod's declarations: with `skipLibCheck: false` they were
 * about 47,000 of a consumer's 49,000 type instantiations and most of its check time.
 */
export interface Validator {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown; error?: undefined } | { success: false; data?: undefined; error: ValidatorError };
  /** zod's internals (the definition of the schema). */
  readonly _zod: { readonly def: unknown };
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
  args: Validator;
  /** Validator of the result (of the job result for job methods); lenient: new fields and values pass. */
  result: Validator;
}

/** Runtime facts about one event (its description: `doc` of the event in `schemaFileOf(version)`). */
export interface EventDescription {
  name: string;
  roles: readonly string[];
  /** False when the server sends the event without listing it. */
  registered: boolean;
  /** Validators of the payload `fields`, by lower-case message type (`changed`, `added`); lenient like results. */
  fields: Readonly<Record<string, Validator>>;
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
