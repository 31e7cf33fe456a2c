/**
 * Reads the JSON Schema subset of our schema files into schema nodes (src/types/schema-node.ts),
 * the one reading of a schema's validation rules that both printers use: `printNode` writes the
 * nodes the client checks with (src/generated/<family>/nodes.ts), zod.ts writes the zod/mini
 * validators of the `schema` entry.
 *
 * Arguments (input side) are read as strictly as the server checks them: `additionalProperties:
 * false` refuses unknown keys, enums refuse other values. Results and event payloads (output side)
 * leniently, because a newer server adds fields and values: objects let unknown keys through and
 * string enums take any string.
 */
import type { JsonSchema } from '../../src/types/schema-file.js';
import type { Side } from './family.js';
import { knownValues } from './typescript.js';

const COMPONENT = '#/components/schemas/';

/** A schema node as the generator holds it: named types stay references, and a few facts for zod. */
export type GenNode =
  | { type: 'ref'; name: string }
  | { type: 'string'; min?: number; max?: number; known?: string[] }
  | { type: 'int'; min?: number; max?: number; side: Side }
  | { type: 'number'; min?: number; max?: number }
  | { type: 'unknown' | 'null' | 'boolean' | 'record' }
  | { type: 'enum'; values: unknown[]; literal: boolean }
  | { type: 'object'; shape: [string, GenNode][]; keys: 'strict' | 'strip' | 'keep'; error?: string }
  | { type: 'array'; items: GenNode; min?: number; max?: number }
  | { type: 'tuple'; items: GenNode[] }
  | { type: 'union'; options: GenNode[]; tag?: string }
  | { type: 'nullable' | 'optional'; inner: GenNode }
  | { type: 'default'; inner: GenNode; value: unknown };

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
/** `{ min, max }` without the absent ones. */
const bounds = (min: unknown, max: unknown) => ({
  ...(num(min) !== undefined ? { min: num(min) } : {}),
  ...(num(max) !== undefined ? { max: num(max) } : {}),
});

function withDefault(node: GenNode, s: JsonSchema): GenNode {
  return 'default' in s ? { type: 'default', inner: node, value: s.default } : node;
}

/**
 * The node of one schema. `modelName` is the server's model class for a named object type:
 * pydantic names it when an argument is not an object, and the node repeats that.
 */
export function readSchema(s: JsonSchema, side: Side, modelName?: string): GenNode {
  return withDefault(bare(s, side, modelName), s);
}

function bare(s: JsonSchema, side: Side, modelName?: string): GenNode {
  if (typeof s.$ref === 'string') return { type: 'ref', name: s.$ref.slice(COMPONENT.length) };
  if ('const' in s) return { type: 'enum', values: [s.const], literal: true };
  const known = knownValues(s, side);
  // Any string passes; the type keeps the known values as editor hints.
  if (known) return { type: 'string', known };
  if (Array.isArray(s.enum)) return { type: 'enum', values: s.enum, literal: false };
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const members = (s.anyOf ?? s.oneOf) as JsonSchema[];
    const nonNull = members.filter((m) => m.type !== 'null');
    const tag = (s.discriminator as { propertyName?: string } | undefined)?.propertyName;
    let node: GenNode;
    if (nonNull.length === 1) node = readSchema(nonNull[0]!, side);
    else node = { type: 'union', options: nonNull.map((m) => readSchema(m, side)), ...(tag ? { tag } : {}) };
    if (nonNull.length !== members.length) node = nonNull.length === 0 ? { type: 'null' } : { type: 'nullable', inner: node };
    return node;
  }
  switch (s.type) {
    case 'null':
      return { type: 'null' };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'int', ...bounds(s.minimum, s.maximum), side };
    case 'number':
      return { type: 'number', ...bounds(s.minimum, s.maximum) };
    case 'string':
      return { type: 'string', ...bounds(s.minLength, s.maxLength) };
    case 'array': {
      if (Array.isArray(s.prefixItems)) return { type: 'tuple', items: (s.prefixItems as JsonSchema[]).map((m) => readSchema(m, side)) };
      const items: GenNode = s.items && typeof s.items === 'object' ? readSchema(s.items as JsonSchema, side) : { type: 'unknown' };
      return { type: 'array', items, ...bounds(s.minItems, s.maxItems) };
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((s.required ?? []) as string[]);
      const shape = Object.entries(props).map(([k, v]): [string, GenNode] => {
        const node = readSchema(v, side);
        // A property that is neither required nor defaulted may be left out entirely.
        return [k, !required.has(k) && !('default' in v) ? { type: 'optional', inner: node } : node];
      });
      if (s.additionalProperties === true) return shape.length === 0 ? { type: 'record' } : { type: 'object', shape, keys: 'keep' };
      // Results: unknown keys pass (the client hands out the server's value, new fields included).
      if (side === 'output') return { type: 'object', shape, keys: 'strip' };
      const error = modelName && shape.length > 0 ? `Input should be a valid dictionary or instance of ${modelName}` : undefined;
      return { type: 'object', shape, keys: s.additionalProperties === false ? 'strict' : 'strip', ...(error ? { error } : {}) };
    }
    default:
      // `{}`: any JSON value
      return { type: 'unknown' };
  }
}

const literal = (value: unknown) => JSON.stringify(value);

/** TypeScript source of a node as a `SchemaNode` literal; references stay the names of their constants. */
export function printNode(n: GenNode): string {
  const opt = (entries: [string, unknown][]) =>
    entries
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `, ${k}: ${literal(v)}`)
      .join('');
  switch (n.type) {
    case 'ref':
      return n.name;
    case 'string':
    case 'int':
    case 'number':
      return `{ type: '${n.type}'${opt([
        ['min', n.min],
        ['max', n.max],
      ])} }`;
    case 'unknown':
    case 'null':
    case 'boolean':
    case 'record':
      return `{ type: '${n.type}' }`;
    case 'enum':
      return `{ type: 'enum', values: ${literal(n.values)} }`;
    case 'object': {
      const shape = n.shape.map(([k, v]) => `${literal(k)}: ${printNode(v)}`).join(', ');
      return `{ type: 'object', shape: { ${shape} }, keys: '${n.keys}'${opt([['error', n.error]])} }`;
    }
    case 'array':
      return `{ type: 'array', items: ${printNode(n.items)}${opt([
        ['min', n.min],
        ['max', n.max],
      ])} }`;
    case 'tuple':
      return `{ type: 'tuple', items: [${n.items.map(printNode).join(', ')}] }`;
    case 'union':
      return `{ type: 'union', options: [${n.options.map(printNode).join(', ')}]${opt([['tag', n.tag]])} }`;
    case 'nullable':
    case 'optional':
      return `{ type: '${n.type}', inner: ${printNode(n.inner)} }`;
    case 'default':
      return `{ type: 'default', inner: ${printNode(n.inner)}, value: ${literal(n.value)} }`;
  }
}
