/**
 * The components of one schema file (a component for every named type, every inline argument,
 * every result and every event payload) and the OpenAPI 3.1 document built from them, with the
 * REST paths of versions that still had REST (TrueNAS ≤ 25.10). The generator types and validates
 * the components; the simulator serves the document at `GET /api/v2.0/openapi.json`. Nothing the
 * client imports uses this module.
 */
import type { JsonSchema, SchemaFile, SchemaMethod } from '../types/schema-file.js';

/** `failover.reboot.other_node` → `FailoverRebootOtherNode`. */
export function pascal(name: string): string {
  return name
    .split(/[._]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

const REF = '#/$defs/';
const COMPONENT = '#/components/schemas/';

/** Deep copy with `#/$defs/X` references rewritten to `#/components/schemas/X`. */
export function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(REF) ? COMPONENT + v.slice(REF.length) : rewriteRefs(v);
    }
    return out as T;
  }
  return value;
}

export interface ArgumentInfo {
  name: string;
  required: boolean;
  /** Component name that types this argument. */
  component: string;
  description?: string;
  default?: unknown;
}

export interface MethodInfo {
  method: SchemaMethod;
  args: ArgumentInfo[];
  resultComponent: string;
}

export interface EventInfo {
  name: string;
  /** Lower-case message type (`changed`, `added`) → component of the whole notification payload. */
  payloads: { msg: string; component: string; fieldsComponent: string }[];
}

export interface OpenApiBuild {
  document: Record<string, unknown>;
  methods: MethodInfo[];
  events: EventInfo[];
}

function refName(schema: JsonSchema): string | undefined {
  const r = schema.$ref;
  return typeof r === 'string' && r.startsWith(REF) ? r.slice(REF.length) : undefined;
}

/** The argument's own schema without the dump's bookkeeping keys (title, default). */
function argumentSchema(schema: JsonSchema): JsonSchema {
  const { title: _title, default: _default, ...rest } = schema;
  return rest;
}

export function buildOpenApi(schema: SchemaFile): OpenApiBuild {
  const components: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(schema.$defs)) components[name] = rewriteRefs(def);

  const methods: MethodInfo[] = [];
  for (const method of schema.methods) {
    const base = pascal(method.name);
    const args: ArgumentInfo[] = method.schemas.properties['Call parameters'].prefixItems.map((item) => {
      const name = String(item.title);
      const ref = refName(item);
      let component: string;
      if (ref && Object.keys(item).every((k) => ['$ref', 'title', 'default', 'description'].includes(k))) {
        component = ref;
      } else {
        component = `${base}Arg${pascal(name)}`;
        components[component] = rewriteRefs({ ...argumentSchema(item), title: component });
      }
      return {
        name,
        required: !('default' in item),
        component,
        description: typeof item.description === 'string' ? item.description : undefined,
        default: item.default,
      };
    });
    const resultComponent = `${base}Result`;
    components[resultComponent] = rewriteRefs({ title: resultComponent, ...method.schemas.properties['Return value'] });
    methods.push({ method, args, resultComponent });
  }

  const events: EventInfo[] = [];
  for (const event of schema.events) {
    const payloads: EventInfo['payloads'] = [];
    for (const [type, payload] of Object.entries(event.schemas.properties)) {
      const component = `${pascal(event.name)}${pascal(type.toLowerCase())}Event`;
      components[component] = rewriteRefs({
        title: component,
        description: `Payload of a \`${event.name}\` ${type.toLowerCase()} notification.`,
        ...payload,
      });
      const fields = (payload.properties as Record<string, JsonSchema>).fields!;
      let fieldsComponent = refName(fields);
      if (!fieldsComponent) {
        fieldsComponent = `${component}Fields`;
        components[fieldsComponent] = rewriteRefs({ title: fieldsComponent, ...fields });
        (components[component]!.properties as Record<string, JsonSchema>).fields = { $ref: COMPONENT + fieldsComponent };
      }
      payloads.push({ msg: type.toLowerCase(), component, fieldsComponent });
    }
    events.push({ name: event.name, payloads });
  }

  addDiscriminatorMappings(components);
  const sortedComponents = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  const document: Record<string, unknown> = {
    openapi: '3.1.0',
    info: {
      title: `TrueNAS failover API ${schema.version}`,
      version: schema.version,
      description:
        `Failover (High Availability) methods and events of the TrueNAS middleware API ${[schema.version, ...schema.aliases].join(', ')}, ` +
        'with the core and auth methods a client needs. Methods are called over the WebSocket JSON-RPC 2.0 endpoint `/api/' +
        `${schema.version}\`; ${schema.rest ? 'the paths below are the REST v2.0 routes of the same methods.' : 'this version has no REST API.'}`,
    },
    'x-truenas-versions': [schema.version, ...schema.aliases],
    paths: schema.rest ? restPaths(methods) : {},
    components: {
      schemas: sortedComponents,
      ...(schema.rest
        ? {
            securitySchemes: {
              bearer: { type: 'http', scheme: 'bearer', description: 'An API key.' },
              basic: { type: 'http', scheme: 'basic' },
            },
          }
        : {}),
    },
  };
  return { document, methods, events };
}

function restPaths(methods: MethodInfo[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, args, resultComponent } of methods) {
    if (!method.rest) continue;
    const op: Record<string, unknown> = {
      operationId: method.name,
      summary: method.doc.split('. ')[0],
      description: method.doc,
      'x-truenas-method': method.name,
      'x-truenas-job': method.job,
      security: [{ bearer: [] }, { basic: [] }],
      responses: {
        200: {
          description: method.job ? 'The id of the job that was started.' : 'The result.',
          content: { 'application/json': { schema: method.job ? { type: 'integer' } : { $ref: COMPONENT + resultComponent } } },
        },
        400: { description: 'Malformed request body.' },
        401: { description: 'Missing or invalid credentials.' },
        403: { description: 'Not authorized for this method.' },
        422: { description: 'Validation or call error.' },
      },
    };
    if (args.length === 1) {
      op.requestBody = {
        required: args[0]!.required,
        content: { 'application/json': { schema: { $ref: COMPONENT + args[0]!.component } } },
      };
    } else if (args.length > 1) {
      op.requestBody = {
        required: args.some((a) => a.required),
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: Object.fromEntries(args.map((a) => [a.name, { $ref: COMPONENT + a.component }])),
              required: args.filter((a) => a.required).map((a) => a.name),
              additionalProperties: false,
            },
          },
        },
      };
    }
    paths[`/api/v2.0${method.rest.path}`] ??= {};
    paths[`/api/v2.0${method.rest.path}`]![method.rest.method.toLowerCase()] = op;
  }
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Gives every discriminated union an explicit mapping from the discriminator's value (the member's
 * `const`) to the member, so that tools do not fall back to using the member's type name.
 */
function addDiscriminatorMappings(components: Record<string, JsonSchema>): void {
  for (const schema of Object.values(components)) {
    const disc = schema.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (!disc || !Array.isArray(schema.oneOf)) continue;
    const mapping: Record<string, string> = {};
    for (const member of schema.oneOf as JsonSchema[]) {
      const ref = String(member.$ref);
      const target = components[ref.slice(COMPONENT.length)];
      const value = (target?.properties as Record<string, JsonSchema> | undefined)?.[disc.propertyName]?.const;
      if (typeof value !== 'string') throw new Error(`schema: ${ref} has no const ${disc.propertyName}`);
      mapping[value] = ref;
    }
    disc.mapping = mapping;
  }
}
