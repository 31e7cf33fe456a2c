/**
 * What a TrueNAS server release does differently, keyed by the API version the simulator is
 * started with (its "primary" version, served as /api/current). Shapes (method lists, argument and
 * result models) come from the endpoint version's generated description; server logic (REDIRECT
 * rule, `update` master semantics, SCRAM, known bugs) comes from the release.
 */
import { API_VERSIONS, type ApiVersion } from '../generated/index.js';
import type { ApiDescription, EventDescription, MethodDescription } from '../types/api-description.js';
import { apiDescription } from '../validation/api-descriptions.js';
import { type ReleaseFamily, serverEvents, serverMethods } from './methods/server-methods.js';

/** One WebSocket endpoint a server serves at `/api/<version>`. */
export interface Endpoint {
  /** The path segment, e.g. `v25.10.0` (or `v24.10`). */
  readonly version: string;
  /**
   * The description whose methods, arguments and results this endpoint uses: the failover schema's
   * methods plus the server methods the simulator defines itself (`system.*`, private methods).
   */
  readonly description: ApiDescription;
  /** True when `core.set_options` understands `legacy_jobs` (25.10+ models). */
  readonly newStyleJobs: boolean;
  /** True when `auth.login_ex` SUCCESS carries `reconnect_token` (26.0+ models). */
  readonly reconnectToken: boolean;
}

export interface ServerRelease {
  /** The primary API version (the newest the server serves). */
  readonly apiVersion: ApiVersion;
  /** Release family, which decides most server logic. */
  readonly family: ReleaseFamily;
  /** `system.version` of a controller running this release. */
  readonly softwareVersion: string;
  /** Endpoints served at `/api/<version>`, by path segment. */
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  /** What `GET /api/versions` lists. */
  readonly listedVersions: readonly string[];
  /** 25.04.2+: the standby redirects only when its peer answers MASTER. */
  readonly redirectNeedsActivePeer: boolean;
  /** 25.04.2 – 25.10.2: unauthenticated `auth.mechanism_choices` fails with an internal error. */
  readonly mechanismChoicesBug: boolean;
  /** 25.10+: `GET /api/boot_id`. */
  readonly bootIdEndpoint: boolean;
  /** 25.04: `failover.update` makes the answering controller the designated master whatever `master` says. */
  readonly updateMasterQuirk: boolean;
  /** 25.04: every reboot reason maps to the FIPS disabled reason. */
  readonly rebootReasonsAsFips: boolean;
  /** 26.0+: SCRAM logins. */
  readonly scram: boolean;
  /**
   * 25.04: methods still validated by the older `@accepts` layer (middlewared/schema/processor.py),
   * which reports more arguments than declared as a CallError (EFAULT), not a validation error.
   */
  readonly legacyAccepts: ReadonlySet<string>;
}

const index = (v: string) => (API_VERSIONS as readonly string[]).indexOf(v);

function servedVersions(primary: ApiVersion): string[] {
  const upTo = API_VERSIONS.filter((v) => index(v) <= index(primary));
  if (primary.startsWith('v25.04')) return ['v24.10', ...upTo];
  if (primary.startsWith('v25.10')) return upTo;
  // 26.0.0-BETA.3 predates 25.10.5; 27.0 serves everything it knows.
  if (primary === 'v26.0.0') return upTo.filter((v) => v !== 'v25.10.5');
  return upTo;
}

function endpointFor(version: string, family: ReleaseFamily): Endpoint {
  // No schema exists for v24.10; 25.04 servers still serve it, so it borrows the oldest model.
  const schema = apiDescription(version === 'v24.10' ? 'v25.04.0' : (version as ApiVersion));
  const description: ApiDescription = {
    ...schema,
    methods: { ...serverMethods(family, schema), ...schema.methods },
    events: { ...serverEvents(family), ...schema.events },
  };
  const setOptions = description.methods['core.set_options'];
  const login = description.methods['auth.login_ex'];
  const newStyleJobs = setOptions ? !setOptions.result.safeParse(null).success : false;
  const reconnectToken = login
    ? !login.result.safeParse({ response_type: 'SUCCESS', user_info: null, authenticator: 'LEVEL_1' }).success
    : false;
  return { version, description, newStyleJobs, reconnectToken };
}

