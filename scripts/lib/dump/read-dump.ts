/**
 * Reads the three inputs `npm run import-dump` understands and brings them to one shape:
 * - `middlewared --dump-api` output, `{"versions": [APIDump, ...]}` (or one APIDump), with method
 *   schemas in the default form (`"Call parameters"` / `"Return value"`, references inlined) or in
 *   the keep-refs form (`{accepts, returns}` with `$defs`);
 * - the result of `core.get_methods`: an object keyed by method name, `accepts` a list of
 *   per-argument schemas. It carries no version, so the caller names one.
 */
import { compareVersions, type JsonSchema } from '../schema-file.js';
import { inlineRefs, normalize } from './normalize.js';

export interface DumpArgument {
  name: string;
  schema: JsonSchema;
  /** False when the argument may be left out; its schema then has a `default`. */
  required: boolean;
}

export interface DumpMethod {
  name: string;
  /** Roles as the input lists them; `core.get_methods` expands them (every role that grants the method). */
  roles: string[];
  rolesExpanded: boolean;
  doc: string | null;
  /** Undefined when the input does not say (API dumps before 27.0 have no `job` key). */
  job: boolean | undefined;
  removedIn: string | null | undefined;
  inputPipes: boolean | undefined;
  checkPipes: boolean | undefined;
  noAuthRequired: boolean | undefined;
  args: DumpArgument[];
  /** Undefined when the input has no result schema (older methods declared none). */
  result: JsonSchema | undefined;
}

export interface DumpEvent {
  name: string;
  roles: string[];
  doc: string | null;
  /** Payload schema per message type (`CHANGED`, `ADDED`, ...). */
  payloads: Record<string, JsonSchema>;
}

export interface DumpVersion {
  version: string;
  source: 'api-dump' | 'get-methods';
  /**
   * True when the input cannot express everything our schema states (`core.get_methods` drops the
   * validators and required flags of the older schema system): missing constraints are kept.
   */
  coarse: boolean;
  /** Whether a method of a covered namespace that the input lacks was really removed. */
  removesMissing: boolean;
  methods: DumpMethod[];
  /** Null when the input lists no events at all. */
  events: DumpEvent[] | null;
}

const isObject = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);
const JOB_NOTE = 'This method is a job.';

function methodFromApiDump(raw: JsonSchema): DumpMethod {
  const schemas = raw.schemas as JsonSchema;
  let args: DumpArgument[];
  let result: JsonSchema | undefined;
  if (isObject(schemas.accepts)) {
    // keep-refs form: the argument model's properties are the positional arguments, in order.
    const accepts = inlineRefs(schemas.accepts) as JsonSchema;
    const returns = inlineRefs(schemas.returns) as JsonSchema;
    const required = new Set((accepts.required ?? []) as string[]);
    args = Object.entries((accepts.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) => ({
      name,
      schema: normalize(s),
      required: required.has(name),
    }));
    const props = (returns.properties ?? {}) as Record<string, JsonSchema>;
    result = props.result ? normalize(props.result) : undefined;
  } else {
    const props = (schemas.properties ?? {}) as Record<string, JsonSchema>;
    const items = ((props['Call parameters'] as JsonSchema | undefined)?.prefixItems ?? []) as JsonSchema[];
    args = items.map((item) => {
      const { title, ...rest } = item;
      return { name: String(title), schema: normalize(rest), required: !('default' in rest) };
    });
    result = props['Return value'] ? normalize(props['Return value']) : undefined;
  }
  const doc = typeof raw.doc === 'string' ? raw.doc : null;
  let job: boolean | undefined;
  if (typeof raw.job === 'boolean') job = raw.job;
  else if (doc?.trimEnd().endsWith(JOB_NOTE)) job = true;
  return {
    name: String(raw.name),
    roles: (raw.roles ?? []) as string[],
    rolesExpanded: false,
    doc,
    job,
    removedIn: 'removed_in' in raw ? ((raw.removed_in as string | null) ?? null) : undefined,
    inputPipes: typeof raw.input_pipes === 'boolean' ? raw.input_pipes : undefined,
    checkPipes: typeof raw.check_pipes === 'boolean' ? raw.check_pipes : undefined,
    noAuthRequired: undefined,
    args,
    result,
  };
}

