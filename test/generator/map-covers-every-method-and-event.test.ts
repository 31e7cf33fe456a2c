/**
 * Every method and event of every schema file reaches the generated code: in the method map (calls
 * and jobs as separate key spaces, events apart), in the client namespaces and in the runtime
 * description, each with JSDoc taken from the schema; and every described field carries its
 * description into the generated types.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { type JsonSchema, loadSchemas, versionId, versionsOf } from '../../scripts/lib/schema-file.js';
import { API_VERSIONS, apiDescription } from '../../src/generated/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemas = loadSchemas(join(root, 'schema'));

/** The lines of the interface `name` in a generated module. */
function block(text: string, start: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(start));
  expect(from, `${start} not found`).toBeGreaterThanOrEqual(0);
  const to = lines.findIndex((l, i) => i > from && l === '}');
  return lines.slice(from, to + 1);
}

/** The JSDoc block right above line `index`, or undefined. */
function jsdocAbove(lines: string[], index: number): string | undefined {
  if (!lines[index - 1]?.trim().endsWith('*/')) return undefined;
  let i = index - 1;
  while (i >= 0 && !lines[i]!.trim().startsWith('/**')) i--;
  return lines.slice(i, index).join('\n');
}

const firstSentence = (doc: string) => doc.split(/(?<=\.) /)[0]!.replace(/\*\//g, '*\\/');

describe.each(schemas.map((s) => [s.file, s.data] as const))('%s', (_file, schema) => {
  const dir = join(root, 'src/generated', versionId(schema.version));
  const api = readFileSync(join(dir, 'api.ts'), 'utf8');

  test('every version string of the file is a known API version', () => {
    for (const v of versionsOf(schema)) expect(API_VERSIONS).toContain(v);
  });

  test('every method is in Calls or Jobs (by its job flag) with its JSDoc', () => {
    const calls = block(api, 'export interface Calls');
    const jobs = block(api, 'export interface Jobs');
    for (const method of schema.methods) {
      const [mine, other] = method.job ? [jobs, calls] : [calls, jobs];
      const index = mine.findIndex((l) => l.startsWith(`  ${JSON.stringify(method.name)}: { args:`));
      expect(index, `${method.name} missing from ${method.job ? 'Jobs' : 'Calls'}`).toBeGreaterThan(0);
      expect(other.some((l) => l.startsWith(`  ${JSON.stringify(method.name)}:`))).toBe(false);
      const doc = jsdocAbove(mine, index);
      expect(doc, `${method.name} has no JSDoc`).toBeDefined();
      expect(doc).toContain(firstSentence(method.doc));
      for (const arg of method.schemas.properties['Call parameters'].prefixItems) expect(doc).toContain(`@param ${String(arg.title)}`);
      expect(doc).toContain('@returns');
    }
    expect(calls.filter((l) => /^ {2}"[^"]+": \{ args:/.test(l))).toHaveLength(schema.methods.filter((m) => !m.job).length);
    expect(jobs.filter((l) => /^ {2}"[^"]+": \{ args:/.test(l))).toHaveLength(schema.methods.filter((m) => m.job).length);
  });

  test('every method is in the client namespaces with its JSDoc', () => {
    const lines = block(api, 'export interface Namespaces');
    for (const method of schema.methods) {
      const parts = method.name.split('.');
      // Walk down the nested namespaces: each level is indented two more spaces.
      let from = 0;
      for (const [depth, part] of parts.entries()) {
        const indent = '  '.repeat(depth + 1);
        const last = depth === parts.length - 1;
        const index = lines.findIndex((l, i) => i > from && l.startsWith(`${indent}${part}: ${last ? '' : '{'}`));
        expect(index, `${method.name}: ${part} not found`).toBeGreaterThan(from);
        if (last) expect(jsdocAbove(lines, index), `${method.name} has no JSDoc in Namespaces`).toContain(firstSentence(method.doc));
        from = index;
      }
    }
  });

  test('every event is in Events with its JSDoc, and not a method', () => {
    const lines = block(api, 'export interface Events');
    for (const event of schema.events) {
      const index = lines.findIndex((l) => l.startsWith(`  ${JSON.stringify(event.name)}: { msg:`));
      expect(index, `${event.name} missing from Events`).toBeGreaterThan(0);
      expect(jsdocAbove(lines, index)).toContain(firstSentence(event.doc));
    }
  });

  test('the runtime description lists every method and event with its facts', () => {
    for (const version of versionsOf(schema)) {
      const description = apiDescription(version as (typeof API_VERSIONS)[number]);
      expect(Object.keys(description.methods).sort()).toEqual(schema.methods.map((m) => m.name).sort());
      expect(Object.keys(description.events).sort()).toEqual(schema.events.map((e) => e.name).sort());
      for (const method of schema.methods) {
        const m = description.methods[method.name]!;
        expect(m.job).toBe(method.job);
        expect(m.idempotent).toBe(method.idempotent);
        expect(m.roles).toEqual(method.roles);
        expect(m.rest).toEqual(method.rest);
        expect(m.arguments.map((a) => a.name)).toEqual(method.schemas.properties['Call parameters'].prefixItems.map((a) => a.title));
      }
    }
  });

  test('every described field carries its description into the generated types', () => {
    const types = readFileSync(join(dir, 'types.ts'), 'utf8');
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) visit(n, `${where}[${i}]`);
      } else if (node && typeof node === 'object') {
        const props = (node as JsonSchema).properties as Record<string, JsonSchema> | undefined;
        if (props && (node as JsonSchema).type === 'object') {
          for (const [key, value] of Object.entries(props)) {
            if (typeof value.description === 'string') {
              expect(types, `${where}.${key}: description missing from types.ts`).toContain(firstSentence(value.description).slice(0, 60));
            }
          }
        }
        for (const [k, v] of Object.entries(node)) visit(v, `${where}.${k}`);
      }
    };
    visit(schema.$defs, '$defs');
  });
});
