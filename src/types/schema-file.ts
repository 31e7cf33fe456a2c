/** The JSON shape of a file in schema/ (a TrueNAS API dump for one version family, plus our fields). */
export interface SchemaFileJson {
  $comment?: string;
  /** Primary API version, e.g. `v25.10.0`. */
  version: string;
  /** Other API versions with the identical failover surface. */
  aliases: string[];
  /** True when servers of this version serve REST /api/v2.0. */
  rest: boolean;
  legacy_websocket: boolean;
  /** Named types, referred to as `#/$defs/Name`. */
  $defs: Record<string, unknown>;
  methods: {
    name: string;
    doc: string;
    roles: string[];
    job: boolean;
    idempotent: boolean;
    no_auth_required: boolean;
    removed_in: string | null;
    rest: { method: string; path: string } | null;
    schemas: unknown;
    [key: string]: unknown;
  }[];
  events: { name: string; doc: string; roles: string[]; registered: boolean; schemas: unknown }[];
}
