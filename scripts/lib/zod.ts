/**
 * Turns the JSON Schema subset of our schema files into zod source code, written for `zod/mini`
 * (imported as a namespace, which bundlers tree-shake: one version's validators with zod cost a
 * few kB in a browser bundle, against about 20 kB for zod's classic API).
 *
 * Arguments (input side) are validated as strictly as the server does: `additionalProperties:
 * false` rejects unknown keys, enums reject other values. Results and event payloads (output
 * side) are validated leniently, because a newer server adds fields and values: objects let
 * unknown keys through and string enums accept any string. The inferred input type of every
 * validator equals the type typescript.ts declares for the same node.
 */
import type { JsonSchema } from '../../src/types/schema-file.js';
import type { Side } from './family.js';
import { knownValues } from './typescript.js';

const COMPONENT = '#/components/schemas/';

const literal = (value: unknown) => JSON.stringify(value);

function withDefault(code: string, schema: JsonSchema): string {
  return 'default' in schema ? `z.prefault(${code}, ${literal(schema.default)})` : code;
}

function withChecks(code: string, checks: string[]): string {
  return checks.length ? `${code}.check(${checks.join(', ')})` : code;
}

/**
 * zod expression for one schema node. `modelName` is the server's model class for a named object
 * type: pydantic names it when an argument is not an object, and the validator repeats that.
 */
export function zodFor(s: JsonSchema, side: Side, modelName?: string): string {
  if (typeof s.$ref === 'string') return withDefault(s.$ref.slice(COMPONENT.length), s);
  if ('const' in s) return withDefault(`z.literal(${literal(s.const)})`, s);
  const known = knownValues(s, side);
  // Any string passes; the type keeps the known values as editor hints.
  if (known) return withDefault(`z.string() as Known<${known.map(literal).join(' | ')}>`, s);
  if (Array.isArray(s.enum)) return withDefault(`z.enum(${literal(s.enum)})`, s);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const members = (s.anyOf ?? s.oneOf) as JsonSchema[];
    const nonNull = members.filter((m) => m.type !== 'null');
    const disc = (s.discriminator as { propertyName?: string } | undefined)?.propertyName;
    let code: string;
    if (nonNull.length === 1) code = zodFor(nonNull[0]!, side);
    else if (disc) code = `z.discriminatedUnion(${literal(disc)}, [${nonNull.map((m) => zodFor(m, side)).join(', ')}])`;
    else code = `z.union([${nonNull.map((m) => zodFor(m, side)).join(', ')}])`;
    if (nonNull.length !== members.length) code = nonNull.length === 0 ? 'z.null()' : `z.nullable(${code})`;
    return withDefault(code, s);
  }
  const range = [
    ...(typeof s.minimum === 'number' ? [`z.minimum(${s.minimum})`] : []),
    ...(typeof s.maximum === 'number' ? [`z.maximum(${s.maximum})`] : []),
  ];
  const length = (min: unknown, max: unknown) => [
    ...(typeof min === 'number' ? [`z.minLength(${min})`] : []),
    ...(typeof max === 'number' ? [`z.maxLength(${max})`] : []),
  ];
  switch (s.type) {
    case 'null':
      return withDefault('z.null()', s);
    case 'boolean':
      return withDefault('z.boolean()', s);
    case 'integer':
      // zod cannot tell "not an integer" from "not a number" in its issue; pydantic's words travel with the check.
      return withDefault(withChecks(side === 'input' ? 'z.int(INTEGER)' : 'z.int()', range), s);
    case 'number':
      return withDefault(withChecks('z.number()', range), s);
    case 'string':
      return withDefault(withChecks('z.string()', length(s.minLength, s.maxLength)), s);
    case 'array': {
      if (Array.isArray(s.prefixItems)) {
        return withDefault(`z.tuple([${(s.prefixItems as JsonSchema[]).map((m) => zodFor(m, side)).join(', ')}])`, s);
      }
      const item = s.items && typeof s.items === 'object' ? zodFor(s.items as JsonSchema, side) : 'z.unknown()';
      return withDefault(withChecks(`z.array(${item})`, length(s.minItems, s.maxItems)), s);
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((s.required ?? []) as string[]);
      const entries = Object.entries(props).map(([k, v]) => {
        const code = zodFor(v, side);
        // A property that is neither required nor defaulted may be left out entirely.
        return `${literal(k)}: ${!required.has(k) && !('default' in v) ? `z.optional(${code})` : code}`;
      });
      if (s.additionalProperties === true) {
        return withDefault(entries.length === 0 ? 'z.record(z.string(), z.unknown())' : `z.looseObject({ ${entries.join(', ')} })`, s);
      }
      const shape = `{ ${entries.join(', ')} }`;
      // Results: unknown keys pass (the client hands out the server's value, new fields included).
      if (side === 'output') return withDefault(`z.object(${shape})`, s);
      const params =
        modelName && entries.length > 0 ? `, { error: ${literal(`Input should be a valid dictionary or instance of ${modelName}`)} }` : '';
      return withDefault(`${s.additionalProperties === false ? 'z.strictObject' : 'z.object'}(${shape}${params})`, s);
    }
    default:
      // `{}`: any JSON value
      return withDefault('z.unknown()', s);
  }
}
