/**
 * Validators from schema nodes: what an API version's generated description (validators as data)
 * becomes at run time, built once per description and only when an entry asks for it.
 */
import type { ApiDescription, ApiDescriptionData, EventDescription, MethodDescription, Validator } from '../types/api-description.js';
import type { SchemaNode } from '../types/schema-node.js';
import { checkSchema } from './schema-check.js';

/** The validator of one schema node. */
export function validator(node: SchemaNode): Validator {
  return {
    node,
    safeParse(value) {
      const check = checkSchema(node, value);
      if (check.ok) return { success: true, data: check.value };
      const message = check.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
      return { success: false, error: { message, issues: check.issues } };
    },
  };
}

const built = new WeakMap<ApiDescriptionData, ApiDescription>();

/** The runtime description of a generated one: its schema nodes as validators (the same object each time). */
export function describeVersion(data: ApiDescriptionData): ApiDescription {
  let description = built.get(data);
  if (!description) {
    const nodes = new Map<SchemaNode, Validator>();
    const of = (node: SchemaNode) => nodes.get(node) ?? nodes.set(node, validator(node)).get(node)!;
    const methods: Record<string, MethodDescription> = {};
    for (const [name, m] of Object.entries(data.methods)) methods[name] = { ...m, args: of(m.args), result: of(m.result) };
    const events: Record<string, EventDescription> = {};
    for (const [name, e] of Object.entries(data.events)) {
      events[name] = { ...e, fields: Object.fromEntries(Object.entries(e.fields).map(([msg, node]) => [msg, of(node)])) };
    }
    description = { ...data, methods, events };
    built.set(data, description);
  }
  return description;
}
