/**
 * The JSON shape of a file in schema/: one family of API versions whose failover surface is
 * identical, in the shape of a TrueNAS API dump (`middlewared --dump-api`) plus our own fields.
 * docs/schema.md describes every key.
 */

/** A node of the JSON Schema subset the schema files use. */
export type JsonSchema = { [key: string]: unknown };

export interface SchemaMethod {
  /** Wire name, e.g. `failover.reboot.other_node`. */
  name: string;
  doc: string;
  roles: string[];
  job: boolean;
  /** True when repeating the call with the same arguments cannot change the outcome (safe to retry). */
  idempotent: boolean;
  no_auth_required: boolean;
  removed_in: string | null;
  /** REST route under /api/v2.0 (TrueNAS ≤ 25.10), or null when the method is not exposed over REST. */
  rest: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string } | null;
  /**
   * True when the server checks the arguments with its older validation layer (`@accepts`, the
   * `middlewared.schema` package of TrueNAS 25.04) instead of pydantic models.
   */
  legacy_schema?: boolean;
  job_lock?: string;
  input_pipes?: boolean;
  check_pipes?: boolean;
  schemas: {
    type: 'object';
    properties: {
      'Call parameters': { type: 'array'; prefixItems: JsonSchema[]; items: false };
      'Return value': JsonSchema;
    };
  };
}

export interface SchemaEvent {
  name: string;
  doc: string;
  roles: string[];
  /** False when the server sends the event without listing it among its events. */
  registered: boolean;
  /** `properties` maps a message type (`CHANGED`, `ADDED`) to its notification payload. */
  schemas: { type: 'object'; properties: Record<string, JsonSchema> };
}

export interface SchemaFile {
  $comment?: string;
  /** Primary API version, e.g. `v25.10.0`. */
  version: string;
  /** Other API versions with the identical failover surface. */
  aliases: string[];
  /** True when servers of this version serve REST /api/v2.0. */
  rest: boolean;
  /** True when servers of this version also serve the legacy /websocket protocol. */
  legacy_websocket: boolean;
  /** Named types, referred to as `#/$defs/Name`. */
  $defs: Record<string, JsonSchema>;
  methods: SchemaMethod[];
  events: SchemaEvent[];
}

/** The JSON shape of a file in schema/ (the name `truenas-failover/schema` has always exported). */
export type SchemaFileJson = SchemaFile;
