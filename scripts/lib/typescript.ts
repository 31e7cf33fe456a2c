/**
 * Turns the JSON Schema subset of our schema files into TypeScript declarations, one named export
 * per component with its description as JSDoc (hover text in an editor).
 *
 * Our own emitter rather than openapi-typescript: we need one named export per component (so that
 * a version that differs from another in one type re-exports the rest, see family.ts), result-side
 * leniency (`'A' | 'B' | (string & {})` for strings newer servers may extend) and the same reading
 * of the schema as the zod emitter next to it, which the validators-match-types test pins.
 */
import type { JsonSchema } from '../../src/types/schema-file.js';
import type { Side } from './family.js';
import { jsdoc } from './jsdoc.js';

const COMPONENT = '#/components/schemas/';

/** String values the schema lists for a string: an output-side `enum`, or `examples` on a plain string. */
export function knownValues(s: JsonSchema, side: Side): string[] | undefined {
  const values =
    Array.isArray(s.enum) && side === 'output' ? s.enum : s.type === 'string' && Array.isArray(s.examples) ? s.examples : undefined;
  return values?.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
}

/** True when the node's type is written as a union (it needs parentheses as an array item). */
function isUnion(s: JsonSchema, side: Side): boolean {
  if (typeof s.$ref === 'string' || 'const' in s) return false;
  const members = (s.anyOf ?? s.oneOf ?? s.enum) as unknown[] | undefined;
  return knownValues(s, side) !== undefined || (Array.isArray(members) && members.length > 1);
}

/** Property docs: the description, and the default when there is one. */
function propertyDoc(s: JsonSchema): string[] {
  const lines: string[] = [];
  if (typeof s.description === 'string') lines.push(s.description);
  if ('default' in s) lines.push(`@default ${JSON.stringify(s.default)}`);
  return lines;
}

/** TypeScript type of one schema node; multi-line object literals are indented by `indent`. */
export function tsFor(s: JsonSchema, side: Side, indent = ''): string {
  if (typeof s.$ref === 'string') return s.$ref.slice(COMPONENT.length);
  if ('const' in s) return JSON.stringify(s.const);
  const known = knownValues(s, side);
  if (known) return [...known.map((v) => JSON.stringify(v)), '(string & {})'].join(' | ');
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const members = (s.anyOf ?? s.oneOf) as JsonSchema[];
    return members.map((m) => (m.type === 'null' ? 'null' : tsFor(m, side, indent))).join(' | ');
  }
  switch (s.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'array': {
      if (Array.isArray(s.prefixItems)) return `[${(s.prefixItems as JsonSchema[]).map((m) => tsFor(m, side, indent)).join(', ')}]`;
      if (!s.items || typeof s.items !== 'object') return 'unknown[]';
      const item = tsFor(s.items as JsonSchema, side, indent);
      return isUnion(s.items as JsonSchema, side) ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      return objectType(s, side, indent);
    default:
      // `{}`: any JSON value
      return 'unknown';
  }
}

/** `{ ... }` with one documented line per property. */
function objectType(s: JsonSchema, side: Side, indent: string): string {
  const props = Object.entries((s.properties ?? {}) as Record<string, JsonSchema>);
  if (props.length === 0) return s.additionalProperties === true ? '{ [key: string]: unknown }' : 'Record<string, never>';
  return `{\n${members(s, side, `${indent}  `)}${indent}}`;
}

/** The member lines of an object type (its properties and, when open, an index signature). */
export function members(s: JsonSchema, side: Side, indent: string): string {
  const required = new Set((s.required ?? []) as string[]);
  let out = '';
  for (const [key, value] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    // Optional when neither required nor defaulted… and when defaulted too: the caller may omit it.
    const optional = !required.has(key) || 'default' in value;
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    out += `${jsdoc(propertyDoc(value), indent)}${indent}${name}${optional ? '?' : ''}: ${tsFor(value, side, indent)};\n`;
  }
  if (s.additionalProperties === true) out += `${indent}[key: string]: unknown;\n`;
  return out;
}

/** The declaration of one component: an interface for object types, a type alias otherwise. */
export function declaration(name: string, s: JsonSchema, side: Side): string {
  const doc = jsdoc([typeof s.description === 'string' ? s.description : undefined]);
  const isInterface = s.type === 'object' && Object.keys((s.properties ?? {}) as object).length > 0 && !('$ref' in s);
  if (isInterface) return `${doc}export interface ${name} {\n${members(s, side, '  ')}}`;
  return `${doc}export type ${name} = ${tsFor(s, side)};`;
}
