/**
 * Applies one API version of a dump to our schema file of that version: methods and events of the
 * failover namespace (plus the core/auth methods and other events the file already lists) get their
 * structure from the dump; our documentation and our own fields (idempotent, rest, registered,
 * aliases, job locks) stay. Methods new to us are added for a human to review, methods the dump
 * shows gone are removed, and named types nothing refers to any more are dropped.
 */
import type { JsonSchema, SchemaEvent, SchemaFile, SchemaMethod } from '../schema-file.js';
import { type MergeContext, mergeNode, translate } from './merge-schema.js';
import type { DumpEvent, DumpMethod, DumpVersion } from './read-dump.js';

export interface ApplyResult {
  schema: SchemaFile;
  notes: string[];
}

const REF = '#/$defs/';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Named types reachable from the methods and events (transitively). */
function referencedDefs(schema: SchemaFile): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) for (const n of node) visit(n);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
          const name = v.slice(REF.length);
          if (!found.has(name)) {
            found.add(name);
            visit(schema.$defs[name]);
          }
        } else visit(v);
      }
    }
  };
  visit(schema.methods);
  visit(schema.events);
  return found;
}

const namespace = (name: string) => name.split('.')[0]!;

function mergeArguments(ours: SchemaMethod | undefined, theirs: DumpMethod, ctx: MergeContext): JsonSchema[] {
  const oursArgs = ours?.schemas.properties['Call parameters'].prefixItems ?? [];
  return theirs.args.map((arg) => {
    const at = `${theirs.name}(${arg.name})`;
    const mine = oursArgs.find((a) => a.title === arg.name);
    let node: JsonSchema;
    if (mine) node = mergeNode(mine, arg.schema, ctx, at);
    else {
      if (ours) ctx.notes.push(`${at}: argument added`);
      const translated = translate(arg.schema, ctx, at);
      const { description, ...rest } = translated;
      node = { ...rest, title: arg.name };
      if (description !== undefined) node.description = description;
      if (translated['x-doc-source']) node['x-doc-source'] = translated['x-doc-source'];
    }
    if (arg.required && 'default' in node) {
      delete node.default;
      ctx.notes.push(`${at}: now required`);
    }
    if (!arg.required && !('default' in node)) ctx.notes.push(`${at}: optional without a stated default; it stays required here`);
    return node;
  });
}

function mergeRoles(ours: string[], theirs: DumpMethod | DumpEvent, expanded: boolean): string[] {
  if (same(ours, theirs.roles)) return ours;
  // core.get_methods lists every role that grants the method; ours are the ones the method declares.
  if (expanded && ours.every((r) => theirs.roles.includes(r))) return ours;
  // A method that declares no role and needs authorization is for FULL_ADMIN only.
  if (same(ours, ['FULL_ADMIN']) && theirs.roles.length === 0) return ours;
  return [...theirs.roles];
}

function mergeMethod(ours: SchemaMethod, theirs: DumpMethod, ctx: MergeContext, notes: string[]): SchemaMethod {
  const out: SchemaMethod = { ...ours };
  const roles = mergeRoles(ours.roles, theirs, theirs.rolesExpanded);
  if (!same(roles, ours.roles)) notes.push(`${theirs.name}: roles ${JSON.stringify(ours.roles)} → ${JSON.stringify(roles)}`);
  out.roles = roles;
  if (theirs.job !== undefined && theirs.job !== ours.job) {
    notes.push(`${theirs.name}: job ${ours.job} → ${theirs.job}`);
    out.job = theirs.job;
  }
  if (theirs.removedIn !== undefined && theirs.removedIn !== ours.removed_in) {
    notes.push(`${theirs.name}: removed_in ${ours.removed_in} → ${theirs.removedIn}`);
    out.removed_in = theirs.removedIn;
  }
  if (theirs.noAuthRequired !== undefined && theirs.noAuthRequired !== ours.no_auth_required) {
    notes.push(`${theirs.name}: no_auth_required ${ours.no_auth_required} → ${theirs.noAuthRequired}`);
    out.no_auth_required = theirs.noAuthRequired;
  }
  if (theirs.inputPipes !== undefined) {
    if (theirs.inputPipes) {
      out.input_pipes = true;
      out.check_pipes = theirs.checkPipes ?? true;
    } else {
      delete out.input_pipes;
      delete out.check_pipes;
    }
    if (out.input_pipes !== ours.input_pipes || out.check_pipes !== ours.check_pipes) notes.push(`${theirs.name}: upload pipe changed`);
  }
  const parameters = { ...ours.schemas.properties['Call parameters'], prefixItems: mergeArguments(ours, theirs, ctx) };
  const result = theirs.result
    ? mergeNode(ours.schemas.properties['Return value'], theirs.result, ctx, `${theirs.name} result`)
    : ours.schemas.properties['Return value'];
  out.schemas = { ...ours.schemas, properties: { ...ours.schemas.properties, 'Call parameters': parameters, 'Return value': result } };
  return out;
}

