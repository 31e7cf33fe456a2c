/**
 * The schema-node checker on its own (src/validation/schema-check.ts, validator.ts): what the
 * generated schemas lean on, in pydantic's words. nodes-agree-with-zod.test.ts compares it with
 * zod on every real schema; these pin the details a user sees.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../../src/types/schema-node.js';
import { checkSchema } from '../../src/validation/schema-check.js';
import { validator } from '../../src/validation/validator.js';

const INT: SchemaNode = { type: 'int', min: 0, max: 60 };
const Options: SchemaNode = {
  type: 'object',
  shape: {
    timeout: { type: 'default', inner: INT, value: 0 },
    tags: { type: 'default', inner: { type: 'array', items: { type: 'string' } }, value: [] },
  },
  keys: 'strict',
  error: 'Input should be a valid dictionary or instance of Options',
};

describe('checkSchema', () => {
  it('fills defaults with a fresh copy each time', () => {
    const first = checkSchema(Options, {});
    expect(first).toEqual({ ok: true, value: { timeout: 0, tags: [] } });
    ((first as { value: { tags: string[] } }).value.tags as string[]).push('changed');
    expect(checkSchema(Options, {})).toEqual({ ok: true, value: { timeout: 0, tags: [] } });
  });

  it('names every problem with its path, unknown keys after the known ones', () => {
    const check = checkSchema(Options, { colour: 'red', timeout: 61, tags: ['a', 5] });
    expect(check).toEqual({
      ok: false,
      issues: [
        { code: 'too_big', path: ['timeout'], message: 'Input should be less than or equal to 60' },
        { code: 'invalid_type', path: ['tags', 1], message: 'Input should be a valid string' },
        { code: 'unrecognized_keys', path: ['colour'], message: 'Extra inputs are not permitted' },
      ],
    });
    expect(checkSchema(Options, [])).toMatchObject({ issues: [{ message: 'Input should be a valid dictionary or instance of Options' }] });
  });

  it('leaves unknown keys out of a non-strict model, and keeps them in a lenient one', () => {
    const shape = { id: { type: 'int' } } as const;
    expect(checkSchema({ type: 'object', shape, keys: 'strip' }, { id: 1, extra: 2 })).toEqual({ ok: true, value: { id: 1 } });
    expect(checkSchema({ type: 'object', shape, keys: 'keep' }, { id: 1, extra: 2 })).toEqual({ ok: true, value: { id: 1, extra: 2 } });
    expect(checkSchema({ type: 'object', shape: { any: { type: 'unknown' } }, keys: 'strip' }, {})).toMatchObject({
      issues: [{ code: 'missing', path: ['any'], message: 'Field required' }],
    });
  });

  it('integers: fractions, non-finite numbers and numbers past the safe range are refused', () => {
    for (const v of [1.5, Number.NaN, Number.POSITIVE_INFINITY, '1'])
      expect(checkSchema({ type: 'int' }, v)).toMatchObject({ issues: [{ message: 'Input should be a valid integer' }] });
    expect(checkSchema({ type: 'int' }, 2 ** 60)).toMatchObject({
      issues: [{ message: 'Input should be less than or equal to 9007199254740991' }],
    });
  });

  it('a tagged union reports a bad or missing tag at the union, as pydantic does', () => {
    const option = (tag: string): SchemaNode => ({ type: 'object', shape: { kind: { type: 'enum', values: [tag] } }, keys: 'strip' });
    const node: SchemaNode = { type: 'union', options: [option('A'), option('B')], tag: 'kind' };
    expect(checkSchema(node, { kind: 'C' })).toMatchObject({
      issues: [{ path: [], message: "Input tag 'C' found using 'kind' does not match any of the expected tags: 'A', 'B'" }],
    });
    expect(checkSchema(node, {})).toMatchObject({ issues: [{ message: "Unable to extract tag using discriminator 'kind'" }] });
    expect(checkSchema(node, { kind: 'B', more: 1 })).toEqual({ ok: true, value: { kind: 'B' } });
  });

  it('a tuple leaves trailing optional items out and fills defaulted ones', () => {
    const node: SchemaNode = {
      type: 'tuple',
      items: [{ type: 'string' }, { type: 'default', inner: { type: 'int' }, value: 3 }, { type: 'optional', inner: { type: 'boolean' } }],
    };
    expect(checkSchema(node, ['x'])).toEqual({ ok: true, value: ['x', 3] });
    expect(checkSchema(node, [])).toMatchObject({
      issues: [{ code: 'too_small', message: 'List should have at least 1 item after validation' }],
    });
    expect(checkSchema(node, ['x', 1, true, 4])).toMatchObject({
      issues: [{ code: 'too_big', message: 'List should have at most 3 items after validation' }],
    });
  });
});

describe('validator', () => {
  it('safeParse: the value, or an error whose message names each path', () => {
    const v = validator(Options);
    expect(v.node).toBe(Options);
    expect(v.safeParse({ timeout: 5 })).toEqual({ success: true, data: { timeout: 5, tags: [] } });
    const bad = v.safeParse({ timeout: 'x', tags: [1] });
    expect(bad.success).toBe(false);
    expect(bad.error?.message).toBe('timeout: Input should be a valid integer; tags.0: Input should be a valid string');
  });
});
