/**
 * Turns the JSON Schema subset our schema files use into zod 4 source code. Objects keep the
 * schema's `additionalProperties` (false → strict, as TrueNAS rejects unknown keys), so that the
 * inferred input type of every validator equals the type openapi-typescript derives.
 */
import type { JsonSchema } from './schema-file.js';

const COMPONENT = '#/components/schemas/';

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function withDefault(code: string, schema: JsonSchema): string {
  return 'default' in schema ? `${code}.prefault(${literal(schema.default)})` : code;
}

/** Component names a schema refers to, for ordering the emitted constants. */
export function dependencies(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) dependencies(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') out.add(v.slice(COMPONENT.length));
      else dependencies(v, out);
    }
  }
  return out;
}

function numberChecks(code: string, s: JsonSchema): string {
  if (typeof s.minimum === 'number') code += `.min(${s.minimum})`;
  if (typeof s.maximum === 'number') code += `.max(${s.maximum})`;
  return code;
}

/**
 * zod expression for one schema. `ident` maps a component name to its constant's identifier.
 * `modelName` is the server's model class for a named object type: pydantic names it when the
 * input is not an object, and the validator repeats that wording.
 */
export function zodFor(schema: JsonSchema, ident: (component: string) => string, modelName?: string): string {
  const s = schema;
  if (typeof s.$ref === 'string') return withDefault(ident(s.$ref.slice(COMPONENT.length)), s);
  if ('const' in s) return withDefault(`z.literal(${literal(s.const)})`, s);
  if (Array.isArray(s.enum)) return withDefault(`z.enum(${literal(s.enum)})`, s);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const members = (s.anyOf ?? s.oneOf) as JsonSchema[];
    const nonNull = members.filter((m) => m.type !== 'null');
    const hasNull = nonNull.length !== members.length;
    let code: string;
    const disc = (s.discriminator as { propertyName?: string } | undefined)?.propertyName;
    if (nonNull.length === 1) code = zodFor(nonNull[0]!, ident);
    else if (disc) code = `z.discriminatedUnion(${literal(disc)}, [${nonNull.map((m) => zodFor(m, ident)).join(', ')}])`;
    else code = `z.union([${nonNull.map((m) => zodFor(m, ident)).join(', ')}])`;
    if (hasNull) code = nonNull.length === 0 ? 'z.null()' : `${code}.nullable()`;
    return withDefault(code, s);
  }
  switch (s.type) {
    case 'null':
      return withDefault('z.null()', s);
    case 'boolean':
      return withDefault('z.boolean()', s);
    case 'integer':
      return withDefault(numberChecks("z.int({ error: 'Input should be a valid integer' })", s), s);
    case 'number':
      return withDefault(numberChecks('z.number()', s), s);
    case 'string': {
      let code = 'z.string()';
      if (typeof s.minLength === 'number') code += `.min(${s.minLength})`;
      if (typeof s.maxLength === 'number') code += `.max(${s.maxLength})`;
      return withDefault(code, s);
    }
    case 'array': {
      if (Array.isArray(s.prefixItems)) {
        const items = (s.prefixItems as JsonSchema[]).map((m) => zodFor(m, ident));
        return withDefault(`z.tuple([${items.join(', ')}])`, s);
      }
      const item = s.items && typeof s.items === 'object' ? zodFor(s.items as JsonSchema, ident) : 'z.unknown()';
      let code = `z.array(${item})`;
      if (typeof s.minItems === 'number') code += `.min(${s.minItems})`;
      if (typeof s.maxItems === 'number') code += `.max(${s.maxItems})`;
      return withDefault(code, s);
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((s.required ?? []) as string[]);
      const entries = Object.entries(props).map(([k, v]) => {
        let code = zodFor(v, ident);
        // A property that is neither required nor defaulted may be left out entirely.
        if (!required.has(k) && !('default' in v)) code += '.optional()';
        return `${literal(k)}: ${code}`;
      });
      const shape = `{ ${entries.join(', ')} }`;
      const params =
        modelName && entries.length > 0 ? `, { error: ${literal(`Input should be a valid dictionary or instance of ${modelName}`)} }` : '';
      let code: string;
      if (s.additionalProperties === true) {
        code =
          entries.length === 0
            ? 'z.record(z.string(), z.unknown())'
            : `z.intersection(z.object(${shape}), z.record(z.string(), z.unknown()))`;
      } else if (s.additionalProperties === false) code = `z.strictObject(${shape}${params})`;
      else code = `z.object(${shape}${params})`;
      return withDefault(code, s);
    }
    default:
      // `{}`: any JSON value
      return withDefault('z.unknown()', s);
  }
}

/** Orders component names so that each comes after the components it refers to. */
export function topologicalOrder(components: Record<string, JsonSchema>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`schema: recursive type ${name} is not supported`);
    state.set(name, 'visiting');
    for (const dep of [...dependencies(components[name])].sort()) {
      if (!(dep in components)) throw new Error(`schema: ${name} refers to unknown type ${dep}`);
      visit(dep);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(components).sort()) visit(name);
  return order;
}
