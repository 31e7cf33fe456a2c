/**
 * Methods a real controller serves that the failover schema (src/generated) does not describe,
 * defined here with their own validators: the `system.*` calls automation uses around reboots, and
 * on 25.10+ the failover methods that became private but stay callable by a full admin (the RPC
 * server only logs a warning, api/base/server/ws_handler/rpc.py `process_message`). Roles,
 * arguments and REST routes follow the middleware source at each release's tag; a method with no
 * roles there is open to FULL_ADMIN only (role.py `RoleManager`), and `authorization_required=False`
 * (or `@no_authz_required`) means any logged-in session, written `[]` here.
 */
import { z } from 'zod';
import type { ApiDescription, ArgumentDescription, EventDescription, MethodDescription } from '../../types/api-description.js';

export type ReleaseFamily = '25.04' | '25.10' | '26.0' | '27.0';

const INTEGER = 'Input should be a valid integer';

/** system.reboot's `options` (api/v25_10_0/system_lifecycle.py `SystemRebootOptions`; same shape in every release). */
const RebootOptions = z.strictObject(
  { delay: z.int({ error: INTEGER }).nullable().prefault(null) },
  { error: 'Input should be a valid dictionary or instance of SystemRebootOptions' },
);

const CallRemoteOptions = z.strictObject(
  {
    timeout: z.int({ error: INTEGER }).optional(),
    job: z.boolean().optional(),
    job_return: z.boolean().nullable().optional(),
    callback: z.null().optional(),
    connect_timeout: z.number().optional(),
    raise_connect_error: z.boolean().optional(),
  },
  { error: 'Input should be a valid dictionary or instance of CallRemoteOptions' },
);

const DateValue = z.strictObject({ $date: z.int() });

interface Definition {
  job?: boolean;
  noAuth?: boolean;
  roles: readonly string[];
  rest?: { method: 'GET' | 'POST'; path: string } | null;
  arguments?: readonly ArgumentDescription[];
  args?: z.ZodType;
  result: z.ZodType;
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
    args: d.args ?? z.tuple([]),
    result: d.result,
  };
}

const RebootRequiredReason = z.looseObject({ code: z.string(), reason: z.string() });

/** The system methods of a release (plugins/system/lifecycle.py, product.py, info.py, reboot.py). */
function systemMethods(family: ReleaseFamily): MethodDescription[] {
  return [
    // A unique id of the current boot of the answering controller; changes on every reboot. Works before login.
    method('system.boot_id', {
      noAuth: true,
      roles: [],
      result: z.string(),
    }),
    // Whether the answering controller has finished booting.
    method('system.ready', {
      // 25.04: `@accepts()` without roles (FULL_ADMIN only); 25.10+: SYSTEM_GENERAL_READ.
      roles: family === '25.04' ? ['FULL_ADMIN'] : ['SYSTEM_GENERAL_READ'],
      result: z.boolean(),
    }),
    // Full software version name of the answering controller, e.g. `TrueNAS-25.10.2.2`.
    method('system.version', {
      roles: [],
      result: z.string(),
    }),
    // Basic facts about the answering controller: version, host name, memory, CPU, uptime, serial, license.
    method('system.info', {
      roles: ['READONLY_ADMIN'],
      result: z.looseObject({ version: z.string(), hostname: z.string(), uptime_seconds: z.number(), boottime: DateValue }),
    }),
    // Boot id of the answering controller and why it needs a reboot.
    method('system.reboot.info', {
      roles: ['SYSTEM_GENERAL_READ'],
      result: z.looseObject({ boot_id: z.string(), reboot_required_reasons: z.array(RebootRequiredReason) }),
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
      args: z.tuple([z.string({ error: 'Input should be a valid string' }).min(1), RebootOptions.prefault({})]),
      result: z.null(),
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
      args: z.tuple([
        z.string({ error: 'Input should be a valid string' }),
        z.array(z.unknown()).nullable().prefault(null),
        CallRemoteOptions.nullable().prefault(null),
      ]),
      result: z.unknown(),
    }),
    // Whether a failover event runs.
    method('failover.in_progress', { roles: ['FULL_ADMIN'], rest: null, result: z.boolean() }),
    // The HA hardware kind.
    method('failover.hardware', { roles: ['FULL_ADMIN'], rest: null, result: z.string() }),
    // Make the answering controller active.
    method('failover.force_master', {
      roles: ['FULL_ADMIN'],
      rest: null,
      idempotent: false,
      result: z.boolean(),
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
  const event = (name: string, added: z.ZodType): [string, EventDescription] => [
    name,
    { name, roles: ['SYSTEM_GENERAL_READ'], registered: true, fields: { added } },
  ];
  return Object.fromEntries([
    // Finished boot process.
    event('system.ready', z.undefined()),
    // Started reboot process.
    event('system.reboot', z.strictObject({ reason: z.string() })),
  ]);
}