const SOFTWARE_VERSIONS: Record<ApiVersion, string> = {
  'v25.04.0': '25.04.0',
  'v25.04.1': '25.04.1',
  'v25.04.2': '25.04.2.6',
  'v25.10.0': '25.10.0.1',
  'v25.10.1': '25.10.1',
  'v25.10.2': '25.10.2.2',
  'v25.10.3': '25.10.3.1',
  'v25.10.4': '25.10.4',
  'v25.10.5': '25.10.6',
  'v26.0.0': '26.0.0-BETA.3',
  'v27.0.0': '27.0.0-BETA.1',
};

/**
 * Methods a 25.04 server validates with `@accepts` (plugins/failover.py, failover_/disabled_reasons.py,
 * failover_/remote.py, service/core_service.py `get_jobs`/`job_wait`/`job_abort`, plugins/system/
 * lifecycle.py, product.py, info.py at TS-25.04.2); the others there use `@api_method` (pydantic).
 */
const LEGACY_ACCEPTS_25_04: ReadonlySet<string> = new Set([
  'core.get_jobs',
  'core.job_abort',
  'core.job_wait',
  'failover.become_passive',
  'failover.call_remote',
  'failover.config',
  'failover.control',
  'failover.disabled.reasons',
  'failover.force_master',
  'failover.get_ips',
  'failover.hardware',
  'failover.in_progress',
  'failover.licensed',
  'failover.node',
  'failover.status',
  'failover.sync_from_peer',
  'failover.sync_to_peer',
  'failover.unlock',
  'failover.update',
  'failover.upgrade',
  'system.boot_id',
  'system.info',
  'system.ready',
  'system.version',
]);

/** The method of an endpoint by name; undefined for unknown names (never an Object.prototype member). */
export function methodOf(endpoint: Endpoint, name: string): MethodDescription | undefined {
  return Object.hasOwn(endpoint.description.methods, name) ? endpoint.description.methods[name] : undefined;
}

/** The event of an endpoint by name, likewise. */
export function eventOf(endpoint: Endpoint, name: string): EventDescription | undefined {
  return Object.hasOwn(endpoint.description.events, name) ? endpoint.description.events[name] : undefined;
}

/** The server release facts for a primary API version. */
export function serverRelease(apiVersion: ApiVersion): ServerRelease {
  const family: ReleaseFamily = apiVersion.startsWith('v25.04')
    ? '25.04'
    : apiVersion.startsWith('v25.10')
      ? '25.10'
      : apiVersion === 'v26.0.0'
        ? '26.0'
        : '27.0';
  const served = servedVersions(apiVersion);
  const endpoints = new Map(served.map((v) => [v, endpointFor(v, family)]));
  const listed = family === '25.04' ? served : served.filter((v) => v !== 'v24.10');
  // Served but unlisted on 25.10+ (the middleware keeps the v24.10 directory).
  if (family !== '25.04') endpoints.set('v24.10', endpointFor('v24.10', family));
  return {
    apiVersion,
    family,
    softwareVersion: SOFTWARE_VERSIONS[apiVersion],
    endpoints,
    listedVersions: listed,
    redirectNeedsActivePeer: apiVersion !== 'v25.04.0' && apiVersion !== 'v25.04.1',
    mechanismChoicesBug: ['v25.04.2', 'v25.10.0', 'v25.10.1', 'v25.10.2'].includes(apiVersion),
    bootIdEndpoint: family !== '25.04',
    updateMasterQuirk: family === '25.04',
    rebootReasonsAsFips: family === '25.04',
    scram: family === '26.0' || family === '27.0',
    legacyAccepts: family === '25.04' ? LEGACY_ACCEPTS_25_04 : new Set(),
  };
}
