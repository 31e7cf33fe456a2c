/** `methods [NAME]`: what the schema knows about each method, offline, for any API version. */
import { API_VERSIONS, type ApiVersion, isApiVersion, LATEST_API_VERSION } from '../../generated/index.js';
import { schemaFileOf } from '../../generated/schema-files.js';
import type { MethodDescription } from '../../types/api-description.js';
import type { SchemaFileJson } from '../../types/schema-file.js';
import { apiDescription } from '../../validation/api-descriptions.js';
import { stringOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { JSON_OPTION } from '../options.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  title?: string;
  minimum?: number;
  maximum?: number;
};

function schemaFileFor(version: ApiVersion): SchemaFileJson | undefined {
  return schemaFileOf(version);
}

/** A method's description, from the schema file (the runtime description carries none, to keep bundles small). */
function docOf(version: ApiVersion, name: string): string {
  return schemaFileFor(version)?.methods.find((m) => m.name === name)?.doc ?? '';
}

function resolve(file: SchemaFileJson, s: Schema | undefined, depth = 0): Schema | undefined {
  if (!s || depth > 10) return s;
  if (s.$ref?.startsWith('#/$defs/')) {
    const target = file.$defs[s.$ref.slice('#/$defs/'.length)] as Schema | undefined;
    return resolve(file, { ...target, ...s, $ref: undefined, description: s.description ?? target?.description }, depth + 1);
  }
  return s;
}

function typeName(file: SchemaFileJson, s: Schema | undefined): string {
  // A named type is shown by its name (the argument's own title is its argument name).
  if (s?.$ref?.startsWith('#/$defs/')) {
    const name = s.$ref.slice('#/$defs/'.length);
    const target = file.$defs[name] as Schema | undefined;
    if (target?.type === 'object' || target?.properties) return name;
  }
  const r = resolve(file, s);
  if (!r) return 'any';
  if (r.enum) return r.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = r.anyOf ?? r.oneOf;
  if (alts) return alts.map((a) => typeName(file, a)).join(' | ');
  if (Array.isArray(r.type)) return r.type.join(' | ');
  if (r.type === 'array') return `${typeName(file, r.items)}[]`;
  const range = r.minimum !== undefined || r.maximum !== undefined ? ` ${r.minimum ?? ''}..${r.maximum ?? ''}` : '';
  return `${r.title && r.type === 'object' ? r.title : (r.type ?? 'any')}${range}`;
}

interface ArgumentDoc {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  fields: { name: string; type: string; required: boolean; description: string }[];
}

function argumentDocs(version: ApiVersion, method: MethodDescription): ArgumentDoc[] {
  const file = schemaFileFor(version);
  const raw = file?.methods.find((m) => m.name === method.name)?.schemas as
    | { properties?: { 'Call parameters'?: { prefixItems?: Schema[] } } }
    | undefined;
  const items = raw?.properties?.['Call parameters']?.prefixItems ?? [];
  return method.arguments.map((a, i) => {
    const s = file ? resolve(file, items[i]) : undefined;
    const props = s?.properties ?? {};
    return {
      name: a.name,
      type: file ? typeName(file, items[i]) : 'any',
      required: a.required,
      ...(a.required ? {} : { default: a.default }),
      description: s?.description ?? '',
      fields: Object.entries(props).map(([name, p]) => ({
        name,
        type: file ? typeName(file, p) : 'any',
        required: (s?.required ?? []).includes(name),
        description: resolve(file!, p)?.description ?? '',
      })),
    };
  });
}

const firstSentence = (doc: string) => {
  const text = doc.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1]! : text;
};

