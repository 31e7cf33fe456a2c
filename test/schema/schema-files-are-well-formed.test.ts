/**
 * Invariants of every schema file: formatting, resolvable references, documentation on everything
 * a user sees (methods, events, arguments, properties), REST routes only where REST exists.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type JsonSchema, loadSchemas } from '../../scripts/lib/schema-file.js';

const dir = resolve(import.meta.dirname, '../../schema');
const schemas = loadSchemas(dir);

/** Every node of a JSON value, with its path. */
function* walk(node: unknown, path: string): Generator<[string, JsonSchema]> {
  if (Array.isArray(node)) for (const [i, n] of node.entries()) yield* walk(n, `${path}[${i}]`);
  else if (node && typeof node === 'object') {
    yield [path, node as JsonSchema];
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}.${k}`);
  }
}

describe.each(schemas.map((s) => [s.file, s.data] as const))('%s', (file, schema) => {
  test('is formatted as 2-space JSON with a final newline', () => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  test('every $ref resolves to a $def', () => {
    for (const [path, node] of walk(schema, '')) {
      if (typeof node.$ref === 'string') {
        expect(node.$ref, path).toMatch(/^#\/\$defs\//);
        expect(schema.$defs, `${path}: ${node.$ref}`).toHaveProperty([node.$ref.slice('#/$defs/'.length)]);
      }
    }
  });

  test('methods and events are sorted by name and documented', () => {
    const names = schema.methods.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(schema.events.map((e) => e.name)).toEqual(schema.events.map((e) => e.name).sort());
    for (const m of schema.methods) {
      expect(m.doc.length, m.name).toBeGreaterThan(20);
      const args = m.schemas.properties['Call parameters'];
      expect(args.items).toBe(false);
      for (const a of args.prefixItems) {
        expect(typeof a.title, `${m.name} argument`).toBe('string');
        expect(typeof a.description, `${m.name}(${String(a.title)})`).toBe('string');
      }
      expect(typeof m.schemas.properties['Return value'].description, `${m.name} result`).toBe('string');
    }
    for (const e of schema.events) expect(e.doc.length, e.name).toBeGreaterThan(20);
  });

  test('every named type and every property is described', () => {
    for (const [name, def] of Object.entries(schema.$defs)) {
      expect(typeof def.description, name).toBe('string');
      expect(def.title, name).toBe(name);
    }
    for (const [path, node] of walk(schema.$defs, '$defs')) {
      const props = node.properties as Record<string, JsonSchema> | undefined;
      if (node.type !== 'object' || !props) continue;
      for (const [key, value] of Object.entries(props)) expect(typeof value.description, `${path}.${key}`).toBe('string');
    }
  });

  test('REST routes exist only in versions with REST', () => {
    for (const m of schema.methods) {
      if (!schema.rest) expect(m.rest, m.name).toBeNull();
      else if (m.rest) expect(m.rest.path, m.name).toMatch(/^\/[a-z_/]+$/);
    }
  });
});