function eventFromApiDump(raw: JsonSchema): DumpEvent {
  let schemas = raw.schemas as JsonSchema;
  // Default form wraps the message types in an object schema; keep-refs lists them directly.
  if (schemas.type === 'object' && isObject(schemas.properties)) schemas = schemas.properties as JsonSchema;
  const payloads: Record<string, JsonSchema> = {};
  for (const [type, payload] of Object.entries(schemas)) {
    if (type === 'Subscription parameters') continue;
    const { title: _model, ...rest } = normalize(inlineRefs(payload));
    payloads[type] = rest;
  }
  return { name: String(raw.name), roles: (raw.roles ?? []) as string[], doc: typeof raw.doc === 'string' ? raw.doc : null, payloads };
}

function methodFromGetMethods(name: string, raw: JsonSchema): DumpMethod {
  const accepts = (Array.isArray(raw.accepts) ? raw.accepts : []) as JsonSchema[];
  const returns = raw.returns;
  const returned = Array.isArray(returns) ? (returns[0] as JsonSchema | undefined) : isObject(returns) ? returns : undefined;
  return {
    name,
    roles: (raw.roles ?? []) as string[],
    rolesExpanded: true,
    doc: typeof raw.description === 'string' ? raw.description : null,
    job: typeof raw.job === 'boolean' ? raw.job : undefined,
    removedIn: undefined,
    inputPipes: typeof raw.uploadable === 'boolean' ? raw.uploadable : undefined,
    checkPipes: raw.uploadable === true ? Boolean(raw.check_pipes) : undefined,
    noAuthRequired: typeof raw.no_auth_required === 'boolean' ? raw.no_auth_required : undefined,
    args: accepts.map((item) => {
      const argName = String(item._name_ ?? item.title);
      const schema = normalize(item, false);
      return { name: argName, schema, required: !('default' in schema) };
    }),
    result: returned ? normalize(returned, false) : undefined,
  };
}

/** What the JSON of `input` is, in one shape per API version it describes. */
export function readDump(input: unknown, options: { apiVersion?: string } = {}): DumpVersion[] {
  if (!isObject(input)) throw new Error('import-dump: the input is not a JSON object');
  const dumps: JsonSchema[] | undefined = Array.isArray(input.versions)
    ? (input.versions as JsonSchema[])
    : typeof input.version === 'string' && Array.isArray(input.methods)
      ? [input]
      : undefined;
  if (dumps) {
    return dumps
      .filter((d) => !options.apiVersion || d.version === options.apiVersion)
      .map((d) => ({
        version: String(d.version),
        source: 'api-dump' as const,
        coarse: false,
        // Before 25.10 most failover methods used the older schema system and are absent from the dump.
        removesMissing: compareVersions(String(d.version), 'v25.10.0') >= 0,
        methods: (d.methods as JsonSchema[]).map(methodFromApiDump),
        events: Array.isArray(d.events) ? (d.events as JsonSchema[]).map(eventFromApiDump) : null,
      }));
  }
  const entries = Object.entries(input);
  if (entries.length > 0 && entries.every(([, v]) => isObject(v) && 'accepts' in v)) {
    if (!options.apiVersion) throw new Error('import-dump: core.get_methods output names no API version; pass --api-version vXX.YY.Z');
    return [
      {
        version: options.apiVersion,
        source: 'get-methods',
        coarse: true,
        removesMissing: true,
        methods: entries.map(([name, raw]) => methodFromGetMethods(name, raw as JsonSchema)).sort((a, b) => a.name.localeCompare(b.name)),
        events: null,
      },
    ];
  }
  throw new Error(
    'import-dump: unrecognised input; expected `middlewared --dump-api` output ({"versions": [...]}), one API dump, or the result of core.get_methods',
  );
}
