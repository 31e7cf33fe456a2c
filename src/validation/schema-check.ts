/**
 * Checks a value against a schema node (src/types/schema-node.ts) and reports each problem in the
 * words of the server's pydantic layer ("Input should be a valid integer", "Field required",
 * "Extra inputs are not permitted"), with its path. On success it returns the value as the server
 * would use it: defaults filled in, unknown keys of a non-strict model left out.
 *
 * Ours rather than zod's: the client and the simulator checked with zod/mini validators before.
 * This walk does the same for the subset our schemas use (the `schema` entry still exports zod
 * validators, and test/validation/nodes-agree-with-zod.test.ts holds both to the same verdicts),
 * at about a third of the size in a browser bundle (zod/mini and one version's validators were
 * 10.5 kB gzip of 45 kB) and without zod's load time on import (about 80 ms).
 */
import type { SchemaNode } from '../types/schema-node.js';

/** One problem: what kind, where (keys and indexes from the root), and pydantic's message. */
export interface SchemaIssue {
  code: 'missing' | 'invalid_type' | 'invalid_value' | 'unrecognized_keys' | 'too_small' | 'too_big' | 'invalid_union';
  path: PropertyKey[];
  message: string;
}

export type SchemaCheck = { ok: true; value: unknown } | { ok: false; issues: SchemaIssue[] };

const TYPE_MESSAGE: Record<string, string> = {
  int: 'Input should be a valid integer',
  number: 'Input should be a valid number',
  boolean: 'Input should be a valid boolean',
  string: 'Input should be a valid string',
  null: 'Input should be None',
  array: 'Input should be a valid list',
  tuple: 'Input should be a valid list',
  object: 'Input should be a valid dictionary',
  record: 'Input should be a valid dictionary',
  union: 'Input should be a valid dictionary',
};

