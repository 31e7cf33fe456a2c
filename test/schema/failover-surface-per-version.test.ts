/**
 * The failover surface of each API version, as checked against the middleware source: which public
 * failover methods and events exist, which are jobs, who may call them and their REST routes
 * (spec §5.1, §8, §9). A schema edit that changes any of these must change this test too.
 */
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSchemas, type SchemaFile, versionsOf } from '../../scripts/lib/schema-file.js';

const schemas = loadSchemas(resolve(import.meta.dirname, '../../schema'));
const byVersion = (v: string): SchemaFile => {
  const found = schemas.find((s) => versionsOf(s.data).includes(v));
  if (!found) throw new Error(`no schema file for ${v}`);
  return found.data;
};

const COMMON = [
  'failover.become_passive',
  'failover.config',
  'failover.disabled.reasons',
  'failover.get_ips',
  'failover.licensed',
  'failover.node',
  'failover.reboot.info',
  'failover.reboot.other_node',
  'failover.status',
  'failover.sync_from_peer',
  'failover.sync_to_peer',
  'failover.update',
  'failover.upgrade',
];
const ONLY_25_04 = [
  'failover.call_remote',
  'failover.control',
  'failover.force_master',
  'failover.hardware',
  'failover.in_progress',
  'failover.unlock',
];
const CLIENT_NEEDS = [
  'auth.generate_token',
  'auth.login',
  'auth.login_ex',
  'auth.login_ex_continue',
  'auth.login_with_api_key',
  'auth.login_with_token',
  'auth.logout',
  'auth.me',
  'auth.mechanism_choices',
  'core.get_jobs',
  'core.job_abort',
  'core.job_wait',
  'core.ping',
  'core.set_options',
  'core.subscribe',
  'core.unsubscribe',
];
const ALL_VERSIONS = ['v25.04.0', 'v25.04.1', 'v25.04.2', 'v25.10.0', 'v25.10.1', 'v25.10.2', 'v25.10.5', 'v26.0.0', 'v27.0.0'];

test('every API version the middleware names has a schema file, and no version is in two files', () => {
  for (const v of ALL_VERSIONS) expect(() => byVersion(v)).not.toThrow();
  const all = schemas.flatMap((s) => versionsOf(s.data));
  expect(new Set(all).size).toBe(all.length);
});

describe.each(ALL_VERSIONS)('%s', (version) => {
  const schema = byVersion(version);
  const names = schema.methods.map((m) => m.name);

  test('public failover methods', () => {
    const failover = names.filter((n) => n.startsWith('failover.')).sort();
    expect(failover).toEqual([...COMMON, ...(version.startsWith('v25.04') ? ONLY_25_04 : [])].sort());
  });

  test('core and auth methods the client needs', () => {
    expect(names.filter((n) => !n.startsWith('failover.')).sort()).toEqual(CLIENT_NEEDS);
  });

  test('jobs and their locks', () => {
    const jobs = schema.methods.filter((m) => m.job).map((m) => [m.name, m.job_lock ?? null]);
    expect(jobs.sort()).toEqual([
      ['core.job_wait', null],
      ['failover.reboot.other_node', 'reboot_standby'],
      ['failover.upgrade', 'failover_upgrade'],
    ]);
    const upgrade = schema.methods.find((m) => m.name === 'failover.upgrade')!;
    expect([upgrade.input_pipes, upgrade.check_pipes]).toEqual([true, false]);
  });

  test('roles', () => {
    const roles = Object.fromEntries(schema.methods.filter((m) => m.name.startsWith('failover.')).map((m) => [m.name, m.roles]));
    for (const n of ['config', 'node', 'status', 'get_ips', 'disabled.reasons', 'reboot.info'])
      expect(roles[`failover.${n}`]).toEqual(['FAILOVER_READ']);
    for (const n of ['update', 'become_passive', 'sync_to_peer', 'sync_from_peer', 'upgrade'])
      expect(roles[`failover.${n}`]).toEqual(['FAILOVER_WRITE']);
    expect(roles['failover.reboot.other_node']).toEqual(['FULL_ADMIN']);
    // licensed needs a logged-in connection but no role.
    expect(roles['failover.licensed']).toEqual([]);
    for (const m of schema.methods.filter((x) => !x.name.startsWith('failover.'))) expect(m.roles).toEqual([]);
  });

  test('methods that work before login', () => {
    const noAuth = schema.methods.filter((m) => m.no_auth_required).map((m) => m.name);
    const expected = ['auth.login', 'auth.login_ex', 'auth.login_ex_continue', 'auth.login_with_api_key', 'auth.login_with_token'];
    expected.push('auth.mechanism_choices', 'core.set_options');
    // core.ping needs a login on 25.04 only.
    if (!version.startsWith('v25.04')) expected.push('core.ping');
    expect(noAuth.sort()).toEqual(expected.sort());
  });

  test('events', () => {
    const events = Object.fromEntries(schema.events.map((e) => [e.name, e.registered]));
    // failover.setup is still sent from 26.0 on, but no longer registered.
    const setupRegistered = version.startsWith('v25.');
    expect(events).toEqual({
      'core.get_jobs': true,
      'failover.disabled.reasons': true,
      'failover.reboot.info': true,
      'failover.setup': setupRegistered,
      'failover.status': true,
      'system.reboot.info': true,
    });
  });
});