function newMethod(theirs: DumpMethod, ctx: MergeContext): SchemaMethod {
  const method: SchemaMethod = {
    name: theirs.name,
    roles: [...theirs.roles],
    doc: theirs.doc ?? '',
    job: theirs.job ?? false,
    // Unknown until a human looks: never replayed, no REST route.
    idempotent: false,
    no_auth_required: theirs.noAuthRequired ?? false,
    removed_in: theirs.removedIn ?? null,
    rest: null,
    schemas: {
      type: 'object',
      properties: {
        'Call parameters': { type: 'array', prefixItems: mergeArguments(undefined, theirs, ctx), items: false },
        'Return value': theirs.result ? translate(theirs.result, ctx, `${theirs.name} result`) : {},
      },
    },
  };
  (method as unknown as JsonSchema)['x-doc-source'] = 'upstream';
  if (theirs.inputPipes) {
    method.input_pipes = true;
    method.check_pipes = theirs.checkPipes ?? true;
  }
  return method;
}

function mergeEvent(ours: SchemaEvent | undefined, theirs: DumpEvent, ctx: MergeContext, notes: string[]): SchemaEvent {
  const payloads: Record<string, JsonSchema> = {};
  const oursPayloads = ours?.schemas.properties ?? {};
  for (const [type, payload] of Object.entries(oursPayloads)) {
    if (theirs.payloads[type]) payloads[type] = mergeNode(payload, theirs.payloads[type], ctx, `event ${theirs.name} ${type}`);
    else notes.push(`event ${theirs.name}: ${type} messages removed`);
  }
  for (const [type, payload] of Object.entries(theirs.payloads)) {
    if (type in payloads) continue;
    if (ours) notes.push(`event ${theirs.name}: ${type} messages added`);
    payloads[type] = translate(payload, ctx, `event ${theirs.name} ${type}`);
  }
  if (!ours) {
    notes.push(`event ${theirs.name}: new; review its doc`);
    return {
      name: theirs.name,
      roles: [...theirs.roles],
      registered: true,
      doc: theirs.doc ?? '',
      schemas: { type: 'object', properties: payloads },
      ...({ 'x-doc-source': 'upstream' } as object),
    } as SchemaEvent;
  }
  const roles = mergeRoles(ours.roles, theirs, false);
  if (!same(roles, ours.roles)) notes.push(`event ${theirs.name}: roles ${JSON.stringify(ours.roles)} → ${JSON.stringify(roles)}`);
  // Only events the server lists (with models) appear in a dump.
  if (!ours.registered) notes.push(`event ${theirs.name}: now registered`);
  return { ...ours, roles, registered: true, schemas: { ...ours.schemas, properties: payloads } };
}

/** Applies `dump` to a copy of `file`. */
export function applyDump(file: SchemaFile, dump: DumpVersion): ApplyResult {
  const schema: SchemaFile = structuredClone(file);
  const notes: string[] = [];
  const ctx: MergeContext = { defs: schema.$defs, coarse: dump.coarse, notes, active: new Set() };
  const before = referencedDefs(schema);
  const ours = new Set(schema.methods.map((m) => m.name));
  const inScope = (name: string) => name.startsWith('failover.') || ours.has(name);

  const methods = new Map(schema.methods.map((m) => [m.name, m]));
  for (const theirs of dump.methods.filter((m) => inScope(m.name))) {
    const mine = methods.get(theirs.name);
    if (mine) methods.set(theirs.name, mergeMethod(mine, theirs, ctx, notes));
    else {
      notes.push(`${theirs.name}: new method; review doc, idempotent and rest`);
      methods.set(theirs.name, newMethod(theirs, ctx));
    }
  }
  const covered = new Set(dump.methods.map((m) => namespace(m.name)));
  const listed = new Set(dump.methods.map((m) => m.name));
  for (const name of [...methods.keys()]) {
    if (listed.has(name) || !covered.has(namespace(name))) continue;
    // Our schema lists the whole failover namespace but only a few core/auth methods, and
    // excerpts of a dump are common: only a failover method missing from the input is gone.
    if (dump.removesMissing && name.startsWith('failover.')) {
      notes.push(`${name}: not in the dump; removed`);
      methods.delete(name);
    } else notes.push(`${name}: not in the input; kept`);
  }
  schema.methods = [...methods.values()].sort((a, b) => a.name.localeCompare(b.name));

  if (dump.events) {
    const events = new Map(schema.events.map((e) => [e.name, e]));
    for (const theirs of dump.events) {
      if (!theirs.name.startsWith('failover.') && !events.has(theirs.name)) continue;
      events.set(theirs.name, mergeEvent(events.get(theirs.name), theirs, ctx, notes));
    }
    schema.events = [...events.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  const after = referencedDefs(schema);
  for (const name of before) {
    if (!after.has(name)) {
      notes.push(`$defs.${name}: no longer used; removed`);
      delete schema.$defs[name];
    }
  }
  return { schema, notes };
}
