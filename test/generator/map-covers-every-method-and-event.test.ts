/**
 * Every method and event of every schema file reaches the generated code: in the method map (calls
 * and jobs as separate key spaces, events apart), in the client namespaces and in the runtime
 * description, each with its JSDoc; and every described field carries its description into the
 * generated types. Asked of the compiler, as an editor would (hover text), so that versions
 * generated as overlays of another are checked exactly like the others.
 */
import { join, resolve } from 'node:path';
import type ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { type JsonSchema, loadSchemas, versionId, versionsOf } from '../../scripts/lib/schema-file.js';
import { API_VERSIONS } from '../../src/generated/index.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import { hover, type Probe, probe } from '../types/program.js';

const root = resolve(import.meta.dirname, '../..');
const schemas = loadSchemas(join(root, 'schema'));
const firstSentence = (doc: string) => doc.split(/(?<=\.) /)[0]!;

let p: Probe;
beforeAll(() => {
  p = probe(
    [
      "import type { ApiByVersion, NamespacesByVersion } from '../../src/generated/index.js';",
      ...schemas.map(
        (s) => `import type * as T_${versionId(s.data.version)} from '../../src/generated/${versionId(s.data.version)}/types.js';`,
      ),
      'export declare const namespaces: NamespacesByVersion;',
      'export declare const rest: NamespacesByVersion<"rest">;',
      'export declare const api: ApiByVersion;',
    ].join('\n'),
  );
}, 120_000);

const member = (type: ts.Type, name: string) => type.getProperty(name);
const typeOfMember = (symbol: ts.Symbol) => p.checker.getNonNullableType(p.checker.getTypeOfSymbol(symbol));

describe.each(schemas.map((s) => [s.file, s.data] as const))('%s', (_file, schema) => {
  test('every version string of the file is a known API version', () => {
    for (const v of versionsOf(schema)) expect(API_VERSIONS).toContain(v);
  });

  test.each(versionsOf(schema))('%s: every method is in Calls or Jobs (by its job flag) with its JSDoc', (version) => {
    const entry = typeOfMember(member(p.typeOf('api'), version)!);
    const calls = typeOfMember(member(entry, 'calls')!);
    const jobs = typeOfMember(member(entry, 'jobs')!);
    expect(
      calls
        .getProperties()
        .map((s) => s.name)
        .sort(),
    ).toEqual(schema.methods.filter((m) => !m.job).map((m) => m.name));
    expect(
      jobs
        .getProperties()
        .map((s) => s.name)
        .sort(),
    ).toEqual(schema.methods.filter((m) => m.job).map((m) => m.name));
    for (const method of schema.methods) {
      const doc = hover(p.checker, member(method.job ? jobs : calls, method.name)!);
      expect(doc, method.name).toContain(firstSentence(method.doc));
      for (const arg of method.schemas.properties['Call parameters'].prefixItems) expect(doc).toContain(`@param ${String(arg.title)}`);
      expect(doc).toContain('@returns');
      expect(doc).toContain(method.removed_in ? `Removed in ${method.removed_in}.` : '@remarks');
    }
  });

  test.each(versionsOf(schema))('%s: every method is in the client namespaces with its JSDoc', (version) => {
    for (const transport of ['namespaces', 'rest']) {
      const top = typeOfMember(member(p.typeOf(transport), version)!);
      for (const method of schema.methods) {
        let type = top;
        let symbol: ts.Symbol | undefined;
        for (const part of method.name.split('.')) {
          symbol = member(type, part);
          expect(symbol, `${method.name}: ${part} not found`).toBeDefined();
          type = typeOfMember(symbol!);
        }
        expect(hover(p.checker, symbol!), method.name).toContain(firstSentence(method.doc));
        // Over REST a method without a route is not callable.
        const callable = type.getCallSignatures().length > 0;
        expect(callable, `${transport} ${method.name}`).toBe(transport === 'namespaces' || !schema.rest || method.rest !== null);
      }
    }
  });

  test.each(versionsOf(schema))('%s: every event is in Events with its JSDoc, and not a method', (version) => {
    const events = typeOfMember(member(typeOfMember(member(p.typeOf('api'), version)!), 'events')!);
    expect(
      events
        .getProperties()
        .map((s) => s.name)
        .sort(),
    ).toEqual(schema.events.map((e) => e.name));
    for (const event of schema.events) expect(hover(p.checker, member(events, event.name)!)).toContain(firstSentence(event.doc));
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
        expect(m.removedIn).toBe(method.removed_in);
        expect(m.validation).toBe(method.legacy_schema ? 'legacy' : 'pydantic');
        // The description stays in the schema file and the JSDoc, out of the runtime bundle.
        expect(m).not.toHaveProperty('doc');
        expect(m.arguments.map((a) => a.name)).toEqual(method.schemas.properties['Call parameters'].prefixItems.map((a) => a.title));
      }
    }
  });

  test('every described field carries its description into the hover text of the generated type', () => {
    const types = p.exportsOf(`../../src/generated/${versionId(schema.version)}/types.js`);
    let checked = 0;
    const visit = (node: JsonSchema, type: ts.Type, where: string) => {
      const inner = Array.isArray(node.anyOf) ? ((node.anyOf as JsonSchema[]).find((m) => m.type !== 'null') ?? node) : node;
      const props = inner.properties as Record<string, JsonSchema> | undefined;
      if (inner.type !== 'object' || !props) return;
      for (const [key, value] of Object.entries(props)) {
        const symbol = member(type, key);
        expect(symbol, `${where}.${key}`).toBeDefined();
        if (typeof value.description === 'string') {
          expect(hover(p.checker, symbol!), `${where}.${key}`).toContain(firstSentence(value.description));
          checked++;
        }
        if (!value.$ref) visit(value, typeOfMember(symbol!), `${where}.${key}`);
      }
    };
    for (const [name, def] of Object.entries(schema.$defs)) {
      const symbol = types.get(name);
      expect(symbol, name).toBeDefined();
      expect(hover(p.checker, symbol!), name).toContain(firstSentence(String(def.description)));
      visit(def, p.checker.getDeclaredTypeOfSymbol(symbol!), name);
    }
    expect(checked).toBeGreaterThan(50);
  });
});
