/**
 * Methods a real controller serves that the failover schema (src/generated) does not describe,
 * defined here with their own validators: the `system.*` calls automation uses around reboots, and
 * on 25.10+ the failover methods that became private but stay callable by a full admin (the RPC
 * server only logs a warning, api/base/server/ws_handler/rpc.py `process_message`). Roles,
 * arguments and REST routes follow the middleware source at each release's tag; a method with no
 * roles there is open to FULL_ADMIN only (role.py `RoleManager`), and `authorization_required=False`
 * (or `@no_authz_required`) means any logged-in session, written `[]` here.
 */
import type { ApiDescription, ArgumentDescription, EventDescription, MethodDescription } from '../../types/api-description.js';
import type { SchemaNode } from '../../types/schema-node.js';
import { validator } from '../../validation/validator.js';

export type ReleaseFamily = '25.04' | '25.10' | '26.0' | '27.0';

const STRING: SchemaNode = { type: 'string' };
const INT: SchemaNode = { type: 'int' };
const NUMBER: SchemaNode = { type: 'number' };
const BOOLEAN: SchemaNode = { type: 'boolean' };
const NULL: SchemaNode = { type: 'null' };
const UNKNOWN: SchemaNode = { type: 'unknown' };
const optional = (inner: SchemaNode): SchemaNode => ({ type: 'optional', inner });
const nullable = (inner: SchemaNode): SchemaNode => ({ type: 'nullable', inner });
const withDefault = (inner: SchemaNode, value: unknown): SchemaNode => ({ type: 'default', inner, value });
const object = (keys: 'strict' | 'keep', shape: Record<string, SchemaNode>, model?: string): SchemaNode => ({
  type: 'object',
  shape,
  keys,
  ...(model ? { error: `Input should be a valid dictionary or instance of ${model}` } : {}),
});

/** system.reboot's `options` (api/v25_10_0/system_lifecycle.py `SystemRebootOptions`; same shape in every release). */
const RebootOptions = object('strict', { delay: withDefault(nullable(INT), null) }, 'SystemRebootOptions');

const CallRemoteOptions = object(
  'strict',
  {
    timeout: optional(INT),
    job: optional(BOOLEAN),
    job_return: optional(nullable(BOOLEAN)),
    callback: optional(NULL),
    connect_timeout: optional(NUMBER),
    raise_connect_error: optional(BOOLEAN),
  },
  'CallRemoteOptions',
);

const DateValue = object('strict', { $date: INT });

interface Definition {
  job?: boolean;
  noAuth?: boolean;
  roles: readonly string[];
  rest?: { method: 'GET' | 'POST'; path: string } | null;
  arguments?: readonly ArgumentDescription[];
  args?: SchemaNode;
  result: SchemaNode;
  idempotent?: boolean;
}

function method(name: string, d: Definition): MethodDescription {
  return {
    name,
    job: d.job ?? false,
    idempotent: d.idempotent ?? !d.job,
    noAuth: d.noAuth ?? false,
    roles: d.roles,
    rest: d.rest === undefined ? { method: 'GET', path: `/${name.replace(/\./g, '/')}` } : d.rest,
    removedIn: null,
    inputPipes: false,
    // These take no arguments, or are @api_method on 25.04 too (system.reboot, reboot.info).
    validation: 'pydantic',
    arguments: d.arguments ?? [],
    args: validator(d.args ?? { type: 'tuple', items: [] }),
    result: validator(d.result),
  };
}

const RebootRequiredReason = object('keep', { code: STRING, reason: STRING });

