/**
 * Argument checking as TrueNAS 25.04 does it for methods still declared with `@accepts` (the
 * `middlewared.schema` package: `Dict`, `Int`, `Str`, `Bool`, `List`): each argument is first
 * cleaned (type checks with that layer's texts and its conversions: an integer in a string becomes
 * the integer, an integer where a string is expected becomes the string), then, if clean, validated
 * (ranges). The structure comes from the same schema nodes as everywhere else; this walks them.
 *
 * Followed: `Attribute.clean`, `Int.clean`, `Float.clean`, `Str.clean`, `Bool.clean`,
 * `EnumMixin.clean`, `Dict.clean`, `List.clean`, `validators.Range` and `accepts()` in
 * `middlewared/schema/` and `middlewared/validators.py` at TS-25.04.2. Not followed: the query
 * filter validator of `core.get_jobs`; unions and tuples are left to schema-check.ts, and what it
 * finds there is reported in pydantic's words.
 */
import { ERRNO } from '../errors/errno.js';
import type { MethodDescription } from '../types/api-description.js';
import type { ArgumentsCheck, ValidationIssue } from '../types/arguments-check.js';
import type { SchemaNode } from '../types/schema-node.js';
import { mayBeLeftOut } from './schema-check.js';

/** Python's `str()` of a JSON value, as the layer puts it into "Invalid choice: …". */
function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Python's `int(str)`: optional sign, digits with single underscores between them, surrounding whitespace. */
const INT_STRING = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

class Cleaner {
  readonly issues: ValidationIssue[] = [];

  private fail(attribute: string, message: string): undefined {
    this.issues.push({ attribute, message, errno: ERRNO.EINVAL });
    return undefined;
  }

  /** `Attribute.clean` and the type's own clean; returns the cleaned value. */
  clean(node: SchemaNode, value: unknown, name: string): unknown {
    switch (node.type) {
      case 'default':
      case 'optional':
        return value === undefined ? undefined : this.clean(node.inner, value, name);
      case 'nullable':
        return value === null ? null : this.clean(node.inner, value, name);
    }
    if (value === null && node.type !== 'null' && node.type !== 'unknown') return this.fail(name, 'null not allowed');
    switch (node.type) {
      case 'int':
        return this.integer(value, name);
      case 'number':
        return this.float(value, name);
      case 'boolean':
        return typeof value === 'boolean' ? value : this.fail(name, 'Not a boolean');
      case 'string':
        return this.string(value, name, node);
      case 'enum':
        return node.values.includes(value) ? value : this.fail(name, `Invalid choice: ${pythonStr(value)}`);
      case 'object':
        return this.dict(value, name, node);
      case 'record':
        return typeof value === 'object' && !Array.isArray(value) ? value : this.fail(name, 'A dict was expected');
      case 'array':
        return this.list(value, name, node);
      default:
        // Unions, tuples, any: checked by schema-check.ts afterwards.
        return value;
    }
  }

