/**
 * Merges one schema node of a dump ("theirs", already normalised) into the matching node of our
 * schema file ("ours"). Structure comes from the dump; our descriptions, names and deliberate
 * refinements stay. The rules, in order:
 * - our `$ref` stays a `$ref`: the dump's inlined model is merged into our named type instead;
 * - an inlined model whose title is one of our named types (or its `x-upstream-title`) becomes a `$ref`;
 * - where the dump is coarser than ours we keep ours: `{}` (any value), a plain string where we
 *   have a `const`, an object without properties, array items of any type, a union without
 *   a discriminator, a date-time string where we have the wire encoding (`DateTime`);
 * - a plain string where we have an `enum` stays a plain string, as the server types it: our values
 *   become its `examples` (known values, editor hints); an `enum` where we have a string with
 *   `examples` replaces them (the server now fixes the set);
 * - `x-keep: [keys]` on our node keeps those keys as they are;
 * - a coarse input (core.get_methods) cannot state constraints or required flags: ours stay;
 * - a node new to us gets the dump's description, marked `"x-doc-source": "upstream"`.
 * Key order follows our node, new keys come last, so an unchanged structure gives identical bytes.
 */
import type { JsonSchema } from '../schema-file.js';

export interface MergeContext {
  /** Our named types; merged in place. */
  defs: Record<string, JsonSchema>;
  coarse: boolean;
  notes: string[];
  /** Named types being merged right now (guards against recursive types). */
  active: Set<string>;
}

const REF = '#/$defs/';
const CONSTRAINTS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
];
const STRUCTURAL = new Set([
  'type',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'discriminator',
  'items',
  'prefixItems',
  'properties',
  'required',
  'additionalProperties',
  'default',
  ...CONSTRAINTS,
]);

const isObject = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameSet = (a: unknown[], b: unknown[]) => a.length === b.length && same([...a].map(String).sort(), [...b].map(String).sort());

export function refName(node: JsonSchema | undefined): string | undefined {
  const r = node?.$ref;
  return typeof r === 'string' && r.startsWith(REF) ? r.slice(REF.length) : undefined;
}

/** True when the node states nothing about the value's shape. */
function isAny(node: JsonSchema): boolean {
  return !Object.keys(node).some((k) => STRUCTURAL.has(k) && k !== 'default') && !('$ref' in node);
}

function isDateTime(node: JsonSchema): boolean {
  return node.type === 'string' && node.format === 'date-time';
}

/** The model name of an inlined object, if the dump kept it. */
function modelTitle(node: JsonSchema): string | undefined {
  return node.type === 'object' && isObject(node.properties) && typeof node.title === 'string' ? node.title : undefined;
}

function upstreamTitles(def: JsonSchema | undefined): string[] {
  const t = def?.['x-upstream-title'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

/** Our named type for a server model name. */
export function defFor(title: string, defs: Record<string, JsonSchema>): string | undefined {
  for (const [name, def] of Object.entries(defs)) if (upstreamTitles(def).includes(title)) return name;
  return title in defs ? title : undefined;
}

/** `anyOf: [X, null]` → X; anything else is not a nullable wrapper. */
function nullable(node: JsonSchema): JsonSchema | undefined {
  const members = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(members) || members.length !== 2) return undefined;
  const nonNull = members.filter((m) => m.type !== 'null');
  return nonNull.length === 1 ? nonNull[0] : undefined;
}

function upstreamDoc(node: JsonSchema, from: JsonSchema): void {
  if (typeof from.description === 'string' && from.description) {
    node.description = from.description;
    node['x-doc-source'] = 'upstream';
  }
}

/** A dump node that is new to us, in our conventions. */
export function translate(theirs: JsonSchema, ctx: MergeContext, at: string): JsonSchema {
  const title = modelTitle(theirs);
  if (title) {
    let name = defFor(title, ctx.defs);
    if (!name) {
      name = title;
      const { title: _t, description, ...body } = theirs;
      const def: JsonSchema = { title: name };
      upstreamDoc(def, { description });
      ctx.defs[name] = { ...def, ...translate(body, ctx, `$defs.${name}`) };
      ctx.notes.push(`${at}: new named type ${name}`);
      const out: JsonSchema = { $ref: REF + name };
      if ('default' in theirs) out.default = clone(theirs.default);
      return out;
    }
    mergeDef(name, theirs, ctx, at);
    const out: JsonSchema = { $ref: REF + name };
    if ('default' in theirs) out.default = clone(theirs.default);
    upstreamDoc(out, theirs);
    return out;
  }
  if (isDateTime(theirs) && ctx.defs.DateTime) {
    const out: JsonSchema = { $ref: `${REF}DateTime` };
    upstreamDoc(out, theirs);
    return out;
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(theirs)) {
    if (k === 'title' || k === 'description' || k === 'format') continue;
    if (k === 'properties' && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, translate(s as JsonSchema, ctx, `${at}.${p}`)]));
    } else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) out[k] = translate(v, ctx, `${at}[]`);
    else if ((k === 'anyOf' || k === 'oneOf' || k === 'prefixItems') && Array.isArray(v)) {
      out[k] = v.map((m, i) => translate(m as JsonSchema, ctx, `${at}|${i}`));
    } else out[k] = clone(v);
  }
  upstreamDoc(out, theirs);
  return out;
}