export const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const orList = (values: readonly unknown[]) =>
  values.length <= 1 ? values.map(quote).join('') : `${values.slice(0, -1).map(quote).join(', ')} or ${quote(values[values.length - 1])}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** True when the node takes a missing value (an optional item or key, or one with a default). */
export const mayBeLeftOut = (node: SchemaNode) => node.type === 'optional' || node.type === 'default';

/** How many leading items of a tuple must be given: up to the last one that may not be left out. */
export function requiredItems(items: readonly SchemaNode[]): number {
  let n = items.length;
  while (n > 0 && mayBeLeftOut(items[n - 1]!)) n--;
  return n;
}

/** The values a tagged union's option takes at the tag. */
function tagValues(option: SchemaNode, tag: string): readonly unknown[] {
  const at = option.type === 'object' ? option.shape[tag] : undefined;
  return at?.type === 'enum' ? at.values : [];
}

class Walk {
  readonly issues: SchemaIssue[] = [];

  private fail(code: SchemaIssue['code'], path: PropertyKey[], message: string): undefined {
    this.issues.push({ code, path, message });
    return undefined;
  }

  private bounds(value: number, node: { min?: number; max?: number }, path: PropertyKey[], what?: string): void {
    if (what === undefined) {
      if (node.min !== undefined && value < node.min) this.fail('too_small', path, `Input should be greater than or equal to ${node.min}`);
      if (node.max !== undefined && value > node.max) this.fail('too_big', path, `Input should be less than or equal to ${node.max}`);
      return;
    }
    const [kind, unit, tail] = what === 'string' ? ['String', 'character', ''] : ['List', 'item', ' after validation'];
    if (node.min !== undefined && value < node.min)
      this.fail('too_small', path, `${kind} should have at least ${plural(node.min, unit)}${tail}`);
    if (node.max !== undefined && value > node.max)
      this.fail('too_big', path, `${kind} should have at most ${plural(node.max, unit)}${tail}`);
  }

  run(node: SchemaNode, value: unknown, path: PropertyKey[]): unknown {
    switch (node.type) {
      case 'default':
        // A fresh copy each time: the value handed out may be changed by its user.
        return this.run(node.inner, value === undefined ? structuredClone(node.value) : value, path);
      case 'optional':
        return value === undefined ? undefined : this.run(node.inner, value, path);
      case 'nullable':
        return value === null ? null : this.run(node.inner, value, path);
      case 'unknown':
        return value;
    }
    if (value === undefined) return this.fail('missing', path, 'Field required');
    const wrongType = () => this.fail('invalid_type', path, (node.type === 'object' && node.error) || TYPE_MESSAGE[node.type]!);
    switch (node.type) {
      case 'null':
        return value === null ? null : wrongType();
      case 'boolean':
        return typeof value === 'boolean' ? value : wrongType();
      case 'string':
        if (typeof value !== 'string') return wrongType();
        this.bounds(value.length, node, path, 'string');
        return value;
      case 'int':
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value) || (node.type === 'int' && !Number.isInteger(value))) return wrongType();
        if (node.type === 'int' && !Number.isSafeInteger(value))
          this.bounds(value, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }, path);
        this.bounds(value, node, path);
        return value;
      case 'enum':
        return node.values.includes(value) ? value : this.fail('invalid_value', path, `Input should be ${orList(node.values)}`);
      case 'record':
        return isPlainObject(value) ? { ...value } : wrongType();
      case 'array': {
        if (!Array.isArray(value)) return wrongType();
        const out = value.map((item, i) => this.run(node.items, item, [...path, i]));
        this.bounds(value.length, node, path, 'array');
        return out;
      }
      case 'tuple': {
        if (!Array.isArray(value)) return wrongType();
        const required = requiredItems(node.items);
        if (value.length < required) return this.bounds(value.length, { min: required }, path, 'array');
        if (value.length > node.items.length) return this.bounds(value.length, { max: node.items.length }, path, 'array');
        const out = node.items.map((item, i) => this.run(item, value[i], [...path, i]));
        // Optional items left out at the end stay out; defaults fill in.
        while (out.length > value.length && out[out.length - 1] === undefined) out.pop();
        return out;
      }
      case 'object': {
        if (!isObject(value)) return wrongType();
        const out: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(node.shape)) {
          // A key of any type must still be there, unless it may be left out.
          if (field.type === 'unknown' && !Object.hasOwn(value, key)) this.fail('missing', [...path, key], 'Field required');
          const v = this.run(field, Object.hasOwn(value, key) ? value[key] : undefined, [...path, key]);
          if (v !== undefined) out[key] = v;
        }
        for (const key of Object.keys(value)) {
          if (Object.hasOwn(node.shape, key)) continue;
          if (node.keys === 'strict') this.fail('unrecognized_keys', [...path, key], 'Extra inputs are not permitted');
          else if (node.keys === 'keep') out[key] = value[key];
        }
        return out;
      }
      case 'union':
        return node.tag === undefined ? this.union(node.options, value, path) : this.tagged(node.options, node.tag, value, path);
    }
  }

  /** The first option the value passes; otherwise one issue for the union. */
  private union(options: readonly SchemaNode[], value: unknown, path: PropertyKey[]): unknown {
    for (const option of options) {
      const walk = new Walk();
      const out = walk.run(option, value, path);
      if (walk.issues.length === 0) return out;
    }
    // pydantic lists each member's problems; one line for the union is ours (zod's wording, as before).
    return this.fail('invalid_union', path, 'Invalid input');
  }

  /** A tagged union: the option is chosen by the tag, and pydantic reports a bad tag at the union itself. */
  private tagged(options: readonly SchemaNode[], tag: string, value: unknown, path: PropertyKey[]): unknown {
    if (!isObject(value)) return this.fail('invalid_type', path, TYPE_MESSAGE.union!);
    const option = options.find((o) => tagValues(o, tag).includes(value[tag]));
    if (option) return this.run(option, value, path);
    if (value[tag] === undefined) return this.fail('invalid_union', path, `Unable to extract tag using discriminator '${tag}'`);
    const expected = options.flatMap((o) => tagValues(o, tag)).map(quote);
    return this.fail(
      'invalid_union',
      path,
      `Input tag ${quote(value[tag])} found using '${tag}' does not match any of the expected tags: ${expected.join(', ')}`,
    );
  }
}

/** Checks `value` against `node`: the value the server would use, or every problem found. */
export function checkSchema(node: SchemaNode, value: unknown): SchemaCheck {
  const walk = new Walk();
  const out = walk.run(node, value, []);
  return walk.issues.length ? { ok: false, issues: walk.issues } : { ok: true, value: out };
}