  private integer(value: unknown, name: string): unknown {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && INT_STRING.test(value)) return Number(value.replaceAll('_', '').trim());
    return this.fail(name, 'Not an integer');
  }

  private float(value: unknown, name: string): unknown {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    return this.fail(name, 'Not a floating point number');
  }

  private string(value: unknown, name: string, node: { min?: number }): unknown {
    let text = value;
    if (typeof value === 'number' && Number.isInteger(value)) text = String(value);
    if (typeof text !== 'string') return this.fail(name, 'Not a string');
    // `Str(empty=False)`, which our schema states as a minimum length of 1.
    const nonEmpty = (node.min ?? 0) > 0;
    if (nonEmpty && text.trim() === '') return this.fail(name, 'Empty value not allowed');
    return text;
  }

  private dict(value: unknown, name: string, node: Extract<SchemaNode, { type: 'object' }>): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(name, 'A dict was expected');
    const shape = node.shape;
    const strict = node.keys === 'strict';
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!Object.hasOwn(shape, key)) {
        if (strict) this.fail(`${name}.${key}`, 'Field was not expected');
        else out[key] = v;
        continue;
      }
      out[key] = this.clean(shape[key]!, v, `${name}.${key}`);
    }
    for (const [key, field] of Object.entries(shape)) {
      if (!(key in value) && !mayBeLeftOut(field)) this.fail(`${name}.${key}`, 'attribute required');
    }
    return out;
  }

  /**
   * `List.clean`: the first item that fails ends the check, its own problem quoted. The server
   * quotes it under the item schema's name, which our schema does not keep: the list's path stands in.
   */
  private list(value: unknown, name: string, node: Extract<SchemaNode, { type: 'array' }>): unknown {
    if (!Array.isArray(value)) return this.fail(name, 'Not a list');
    const out: unknown[] = [];
    for (const [index, item] of value.entries()) {
      const inner = new Cleaner();
      out.push(inner.clean(node.items, item, name));
      const first = inner.issues[0];
      if (first) return this.fail(name, `Item#${index} is not valid per list types: [${first.attribute}] ${first.message}`);
    }
    return out;
  }
}

/** `validators.Range` as the layer words it: floats keep their `.0`. */
function rangeIssue(value: number, name: string, node: { min?: number; max?: number }, isFloat: boolean): ValidationIssue | undefined {
  const { min, max } = node;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return undefined;
  const show = (n: number) => (isFloat && Number.isInteger(n) ? `${n}.0` : String(n));
  const text =
    min !== undefined && max !== undefined
      ? `between ${show(min)} and ${show(max)}`
      : min !== undefined
        ? `greater than or equal to ${show(min)}`
        : `less than or equal to ${show(max!)}`;
  return { attribute: name, message: `Should be ${text}`, errno: ERRNO.EINVAL };
}

/** `Str`'s length limit when it states none (SQLite's text columns). */
const MAX_STRING = 1024;

/** The validate step: ranges of numbers, lengths of strings, in a cleaned argument. */
function validate(node: SchemaNode, value: unknown, name: string, out: ValidationIssue[]): void {
  if ('inner' in node) validate(node.inner, value, name, out);
  else if ((node.type === 'int' || node.type === 'number') && typeof value === 'number') {
    const issue = rangeIssue(value, name, node, node.type === 'number');
    if (issue) out.push(issue);
  } else if (node.type === 'string' && typeof value === 'string' && value.length > MAX_STRING) {
    out.push({ attribute: name, message: `The value may not be longer than ${MAX_STRING} characters`, errno: ERRNO.EINVAL });
  } else if (node.type === 'object' && value && typeof value === 'object') {
    for (const [key, field] of Object.entries(node.shape)) {
      if (key in value) validate(field, (value as Record<string, unknown>)[key], `${name}.${key}`, out);
    }
  }
}

/**
 * Cleans and validates the positional arguments of `method` the 25.04 way, walking the elements of
 * its argument tuple. Returns the cleaned arguments (defaults not applied yet) or the issues.
 */
export function cleanLegacyArguments(method: MethodDescription, params: readonly unknown[]): ArgumentsCheck {
  const args = method.args.node;
  const items = args.type === 'tuple' ? args.items : [];
  const names = method.arguments.map((a) => a.name);
  const issues: ValidationIssue[] = [];
  const value = items.map((item, i) => {
    const cleaner = new Cleaner();
    const name = names[i]!;
    // A missing argument takes its default, or is "attribute required" (Attribute.clean of NOT_PROVIDED).
    if (i >= params.length) {
      if (!mayBeLeftOut(item)) issues.push({ attribute: name, message: 'attribute required', errno: ERRNO.EINVAL });
      return undefined;
    }
    const cleaned = cleaner.clean(item, params[i], name);
    if (cleaner.issues.length) issues.push(...cleaner.issues);
    else validate(item, cleaned, name, issues);
    return cleaned;
  });
  return issues.length ? { ok: false, issues } : { ok: true, value };
}