/** Merges a dump model into our named type `name`. */
export function mergeDef(name: string, theirs: JsonSchema, ctx: MergeContext, at: string): void {
  if (ctx.active.has(name)) return;
  ctx.active.add(name);
  try {
    const { title: _t, description: _d, default: _def, ...body } = theirs;
    ctx.defs[name] = mergeNode(ctx.defs[name], body, ctx, `$defs.${name}`);
  } finally {
    ctx.active.delete(name);
  }
  void at;
}

/** Identity hints of a union member, to pair our members with the dump's. */
function memberKeys(node: JsonSchema, ctx: MergeContext, discriminator: string | undefined): string[] {
  const keys: string[] = [];
  const name = refName(node);
  const body = name ? ctx.defs[name] : node;
  if (name) keys.push(`model:${name}`, ...upstreamTitles(body).map((t) => `model:${t}`));
  const title = modelTitle(node);
  if (title) keys.push(`model:${title}`, ...(defFor(title, ctx.defs) ? [`model:${defFor(title, ctx.defs)}`] : []));
  if (discriminator && body) {
    const tag = ((body.properties ?? {}) as Record<string, JsonSchema>)[discriminator]?.const;
    if (tag !== undefined) keys.push(`tag:${String(tag)}`);
  }
  return keys;
}

function kind(node: JsonSchema, ctx: MergeContext): string {
  const name = refName(node);
  // A date-time string on the dump's side is our DateTime wire encoding.
  if (isDateTime(node) || name === 'DateTime') return 'datetime';
  const body = name ? (ctx.defs[name] ?? {}) : node;
  if (body.type === 'array' && Array.isArray(body.prefixItems)) return 'tuple';
  return String(body.type ?? (body.anyOf || body.oneOf ? 'union' : 'any'));
}

function mergeUnion(ours: JsonSchema[], theirs: JsonSchema[], ctx: MergeContext, at: string, discriminator?: string): JsonSchema[] {
  const pairs: (number | undefined)[] = theirs.map(() => undefined);
  const taken = new Set<number>();
  const match = (score: (o: JsonSchema, t: JsonSchema) => boolean) => {
    theirs.forEach((t, ti) => {
      if (pairs[ti] !== undefined) return;
      const oi = ours.findIndex((o, i) => !taken.has(i) && score(o, t));
      if (oi >= 0) {
        pairs[ti] = oi;
        taken.add(oi);
      }
    });
  };
  match((o, t) => {
    const ko = memberKeys(o, ctx, discriminator);
    return memberKeys(t, ctx, discriminator).some((k) => ko.includes(k));
  });
  match((o, t) => kind(o, ctx) === kind(t, ctx));
  const merged = new Map<number, JsonSchema>();
  const added: JsonSchema[] = [];
  theirs.forEach((t, ti) => {
    const oi = pairs[ti];
    if (oi === undefined) {
      ctx.notes.push(`${at}: union member added`);
      added.push(translate(t, ctx, `${at}|+`));
    } else merged.set(oi, mergeNode(ours[oi], t, ctx, `${at}|${oi}`));
  });
  if (merged.size < ours.length) ctx.notes.push(`${at}: ${ours.length - merged.size} union member(s) removed`);
  // Our order for the members we keep, then the new ones.
  return [...[...merged.entries()].sort(([a], [b]) => a - b).map(([, v]) => v), ...added];
}