describe('validation layer', () => {
  // TS-25.04.2: plugins/failover.py, plugins/failover_/disabled_reasons.py and remote.py declare these
  // with @accepts (middlewared.schema), service/core_service.py core.get_jobs (@filterable),
  // job_wait and job_abort too; failover_reboot, auth and the core subscriptions are api_method models.
  const LEGACY_25_04 = [
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
  ];
  test.each(ALL_VERSIONS)('%s: methods on the older @accepts layer', (version) => {
    const legacy = byVersion(version)
      .methods.filter((m) => m.legacy_schema)
      .map((m) => m.name);
    expect(legacy).toEqual(version.startsWith('v25.04') ? LEGACY_25_04 : []);
  });
});

describe('REST routes (spec §9)', () => {
  const route = (version: string, name: string) => {
    const r = byVersion(version).methods.find((m) => m.name === name)?.rest;
    return r ? `${r.method} ${r.path}` : null;
  };
  test('25.04', () => {
    const v = 'v25.04.0';
    expect(byVersion(v).rest).toBe(true);
    expect(route(v, 'failover.config')).toBe('GET /failover');
    expect(route(v, 'failover.update')).toBe('PUT /failover');
    expect(route(v, 'failover.licensed')).toBe('GET /failover/licensed');
    expect(route(v, 'failover.node')).toBe('GET /failover/node');
    expect(route(v, 'failover.hardware')).toBe('GET /failover/hardware');
    expect(route(v, 'failover.status')).toBe('GET /failover/status');
    expect(route(v, 'failover.in_progress')).toBe('GET /failover/in_progress');
    expect(route(v, 'failover.get_ips')).toBe('GET /failover/get_ips');
    expect(route(v, 'failover.become_passive')).toBe('GET /failover/become_passive');
    expect(route(v, 'failover.force_master')).toBe('GET /failover/force_master');
    expect(route(v, 'failover.sync_to_peer')).toBe('POST /failover/sync_to_peer');
    expect(route(v, 'failover.sync_from_peer')).toBe('GET /failover/sync_from_peer');
    expect(route(v, 'failover.control')).toBe('POST /failover/control');
    expect(route(v, 'failover.unlock')).toBe('POST /failover/unlock');
    expect(route(v, 'failover.upgrade')).toBe('POST /failover/upgrade');
    expect(route(v, 'failover.disabled.reasons')).toBeNull();
    expect(route(v, 'failover.reboot.info')).toBe('GET /failover/reboot/info');
    expect(route(v, 'failover.reboot.other_node')).toBe('GET /failover/reboot/other_node');
    expect(route(v, 'core.get_jobs')).toBe('GET /core/get_jobs');
  });
  test.each(['v25.10.0', 'v25.10.2'])('%s', (v) => {
    expect(byVersion(v).rest).toBe(true);
    expect(route(v, 'failover.config')).toBe('GET /failover');
    expect(route(v, 'failover.update')).toBe('PUT /failover');
    expect(route(v, 'failover.status')).toBeNull();
    expect(route(v, 'failover.disabled.reasons')).toBeNull();
    expect(route(v, 'failover.sync_to_peer')).toBe('POST /failover/sync_to_peer');
    expect(route(v, 'failover.reboot.other_node')).toBe('POST /failover/reboot/other_node');
    expect(route(v, 'failover.upgrade')).toBe('POST /failover/upgrade');
    expect(route(v, 'core.get_jobs')).toBe('GET /core/get_jobs');
  });
  test('methods that need the WebSocket connection have no route', () => {
    for (const v of ['v25.04.0', 'v25.10.0', 'v25.10.2']) {
      for (const n of ['core.subscribe', 'core.unsubscribe', 'core.set_options', 'auth.login_ex', 'auth.me', 'auth.logout'])
        expect(route(v, n)).toBeNull();
    }
  });
  test.each(['v26.0.0', 'v27.0.0'])('%s has no REST API', (v) => {
    expect(byVersion(v).rest).toBe(false);
    expect(byVersion(v).methods.filter((m) => m.rest !== null)).toEqual([]);
  });
});

test('the schema directory is where the tests look', () => {
  expect(join(resolve(import.meta.dirname, '../../schema'))).toMatch(/schema$/);
});
