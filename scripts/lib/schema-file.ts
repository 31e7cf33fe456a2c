/**
 * Types and helpers for the files in schema/: one file per family of API versions whose
 * failover surface is identical, in the shape of a TrueNAS API dump plus our own fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type JsonSchema = { [key: string]: unknown };

export interface SchemaMethod {
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
  schemas: { type: 'object'; properties: Record<string, JsonSchema> };
}

export interface SchemaFile {
  $comment?: string;
  version: string;
  aliases: string[];
  rest: boolean;
  legacy_websocket: boolean;
  $defs: Record<string, JsonSchema>;
  methods: SchemaMethod[];
  events: SchemaEvent[];
}

export interface LoadedSchema {
  file: string;
  data: SchemaFile;
}

export function loadSchemas(dir: string): LoadedSchema[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaFile }));
}

/** Every API version string a schema file answers for. */
export function versionsOf(schema: SchemaFile): string[] {
  return [schema.version, ...schema.aliases];
}

/** Compares version strings such as `v25.10.2` numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `failover.reboot.other_node` → `FailoverRebootOtherNode`. */
export function pascal(name: string): string {
  return name
    .split(/[._]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** Directory / identifier name for a version: `v25.10.2` → `v25_10_2`. */
export function versionId(version: string): string {
  return version.replace(/\./g, '_');
}