function mergeProperties(ours: Record<string, JsonSchema>, theirs: Record<string, JsonSchema>, ctx: MergeContext, at: string) {
  const out: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(ours)) {
    if (k in theirs) out[k] = mergeNode(v, theirs[k]!, ctx, `${at}.${k}`);
    else ctx.notes.push(`${at}.${k}: property removed`);
  }
  for (const [k, v] of Object.entries(theirs)) {
    if (k in ours) continue;
    ctx.notes.push(`${at}.${k}: property added`);
    out[k] = translate(v, ctx, `${at}.${k}`);
  }
  return out;
}

/** Our value of `key` stays although the dump lacks it, because the dump is coarser there. */
function refinementKept(key: string, ours: JsonSchema, theirs: JsonSchema, ctx: MergeContext): boolean {
  if (key === 'const' && !('enum' in theirs) && !('const' in theirs) && (theirs.type ?? ours.type) === ours.type) return true;
  if (key === 'discriminator' && (theirs.anyOf || theirs.oneOf)) return true;
  if (key === 'items' && theirs.type === 'array' && !('items' in theirs) && !('prefixItems' in theirs)) return true;
  if (['properties', 'required', 'additionalProperties'].includes(key) && theirs.type === 'object' && !isObject(theirs.properties))
    return true;
  if (ctx.coarse && (CONSTRAINTS.includes(key) || key === 'required')) return true;
  return false;
}

