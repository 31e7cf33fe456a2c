/**
 * Arguments generated from the schema files (schema/*.json): `validArguments` gives argument lists
 * the schema allows, `invalidArguments` breaks one of them at one place and says where (the
 * attribute TrueNAS would name: argument name plus field path). Our own converter: the schema
 * uses a small JSON Schema subset (type, properties, required, additionalProperties, items,
 * prefixItems, anyOf/oneOf, const, enum, min/max), and no maintained library maps JSON Schema or
 * zod 4 to fast-check 4 (zod-fast-check stops at zod 3 and fast-check 3).
 */
import fc from 'fast-check';
import type { JsonSchema, SchemaFile, SchemaMethod } from '../../src/types/schema-file.js';

type Arb = fc.Arbitrary<unknown>;

const MAX_DEPTH = 4;
const text = fc.string({ maxLength: 12 });
const anyJson: Arb = fc.jsonValue({ maxDepth: 2 });

function resolve(file: SchemaFile, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.replace('#/$defs/', '');
    s = { ...(file.$defs as Record<string, JsonSchema>)[name], ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
  }
  return s;
}

function types(schema: JsonSchema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return undefined;
}

/** Values `schema` allows. */
export function valid(file: SchemaFile, raw: JsonSchema, depth = 0): Arb {
  const schema = resolve(file, raw);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    // Past the depth limit only branches that do not recurse (no $ref) are taken, when there are some.
    const shallow = depth >= MAX_DEPTH ? branches.filter((b) => !('$ref' in b)) : branches;
    return fc.oneof(...(shallow.length > 0 ? shallow : branches).map((b) => valid(file, b, depth + 1)));
  }
  const t = types(schema);
  if (!t) return depth >= MAX_DEPTH ? fc.constant(null) : anyJson;
  return fc.oneof(...t.map((one) => validOfType(file, schema, one, depth)));
}

function validOfType(file: SchemaFile, schema: JsonSchema, type: string, depth: number): Arb {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1_000_000,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1_000_000,
      });
    case 'number':
      return fc.double({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1e6,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string': {
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      // 25.04's `@accepts` layer also refuses a blank string where one is required ("Empty value not allowed").
      const string = fc.string({ minLength, maxLength: 16 });
      return minLength > 0 ? string.filter((v) => v.trim() !== '') : string;
    }
    case 'array': {
      const prefix = ((schema.prefixItems as JsonSchema[] | undefined) ?? []).map((s) => valid(file, s, depth + 1));
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      if (schema.items === false || prefix.length > 0) {
        // Positional: the required leading items (an argument without a default is required), then
        // optionally more of the declared ones.
        const items = (schema.prefixItems as JsonSchema[] | undefined) ?? [];
        const lastRequired = depth === 0 ? items.findLastIndex((p) => !('default' in p)) + 1 : 0;
        const required = Math.max(min, lastRequired);
        return fc.integer({ min: Math.min(required, prefix.length), max: prefix.length }).chain((n) => fc.tuple(...prefix.slice(0, n)));
      }
      const item = schema.items && typeof schema.items === 'object' ? valid(file, schema.items as JsonSchema, depth + 1) : anyJson;
      const max = depth >= MAX_DEPTH ? min : Math.max(min, typeof schema.maxItems === 'number' ? schema.maxItems : 3);
      return fc.array(item, { minLength: min, maxLength: Math.min(max, min + 3) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const model: Record<string, Arb> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = valid(file, sub, depth + 1);
      const known = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      if (schema.additionalProperties === true && depth < MAX_DEPTH) {
        const extra = fc.dictionary(
          text.filter((k) => !(k in properties) && k !== '__proto__'),
          anyJson,
          { maxKeys: 2 },
        );
        return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      return known;
    }
    default:
      return anyJson;
  }
}

/** Positional argument lists `method` accepts. */
export function validArguments(file: SchemaFile, method: SchemaMethod): fc.Arbitrary<unknown[]> {
  return valid(file, method.schemas.properties['Call parameters'] as JsonSchema) as fc.Arbitrary<unknown[]>;
}

/** An argument list broken at one place, and the attribute the refusal must name. */
export interface Broken {
  params: unknown[];
  /** Attribute TrueNAS names: argument name plus field path (`data.timeout`), or '' for the list itself. */
  attribute: string;
  how: string;
}

interface Site {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Places in `value` (valid for `schema`) where a definite violation can be made. */
function sites(file: SchemaFile, raw: JsonSchema, value: unknown, path: (string | number)[], out: Site[]): void {
  const schema = resolve(file, raw);
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches || 'const' in schema || Array.isArray(schema.enum)) {
    // A value no branch allows: only when every branch restricts the JSON type.
    if (!branches || branches.every((b) => types(resolve(file, b)) || 'const' in resolve(file, b))) out.push({ path, schema });
    return;
  }
  const t = types(schema);
  if (!t) return;
  out.push({ path, schema });
  if (t.includes('object') && value && typeof value === 'object' && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, v] of Object.entries(value)) if (properties[key]) sites(file, properties[key], v, [...path, key], out);
  }
  if (t.includes('array') && Array.isArray(value)) {
    const prefix = (schema.prefixItems as JsonSchema[] | undefined) ?? [];
    value.forEach((v, i) => {
      const sub = prefix[i] ?? (schema.items && typeof schema.items === 'object' ? (schema.items as JsonSchema) : undefined);
      if (sub) sites(file, sub, v, [...path, i], out);
    });
  }
}

