/**
 * Writes schema nodes (nodes.ts) as zod source code for `zod/mini` (imported as a namespace, which
 * bundlers tree-shake): the validators the `schema` entry exports. The inferred input type of every
 * validator equals the type typescript.ts declares for the same schema (the validators-match-types
 * test pins it), and they pass and refuse what the client's nodes do (nodes-agree-with-zod).
 */
import type { GenNode } from './nodes.js';

const literal = (value: unknown) => JSON.stringify(value);

function withChecks(code: string, checks: string[]): string {
  return checks.length ? `${code}.check(${checks.join(', ')})` : code;
}

const range = (n: { min?: number; max?: number }) => [
  ...(n.min !== undefined ? [`z.minimum(${n.min})`] : []),
  ...(n.max !== undefined ? [`z.maximum(${n.max})`] : []),
];
const length = (n: { min?: number; max?: number }) => [
  ...(n.min !== undefined ? [`z.minLength(${n.min})`] : []),
  ...(n.max !== undefined ? [`z.maxLength(${n.max})`] : []),
];

/** zod expression for one node. */
export function zodFor(n: GenNode): string {
  switch (n.type) {
    case 'ref':
      return n.name;
    case 'default':
      return `z.prefault(${zodFor(n.inner)}, ${literal(n.value)})`;
    case 'optional':
    case 'nullable':
      return `z.${n.type}(${zodFor(n.inner)})`;
    case 'enum':
      return n.literal ? `z.literal(${literal(n.values[0])})` : `z.enum(${literal(n.values)})`;
    case 'union':
      return n.tag
        ? `z.discriminatedUnion(${literal(n.tag)}, [${n.options.map(zodFor).join(', ')}])`
        : `z.union([${n.options.map(zodFor).join(', ')}])`;
    case 'null':
    case 'boolean':
    case 'unknown':
      return `z.${n.type}()`;
    case 'record':
      return 'z.record(z.string(), z.unknown())';
    case 'int':
      // zod cannot tell "not an integer" from "not a number" in its issue; pydantic's words travel with the check.
      return withChecks(n.side === 'input' ? 'z.int(INTEGER)' : 'z.int()', range(n));
    case 'number':
      return withChecks('z.number()', range(n));
    case 'string':
      if (n.known) return `z.string() as Known<${n.known.map(literal).join(' | ')}>`;
      return withChecks('z.string()', length(n));
    case 'array':
      return withChecks(`z.array(${zodFor(n.items)})`, length(n));
    case 'tuple':
      return `z.tuple([${n.items.map(zodFor).join(', ')}])`;
    case 'object': {
      const shape = `{ ${n.shape.map(([k, v]) => `${literal(k)}: ${zodFor(v)}`).join(', ')} }`;
      const params = n.error ? `, { error: ${literal(n.error)} }` : '';
      return `${{ strict: 'z.strictObject', strip: 'z.object', keep: 'z.looseObject' }[n.keys]}(${shape}${params})`;
    }
  }
}