export function mergeNode(ours: JsonSchema | undefined, theirs: JsonSchema, ctx: MergeContext, at: string): JsonSchema {
  if (ours === undefined) return translate(theirs, ctx, at);
  if (isAny(theirs) && !isAny(ours)) return ours;
  if (isDateTime(theirs) && refName(ours) === 'DateTime') return ours;
  const keep = new Set(Array.isArray(ours['x-keep']) ? (ours['x-keep'] as string[]) : []);

  // Nullability: merge the inner types, wrap as the dump says.
  const ourInner = nullable(ours);
  const theirInner = nullable(theirs);
  if (!keep.has('anyOf') && (ourInner === undefined) !== (theirInner === undefined) && !refName(theirs)) {
    if (theirInner) {
      ctx.notes.push(`${at}: now nullable`);
      const { description, default: def, ...inner } = ours;
      const out: JsonSchema = { anyOf: [mergeNode(inner, theirInner, ctx, at), { type: 'null' }] };
      if (description !== undefined) out.description = description;
      if ('default' in theirs) out.default = clone(theirs.default);
      else if (def !== undefined) ctx.notes.push(`${at}: default removed`);
      return out;
    }
    if (ourInner && !(theirs.anyOf || theirs.oneOf)) {
      ctx.notes.push(`${at}: no longer nullable`);
      const merged = mergeNode(ourInner, theirs, ctx, at);
      if (typeof ours.description === 'string') merged.description = ours.description;
      return merged;
    }
  }

  const name = refName(ours);
  if (name) {
    mergeDef(name, theirs, ctx, at);
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(ours)) {
      if (k === 'default') {
        if ('default' in theirs) out.default = same(v, theirs.default) ? v : clone(theirs.default);
        else ctx.notes.push(`${at}: default removed`);
      } else out[k] = v;
    }
    if (!('default' in ours) && 'default' in theirs) {
      ctx.notes.push(`${at}: default added`);
      out.default = clone(theirs.default);
    }
    return out;
  }

  const title = modelTitle(theirs);
  const target = title ? defFor(title, ctx.defs) : undefined;
  if (target && !('properties' in ours)) {
    // A model we name, inlined on our side until now: refer to it.
    mergeDef(target, theirs, ctx, at);
    const out: JsonSchema = { $ref: REF + target };
    if (typeof ours.description === 'string') out.description = ours.description;
    if ('default' in theirs) out.default = clone(theirs.default);
    return out;
  }

  const out: JsonSchema = {};
  const oursUnion = (ours.anyOf ?? ours.oneOf) as JsonSchema[] | undefined;
  const theirsUnion = (theirs.anyOf ?? theirs.oneOf) as JsonSchema[] | undefined;
  const discriminator = ((ours.discriminator ?? theirs.discriminator) as { propertyName?: string } | undefined)?.propertyName;
  // pydantic leaves `required` out when nothing is required.
  if (Array.isArray(ours.required) && !('required' in theirs) && isObject(theirs.properties)) theirs = { ...theirs, required: [] };
  for (const [k, v] of Object.entries(ours)) {
    if (k === 'examples' && ours.type === 'string' && Array.isArray(theirs.enum) && !keep.has(k)) {
      ctx.notes.push(`${at}: a fixed set of values on the server now`);
      out.enum = clone(theirs.enum);
      continue;
    }
    if (!STRUCTURAL.has(k) || keep.has(k)) {
      out[k] = v;
      continue;
    }
    if (k === 'enum' && ours.type === 'string' && !('enum' in theirs) && !('const' in theirs) && theirs.type === 'string') {
      ctx.notes.push(`${at}: a plain string on the server; our values kept as examples`);
      out.examples = v;
      continue;
    }
    if ((k === 'anyOf' || k === 'oneOf') && oursUnion && theirsUnion) {
      out[k] = mergeUnion(oursUnion, theirsUnion, ctx, at, discriminator);
      continue;
    }
    if (k in theirs) {
      const t = theirs[k];
      switch (k) {
        case 'enum':
          out[k] = sameSet(v as unknown[], t as unknown[]) ? v : clone(t);
          if (!same(out[k], v)) ctx.notes.push(`${at}: values changed`);
          break;
        case 'required':
          if (ctx.coarse || sameSet(v as unknown[], t as unknown[])) out[k] = v;
          else {
            ctx.notes.push(`${at}: required changed`);
            out[k] = clone(t);
          }
          break;
        case 'properties':
          out[k] = mergeProperties(v as Record<string, JsonSchema>, t as Record<string, JsonSchema>, ctx, at);
          break;
        case 'items':
        case 'additionalProperties':
          out[k] = isObject(v) && isObject(t) ? mergeNode(v, t, ctx, `${at}[]`) : isObject(t) ? translate(t, ctx, `${at}[]`) : clone(t);
          break;
        case 'prefixItems': {
          const o = v as JsonSchema[];
          out[k] = (t as JsonSchema[]).map((m, i) => (o[i] ? mergeNode(o[i], m, ctx, `${at}[${i}]`) : translate(m, ctx, `${at}[${i}]`)));
          break;
        }
        case 'discriminator':
          out[k] = v;
          break;
        default:
          if (!same(v, t)) ctx.notes.push(`${at}: ${k} ${JSON.stringify(v)} → ${JSON.stringify(t)}`);
          out[k] = same(v, t) ? v : clone(t);
      }
    } else if (refinementKept(k, ours, theirs, ctx)) out[k] = v;
    else if ((k === 'anyOf' || k === 'oneOf') && theirsUnion) out[k] = mergeUnion(oursUnion ?? [], theirsUnion, ctx, at, discriminator);
    else ctx.notes.push(`${at}: ${k} removed`);
  }
  for (const [k, t] of Object.entries(theirs)) {
    if (!STRUCTURAL.has(k) || k in ours || k in out || keep.has(k)) continue;
    // Our union under the other keyword (oneOf for a discriminated union) already covers it.
    if ((k === 'anyOf' || k === 'oneOf') && oursUnion) continue;
    if (k === 'discriminator') continue;
    ctx.notes.push(`${at}: ${k} added`);
    out[k] = isObject(t)
      ? translate(t, ctx, `${at}.${k}`)
      : Array.isArray(t) && (k === 'anyOf' || k === 'oneOf' || k === 'prefixItems')
        ? t.map((m, i) => translate(m as JsonSchema, ctx, `${at}|${i}`))
        : clone(t);
  }
  return out;
}