/** JSON types `schema` allows (a const or enum counts as its values' types, but a string const stays a string). */
function allowedTypes(file: SchemaFile, raw: JsonSchema): Set<string> {
  const schema = resolve(file, raw);
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return new Set(branches.flatMap((b) => [...allowedTypes(file, b)]));
  const set = new Set<string>(types(schema) ?? []);
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? (schema.enum as unknown[]) : [];
  for (const v of values) set.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'integer' : typeof v);
  return set;
}

// A value of each JSON type that no legacy conversion turns into another type ("5" becomes 5 on 25.04).
const WRONG: Record<string, unknown> = {
  object: { wrong: true },
  array: [{ wrong: true }],
  string: 'not-a-number!',
  boolean: true,
  null: null,
  number: 0.5,
};

function setAt(root: unknown[], path: (string | number)[], value: unknown): unknown[] {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy as never;
  for (const key of path.slice(0, -1)) node = node[key] as never;
  node[path.at(-1)!] = value;
  return copy;
}

function attribute(names: readonly string[], path: (string | number)[]): string {
  const [first, ...rest] = path;
  if (first === undefined) return '';
  return [names[first as number] ?? String(first), ...rest.map(String)].join('.');
}

/**
 * Argument lists `method` refuses, each broken at one place: a value of a type the field does not
 * allow, an unknown key in a closed object, a required key or argument left out, one argument too many.
 */
export function invalidArguments(file: SchemaFile, method: SchemaMethod, names: readonly string[]): fc.Arbitrary<Broken> {
  const list = method.schemas.properties['Call parameters'];
  return fc.tuple(validArguments(file, method), fc.nat(), fc.nat()).chain(([params, pick, which]) => {
    const candidates: Broken[] = [];
    const found: Site[] = [];
    sites(file, list as JsonSchema, params, [], found);
    for (const site of found) {
      if (site.path.length === 0) continue;
      const schema = resolve(file, site.schema);
      const allowed = allowedTypes(file, schema);
      const wrong = Object.keys(WRONG).filter((t) => !allowed.has(t));
      // A const or enum string refuses any other string too.
      const restricted = ('const' in schema || Array.isArray(schema.enum)) && allowed.has('string');
      const choices = restricted ? [...wrong.filter((t) => t !== 'string'), 'other-string'] : wrong;
      if (choices.length > 0) {
        const t = choices[which % choices.length]!;
        const value = t === 'other-string' ? '\u0000not-allowed' : WRONG[t];
        candidates.push({ params: setAt(params, site.path, value), attribute: attribute(names, site.path), how: `${t} at` });
      }
      const value = getAt(params, site.path);
      if (value && typeof value === 'object' && !Array.isArray(value) && schema.additionalProperties === false) {
        candidates.push({
          params: setAt(params, [...site.path, 'zz_unknown_key'], 1),
          attribute: attribute(names, [...site.path, 'zz_unknown_key']),
          how: 'unknown key at',
        });
        for (const key of (schema.required as string[] | undefined) ?? []) {
          if (!(key in value)) continue;
          const without = structuredClone(params);
          delete (getAt(without, site.path) as Record<string, unknown>)[key];
          candidates.push({ params: without, attribute: attribute(names, [...site.path, key]), how: 'missing key at' });
        }
      }
    }
    const declared = list.prefixItems.map((p, i) => (i < params.length ? params[i] : structuredClone(p.default)));
    if (declared.every((v) => v !== undefined)) candidates.push({ params: [...declared, 'extra'], attribute: '', how: 'extra argument' });
    const requiredArgs = list.prefixItems.filter((p) => !('default' in p)).length;
    if (requiredArgs > 0) candidates.push({ params: [], attribute: names[0]!, how: 'missing argument' });
    return fc.constant(candidates[pick % candidates.length]!);
  });
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let node = root as Record<string | number, unknown>;
  for (const key of path) node = node?.[key] as never;
  return node;
}
