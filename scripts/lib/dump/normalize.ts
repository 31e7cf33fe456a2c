/**
 * Turns the JSON Schema found in a TrueNAS API dump (or in `core.get_methods`) into the plain
 * JSON Schema subset our schema files use: references inlined the way the middleware's default dump
 * inlines them, and the bookkeeping of the older (25.04) schema system and of pydantic removed.
 */
import type { JsonSchema } from '../schema-file.js';

const isObject = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Replaces every `{"$ref": "#/$defs/X", ...}` by the definition of X with the node's own keys on
 * top, exactly like the middleware does for its default dump. The definition's `title` (the
 * server's model name) survives, which is how models are recognised later.
 */
export function inlineRefs(node: unknown, defs: Record<string, JsonSchema> = {}): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, defs));
  if (!isObject(node)) return node;
  const scope = isObject(node.$defs) ? { ...defs, ...(node.$defs as Record<string, JsonSchema>) } : defs;
  const { $defs: _defs, ...rest } = node;
  let merged: JsonSchema = rest;
  if (typeof rest.$ref === 'string') {
    const name = rest.$ref.replace(/^#\/\$defs\//, '');
    const target = scope[name];
    if (!target) throw new Error(`dump: unresolved reference ${rest.$ref}`);
    const { $ref: _ref, ...own } = rest;
    merged = { ...target, ...own };
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(merged)) out[k] = inlineRefs(v, scope);
  return out;
}

/** The anyOf that the older schema system writes for `Any`. */
function isLegacyAny(node: JsonSchema): boolean {
  const members = node.anyOf;
  if (!Array.isArray(members) || members.length !== 5 || !('nullable' in node)) return false;
  const types = members.map((m) => (isObject(m) ? m.type : undefined)).sort();
  return JSON.stringify(types) === JSON.stringify(['array', 'boolean', 'integer', 'object', 'string']);
}

/** Keys that carry no structure we keep (annotations, bookkeeping of the dumps). */
const DROPPED = new Set([
  '_name_',
  '_required_',
  '_attrs_order_',
  'examples',
  'writeOnly',
  'readOnly',
  'nullable',
  'uniqueItems',
  'deprecated',
]);

/**
 * Plain JSON Schema from a dump node. Titles survive only on objects with properties (model names);
 * `keepTitles: false` drops them everywhere (the older schema system titles by field name).
 */
export function normalize(input: unknown, keepTitles = true): JsonSchema {
  if (!isObject(input)) return {};
  if (isLegacyAny(input)) {
    const out: JsonSchema = {};
    for (const k of ['description', 'default'] as const) if (k in input) out[k] = input[k];
    return out;
  }
  let node: JsonSchema = { ...input };

  // The older schema system writes `"type": ["string", "null"]` and `"type": "float"`.
  if (Array.isArray(node.type)) {
    const types = (node.type as string[]).map((t) => (t === 'float' ? 'number' : t));
    const nonNull = types.filter((t) => t !== 'null');
    const { description, default: def, title, type: _t, ...specific } = node;
    const members: JsonSchema[] = nonNull.map((t) => ({ type: t, ...specific }));
    if (types.includes('null')) members.push({ type: 'null' });
    node = members.length === 1 ? { ...members[0] } : { anyOf: members };
    if (title !== undefined) node.title = title;
    if (description !== undefined) node.description = description;
    if (def !== undefined) node.default = def;
  } else if (node.type === 'float') node.type = 'number';

  // Legacy objects mark required properties on the property itself.
  if (isObject(node.properties) && !Array.isArray(node.required)) {
    const required = Object.entries(node.properties as Record<string, JsonSchema>)
      .filter(([, v]) => isObject(v) && v._required_ === true)
      .map(([k]) => k);
    if (required.length > 0) node.required = required;
  }
  // `core.get_methods` writes array items as a list.
  if (Array.isArray(node.items)) {
    const items = node.items as JsonSchema[];
    node.items = items.length === 0 ? {} : items.length === 1 ? items[0] : { anyOf: items };
  }

  const out: JsonSchema = {};
  const isModel = node.type === 'object' && isObject(node.properties);
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k)) continue;
    if (k === 'title' && !(keepTitles && isModel)) continue;
    if (k === 'format' && v !== 'date-time') continue;
    // 2**31-1 is the middleware's "long string" (it only lifts the default 1024 limit): no bound for us.
    if (k === 'maxLength' && typeof v === 'number' && v >= 2 ** 31 - 1) continue;
    if (k === 'discriminator' && isObject(v)) out[k] = { propertyName: v.propertyName };
    else if (k === 'properties' && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, normalize(s, keepTitles)]));
    } else if (['items', 'additionalProperties', 'not'].includes(k) && isObject(v)) out[k] = normalize(v, keepTitles);
    else if (['anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(k) && Array.isArray(v)) out[k] = v.map((s) => normalize(s, keepTitles));
    else out[k] = v;
  }
  // pydantic wraps a described reference in a one-member allOf in some versions.
  if (Array.isArray(out.allOf) && (out.allOf as unknown[]).length === 1) {
    const { allOf, ...rest } = out;
    return { ...(allOf as JsonSchema[])[0], ...rest };
  }
  return out;
}