/** The system methods of a release (plugins/system/lifecycle.py, product.py, info.py, reboot.py). */
function systemMethods(family: ReleaseFamily): MethodDescription[] {
  return [
    // A unique id of the current boot of the answering controller; changes on every reboot. Works before login.
    method('system.boot_id', {
      noAuth: true,
      roles: [],
      result: STRING,
    }),
    // Whether the answering controller has finished booting.
    method('system.ready', {
      // 25.04: `@accepts()` without roles (FULL_ADMIN only); 25.10+: SYSTEM_GENERAL_READ.
      roles: family === '25.04' ? ['FULL_ADMIN'] : ['SYSTEM_GENERAL_READ'],
      result: BOOLEAN,
    }),
    // Full software version name of the answering controller, e.g. `TrueNAS-25.10.2.2`.
    method('system.version', {
      roles: [],
      result: STRING,
    }),
    // Basic facts about the answering controller: version, host name, memory, CPU, uptime, serial, license.
    method('system.info', {
      roles: ['READONLY_ADMIN'],
      result: object('keep', { version: STRING, hostname: STRING, uptime_seconds: NUMBER, boottime: DateValue }),
    }),
    // Boot id of the answering controller and why it needs a reboot.
    method('system.reboot.info', {
      roles: ['SYSTEM_GENERAL_READ'],
      result: object('keep', { boot_id: STRING, reboot_required_reasons: { type: 'array', items: RebootRequiredReason } }),
    }),
    // A job that reboots the answering controller after `options.delay` seconds. On the active controller of an HA pair this fails over to the standby.
    method('system.reboot', {
      job: true,
      roles: ['FULL_ADMIN'],
      rest: { method: 'POST', path: '/system/reboot' },
      arguments: [
        { name: 'reason', required: true },
        { name: 'options', required: false, default: { delay: null } },
      ],
      args: { type: 'tuple', items: [{ type: 'string', min: 1 }, withDefault(RebootOptions, {})] },
      result: NULL,
    }),
  ];
}

/** Failover methods that are private on 25.10+ (FailoverService `Config.private`, `@private`): FULL_ADMIN only, no REST. */
function privateFailoverMethods(): MethodDescription[] {
  return [
    // Call a method on the other controller over the heartbeat link and return its result.
    method('failover.call_remote', {
      roles: ['FULL_ADMIN'],
      rest: null,
      idempotent: false,
      arguments: [
        { name: 'method', required: true },
        { name: 'args', required: false, default: null },
        { name: 'options', required: false, default: null },
      ],
      args: {
        type: 'tuple',
        items: [STRING, withDefault(nullable({ type: 'array', items: UNKNOWN }), null), withDefault(nullable(CallRemoteOptions), null)],
      },
      result: UNKNOWN,
    }),
    // Whether a failover event runs.
    method('failover.in_progress', { roles: ['FULL_ADMIN'], rest: null, result: BOOLEAN }),
    // The HA hardware kind.
    method('failover.hardware', { roles: ['FULL_ADMIN'], rest: null, result: STRING }),
    // Make the answering controller active.
    method('failover.force_master', {
      roles: ['FULL_ADMIN'],
      rest: null,
      idempotent: false,
      result: BOOLEAN,
    }),
  ];
}

const built = new Map<string, Record<string, MethodDescription>>();

/** The methods this simulator adds to an endpoint of `family` (the schema's own methods win on a name clash). */
export function serverMethods(family: ReleaseFamily, schema: ApiDescription): Record<string, MethodDescription> {
  // REST existed before 26.0 only; the generated description says whether this endpoint has it.
  const key = `${family}:${schema.rest}`;
  let methods = built.get(key);
  if (!methods) {
    const extra = [...systemMethods(family), ...(family === '25.04' ? [] : privateFailoverMethods())];
    methods = Object.fromEntries(extra.map((m) => [m.name, schema.rest ? m : { ...m, rest: null }]));
    built.set(key, methods);
  }
  return methods;
}

/**
 * Events of the system plugin the schema does not describe. 26.0 registers them with
 * SYSTEM_GENERAL_READ (plugins/system/lifecycle.py `SystemService.Config.events`); 25.x sends them
 * unregistered, which only a full admin may subscribe to (main.py `can_subscribe`).
 */
export function serverEvents(family: ReleaseFamily): Record<string, EventDescription> {
  if (family === '25.04' || family === '25.10') return {};
  const event = (name: string, added: SchemaNode): [string, EventDescription] => [
    name,
    { name, roles: ['SYSTEM_GENERAL_READ'], registered: true, fields: { added: validator(added) } },
  ];
  return Object.fromEntries([
    // Finished boot process (no fields).
    event('system.ready', optional(NULL)),
    // Started reboot process.
    event('system.reboot', object('strict', { reason: STRING })),
  ]);
}
