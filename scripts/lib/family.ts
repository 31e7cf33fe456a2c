/**
 * What the generator knows about one schema file before it writes anything: its components and
 * on which side of a call each is used, and, when it differs from the previous family in only a
 * few places, the overlay it is generated as.
 *
 * Overlays keep src/generated/ small: v27.0.0 differs from v26.0.0 in two method flags, v25.10.2
 * from v25.10.0 in one enum. Such a family re-exports its base's modules and re-emits only the
 * components that changed (and those that refer to them, since a reference resolves in the module
 * that declares it), the methods and events that use them and the methods and events whose own
 * facts changed.
 */
import { buildOpenApi, type EventInfo, type MethodInfo } from '../../src/schema/openapi.js';
import type { JsonSchema, SchemaFile } from '../../src/types/schema-file.js';
import { versionId, versionsOf } from './schema-file.js';

const COMPONENT = '#/components/schemas/';

/** Arguments are checked strictly; results and event payloads leniently (newer servers add to them). */
export type Side = 'input' | 'output';

export interface Overlay {
  base: Family;
  /** Components declared again in the overlay. */
  components: Set<string>;
  /** Methods and events whose entries (docs, facts, types) are emitted again. */
  methods: Set<string>;
  events: Set<string>;
  /** Those of them whose validators differ from the base's. */
  validatedMethods: Set<string>;
  validatedEvents: Set<string>;
}

export interface Family {
  /** Folder and identifier name, `v25_10_2`. */
  id: string;
  schema: SchemaFile;
  /** Every API version string the family answers for. */
  versions: string[];
  components: Record<string, JsonSchema>;
  side: Map<string, Side>;
  methods: MethodInfo[];
  events: EventInfo[];
  overlay?: Overlay;
}

/** Component names a schema refers to. */
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

/** Orders component names so that each comes after the components it refers to. */
export function topologicalOrder(components: Record<string, JsonSchema>, names = Object.keys(components)): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const wanted = new Set(names);
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`schema: recursive type ${name} is not supported`);
    state.set(name, 'visiting');
    for (const dep of [...dependencies(components[name])].sort()) {
      if (!(dep in components)) throw new Error(`schema: ${name} refers to unknown type ${dep}`);
      visit(dep);
    }
    state.set(name, 'done');
    if (wanted.has(name)) order.push(name);
  };
  for (const name of [...names].sort()) visit(name);
  return order;
}

/** Which side of a call each component is used on; a component used on both is a schema error. */
function sides(components: Record<string, JsonSchema>, methods: MethodInfo[], events: EventInfo[]): Map<string, Side> {
  const side = new Map<string, Side>();
  const mark = (name: string, s: Side, from: string) => {
    const seen = side.get(name);
    if (seen === s) return;
    if (seen) throw new Error(`schema: ${name} is used by arguments and by results (${from}); give each side its own type`);
    side.set(name, s);
    for (const dep of dependencies(components[name])) mark(dep, s, from);
  };
  for (const m of methods) {
    for (const a of m.args) mark(a.component, 'input', m.method.name);
    mark(m.resultComponent, 'output', m.method.name);
  }
  for (const e of events) for (const p of e.payloads) mark(p.component, 'output', e.name);
  for (const name of Object.keys(components)) if (!side.has(name)) throw new Error(`schema: ${name} is not used by any method or event`);
  return side;
}

function familyOf(schema: SchemaFile): Family {
  const build = buildOpenApi(schema);
  const components = (build.document.components as { schemas: Record<string, JsonSchema> }).schemas;
  return {
    id: versionId(schema.version),
    schema,
    versions: versionsOf(schema),
    components,
    side: sides(components, build.methods, build.events),
    methods: build.methods,
    events: build.events,
  };
}

const sameKeys = (a: object, b: object) => JSON.stringify(Object.keys(a).sort()) === JSON.stringify(Object.keys(b).sort());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The overlay of `family` on `base`, or undefined when their surfaces differ in names. */
function overlayOf(family: Family, base: Family): Overlay | undefined {
  const names = (f: Family) => ({
    components: Object.fromEntries(Object.keys(f.components).map((c) => [c, f.side.get(c)])),
    methods: f.methods.map((m) => m.method.name),
    events: f.events.map((e) => `${e.name}:${e.payloads.map((p) => p.msg).join(',')}`),
  });
  if (!same(names(family), names(base)) || !sameKeys(family.components, base.components)) return undefined;

  const components = new Set(Object.keys(family.components).filter((c) => !same(family.components[c], base.components[c])));
  // A component that refers to a changed one must be declared again next to it.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, schema] of Object.entries(family.components)) {
      if (components.has(name)) continue;
      if ([...dependencies(schema)].some((d) => components.has(d))) {
        components.add(name);
        grew = true;
      }
    }
  }
  const [methods, validatedMethods, events, validatedEvents] = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
  family.methods.forEach((m, i) => {
    const b = base.methods[i]!;
    const { schemas: _a, ...mine } = m.method;
    const { schemas: _b, ...theirs } = b.method;
    const validators = !same(m.args, b.args) || [...m.args.map((a) => a.component), m.resultComponent].some((c) => components.has(c));
    if (validators) validatedMethods.add(m.method.name);
    if (validators || !same(mine, theirs)) methods.add(m.method.name);
  });
  family.events.forEach((e, i) => {
    const mine = family.schema.events[i]!;
    const theirs = base.schema.events[i]!;
    const facts = (x: typeof mine) => [x.doc, x.roles, x.registered];
    const validators = e.payloads.some((p) => components.has(p.component) || components.has(p.fieldsComponent));
    if (validators) validatedEvents.add(e.name);
    if (validators || !same(facts(mine), facts(theirs))) events.add(e.name);
  });
  return { base, components, methods, events, validatedMethods, validatedEvents };
}

/** The families of the schema files, oldest first, each an overlay on the previous one where it can be. */
export function families(schemas: SchemaFile[]): Family[] {
  const out: Family[] = [];
  for (const schema of schemas) {
    const family = familyOf(schema);
    const previous = out[out.length - 1];
    if (previous) family.overlay = overlayOf(family, previous);
    out.push(family);
  }
  return out;
}