function showOne(ctx: CommandContext, version: ApiVersion, m: MethodDescription): void {
  const args = argumentDocs(version, m);
  if (ctx.args.values.json) {
    ctx.out.json({
      version,
      name: m.name,
      job: m.job,
      idempotent: m.idempotent,
      noAuth: m.noAuth,
      roles: m.roles,
      rest: m.rest,
      removedIn: m.removedIn,
      arguments: args,
      doc: docOf(version, m.name),
    });
    return;
  }
  const { out } = ctx;
  out.line(`${out.style.bold(m.name)}  ${out.style.dim(`(API ${version})`)}`);
  out.line();
  out.line(docOf(version, m.name));
  out.line();
  out.pairs([
    ['kind', m.job ? 'job (returns a job id; `call -j` waits for it)' : 'call'],
    ['roles', m.roles.length ? m.roles.join(', ') : 'any logged-in user'],
    ['login', m.noAuth ? 'not needed' : 'needed'],
    ['safe to repeat', m.idempotent ? 'yes' : 'no (never replayed after a connection drop)'],
    ['REST', m.rest ? `${m.rest.method} ${m.rest.path}` : 'not exposed'],
    ...(m.removedIn ? [['hidden from', m.removedIn] as [string, string]] : []),
  ]);
  out.line();
  if (args.length === 0) out.line('Arguments: none');
  else {
    out.line('Arguments (positional):');
    for (const a of args) {
      out.line(`  ${out.style.bold(a.name)}: ${a.type}${a.required ? '' : `, optional (default ${JSON.stringify(a.default)})`}`);
      if (a.description) out.line(`      ${a.description}`);
      for (const f of a.fields) {
        out.line(`    ${a.name}.${f.name}: ${f.type}${f.required ? ' (required)' : ''}`);
        if (f.description) out.line(`        ${f.description}`);
      }
    }
  }
}

export const methodsCommand: CommandSpec = {
  name: 'methods',
  summary: 'list the methods the schema knows, with descriptions (offline); METHOD for its arguments',
  usage: ['methods [PREFIX | METHOD] [--api-version VERSION] [--json]'],
  description: [
    'Reads the schema bundled with this package; no connection is made. Without an argument: every method',
    'of the API version (default: the newest). With a prefix (failover.reboot): the matching ones. With a full',
    'method name: its description, roles, whether it is a job, and each argument with its fields.',
  ],
  options: [
    {
      name: 'api-version',
      type: 'string',
      valueName: 'VERSION',
      description: `API version (default ${LATEST_API_VERSION}): ${API_VERSIONS.join(', ')}`,
    },
    JSON_OPTION,
  ],
  connects: false,
  examples: [
    'truenas-failover methods',
    'truenas-failover methods failover.update',
    'truenas-failover methods failover --api-version v25.04.0 --json',
  ],
  async run(ctx) {
    const requested = stringOption(ctx.args, 'api-version') ?? LATEST_API_VERSION;
    if (!isApiVersion(requested))
      throw new UsageError(`--api-version ${requested} is not known`, `Known versions: ${API_VERSIONS.join(', ')}.`);
    const version = requested as ApiVersion;
    const api = apiDescription(version);
    const filter = ctx.args.positionals[0];
    if (ctx.args.positionals.length > 1) throw new UsageError('methods takes at most one PREFIX or METHOD');
    const exact = filter ? api.methods[filter] : undefined;
    if (exact) {
      showOne(ctx, version, exact);
      return EXIT.OK;
    }
    const list = Object.values(api.methods)
      .filter((m) => !filter || m.name.startsWith(filter.endsWith('.') ? filter : `${filter}.`) || m.name === filter)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (filter && list.length === 0) {
      throw new UsageError(
        `no method ${filter} in API ${version}`,
        'Run `truenas-failover methods` for the list, or pick another --api-version.',
      );
    }
    if (ctx.args.values.json) {
      ctx.out.json(
        list.map((m) => ({
          name: m.name,
          job: m.job,
          roles: m.roles,
          removedIn: m.removedIn,
          description: firstSentence(docOf(version, m.name)),
        })),
      );
      return EXIT.OK;
    }
    const { out } = ctx;
    out.line(out.style.dim(`API ${version}: ${list.length} methods${filter ? ` under ${filter}` : ''}`));
    out.table(
      ['method', 'kind', 'description'],
      list.map((m) => [m.name, m.job ? out.style.magenta('job') : 'call', firstSentence(docOf(version, m.name))]),
    );
    return EXIT.OK;
  },
};
