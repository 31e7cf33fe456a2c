/**
 * The example payloads of the protocol spec (§11) pass the generated validators of the versions
 * they belong to: requests as argument lists, answers as results, notifications as event fields.
 */
import { describe, expect, test } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import { checkArguments } from '../../src/validation/check-arguments.js';

const method = (version: ApiVersion, name: string) => {
  const m = apiDescription(version).methods[name];
  if (!m) throw new Error(`${name} is not a method of ${version}`);
  return m;
};
const eventFields = (version: ApiVersion, name: string, msg: string) => apiDescription(version).events[name]!.fields[msg]!;
const ALL: ApiVersion[] = ['v25.04.0', 'v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'];

function expectArgs(version: ApiVersion, name: string, params: unknown[]) {
  const check = checkArguments(method(version, name), params);
  expect(check, `${version} ${name} ${JSON.stringify(params)}`).toMatchObject({ ok: true });
  return check.ok ? check.value : [];
}
function expectResult(version: ApiVersion, name: string, result: unknown) {
  const parsed = method(version, name).result.safeParse(result);
  expect(parsed.success, `${version} ${name}: ${parsed.error?.message}`).toBe(true);
}

describe('login (§11)', () => {
  const request = {
    mechanism: 'API_KEY_PLAIN',
    username: 'truenas_admin',
    api_key: '7-Jx3nGd1vQk0rT9mZp2Lw8yS5aHc4eUf6oBi',
    login_options: { user_info: false },
  };
  test.each(ALL)('%s accepts the API key login request', (version) => {
    expectArgs(version, 'auth.login_ex', [request]);
  });
  test('26.0+ answer with reconnect_token, 25.x without it', () => {
    const answer26 = { response_type: 'SUCCESS', user_info: null, authenticator: 'LEVEL_1', reconnect_token: null };
    const answer25 = { response_type: 'SUCCESS', user_info: null, authenticator: 'LEVEL_1' };
    for (const v of ['v26.0.0', 'v27.0.0'] as const) expectResult(v, 'auth.login_ex', answer26);
    for (const v of ['v25.04.0', 'v25.10.0', 'v25.10.2'] as const) expectResult(v, 'auth.login_ex', answer25);
    expect(method('v27.0.0', 'auth.login_ex').result.safeParse(answer25).success).toBe(false);
    // A field the version does not know passes: results are checked leniently.
    expectResult('v25.10.0', 'auth.login_ex', answer26);
  });
  test.each(ALL)('%s accepts the REDIRECT answer of a standby', (version) => {
    expectResult(version, 'auth.login_ex', { response_type: 'REDIRECT', urls: ['http://10.20.30.40', 'https://10.20.30.40'] });
  });
  test('SCRAM steps (26.0+)', () => {
    for (const v of ['v26.0.0', 'v27.0.0'] as const) {
      expectArgs(v, 'auth.login_ex', [{ mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: 'n,,n=truenas_admin:7,r=abc' }]);
      expectResult(v, 'auth.login_ex', {
        response_type: 'SCRAM_RESPONSE',
        scram_type: 'SERVER_FIRST_RESPONSE',
        rfc_str: 'r=abcdef,s=c2FsdA==,i=500000',
        user_info: null,
      });
    }
  });
});

describe('failover.config and failover.update (§11)', () => {
  test.each(ALL)('%s', (version) => {
    expectArgs(version, 'failover.config', []);
    expectResult(version, 'failover.config', { id: 1, disabled: false, master: true, timeout: 0 });
    expect(expectArgs(version, 'failover.update', [{ disabled: true, master: true }])).toEqual([{ disabled: true, master: true }]);
    expectResult(version, 'failover.update', { id: 1, disabled: true, master: true, timeout: 0 });
  });
});

describe('events (§11)', () => {
  test.each(ALL)('%s: failover.status and failover.disabled.reasons notifications', (version) => {
    expect(eventFields(version, 'failover.status', 'changed').safeParse({ status: 'MASTER' }).success).toBe(true);
    const reasons = { disabled_reasons: ['NO_FAILOVER', 'NO_PONG'] };
    expect(eventFields(version, 'failover.disabled.reasons', 'changed').safeParse(reasons).success).toBe(true);
  });

  test.each(ALL)('%s: job progress notification of failover.reboot.other_node', (version) => {
    const job = {
      id: 412,
      message_ids: ['6'],
      method: 'failover.reboot.other_node',
      arguments: [{ reason: 'System upgrade', graceful: false }],
      transient: false,
      description: null,
      abortable: false,
      logs_path: null,
      logs_excerpt: null,
      progress: { percent: 30, description: 'Waiting on the other controller to go offline', extra: null },
      result: null,
      result_encoding_error: null,
      error: null,
      exception: null,
      exc_info: null,
      state: 'RUNNING',
      time_started: { $date: 1767225600000 },
      time_finished: null,
      credentials: { type: 'LOGIN_PASSWORD', data: { username: 'truenas_admin' } },
    };
    const fields = eventFields(version, 'core.get_jobs', 'changed');
    expect(fields.safeParse(job).success).toBe(true);
    const failed = {
      ...job,
      state: 'FAILED',
      error: '[EAGAIN] installer warning',
      exc_info: { repr: "CallError('installer warning', 11)", type: 'CallError', errno: 11, extra: null },
    };
    expect(fields.safeParse(failed).success).toBe(true);
  });

  test('25.04 servers send jobs without message_ids', () => {
    const job = {
      id: 3,
      method: 'failover.upgrade',
      arguments: [],
      transient: false,
      description: null,
      abortable: false,
      logs_path: null,
      logs_excerpt: null,
      progress: { percent: 0, description: '', extra: null },
      result: null,
      result_encoding_error: null,
      error: null,
      exception: null,
      exc_info: null,
      state: 'WAITING',
      time_started: null,
      time_finished: null,
      credentials: null,
    };
    expect(eventFields('v25.04.0', 'core.get_jobs', 'added').safeParse(job).success).toBe(true);
    expect(eventFields('v25.10.0', 'core.get_jobs', 'added').safeParse(job).success).toBe(false);
  });
});

describe('failover.disabled.reasons and failover.reboot.info (§11)', () => {
  test.each(ALL)('%s', (version) => {
    expectResult(version, 'failover.disabled.reasons', ['NO_FAILOVER', 'NO_PONG']);
    const info = {
      this_node: { boot_id: '5b1d7c2e-0f4a-4e53-9d0a-1c2b3d4e5f60', reboot_required_reasons: [] },
      other_node: {
        boot_id: '9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
        reboot_required_reasons: [
          { code: 'UPGRADE', reason: 'This system needs to be rebooted in order for the system upgrade to finish.' },
        ],
      },
    };
    expectResult(version, 'failover.reboot.info', info);
    expectResult(version, 'failover.reboot.info', { ...info, other_node: null });
    expect(eventFields(version, 'failover.reboot.info', 'changed').safeParse(info).success).toBe(true);
  });
  test('codes a version does not know pass: the server models type them as plain strings', () => {
    for (const v of ALL) expectResult(v, 'failover.disabled.reasons', ['LOC_UPGRADE_REBOOT_REQ', 'SOME_FUTURE_REASON']);
    for (const v of ALL) expectResult(v, 'failover.status', 'SOME_FUTURE_STATUS');
    expectResult('v25.10.0', 'failover.reboot.info', {
      this_node: { boot_id: 'b', reboot_required_reasons: [{ code: 'GPU_ISOLATION', reason: 'GPU isolation changed.' }] },
      other_node: null,
    });
  });
});

describe('job methods and their options (§4, §9)', () => {
  test('failover.reboot.other_node takes {reason, graceful} from 25.10 and fills the defaults', () => {
    for (const v of ['v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'] as const) {
      expect(expectArgs(v, 'failover.reboot.other_node', [{ reason: 'Maintenance', graceful: true }])).toEqual([
        { reason: 'Maintenance', graceful: true },
      ]);
      expect(expectArgs(v, 'failover.reboot.other_node', [])).toEqual([{ reason: 'System upgrade', graceful: false }]);
    }
    expectArgs('v25.04.0', 'failover.reboot.other_node', []);
  });
  test('failover.upgrade defaults per version', () => {
    expect(expectArgs('v27.0.0', 'failover.upgrade', [])).toEqual([{ train: null, version: null, resume: false, resume_manual: false }]);
    expect(expectArgs('v25.04.0', 'failover.upgrade', [])).toEqual([{ resume: false, resume_manual: false }]);
    expect(expectArgs('v27.0.0', 'failover.upgrade', [{ resume: true }])).toEqual([
      { train: null, version: null, resume: true, resume_manual: false },
    ]);
  });
  test('failover.sync_to_peer and core.get_jobs defaults', () => {
    expect(expectArgs('v27.0.0', 'failover.sync_to_peer', [])).toEqual([{ reboot: false }]);
    expect(expectArgs('v25.04.0', 'failover.sync_to_peer', [])).toEqual([{ reboot: false }]);
    const [filters, options] = expectArgs('v27.0.0', 'core.get_jobs', [[['id', '=', 412]], { get: true }]);
    expect(filters).toEqual([['id', '=', 412]]);
    expect(options).toMatchObject({ get: true, count: false, limit: 0, offset: 0 });
    expectArgs('v25.10.0', 'core.get_jobs', [
      [
        [
          'OR',
          [
            ['state', '=', 'RUNNING'],
            ['state', '=', 'WAITING'],
          ],
        ],
      ],
    ]);
    expectArgs('v25.10.0', 'core.get_jobs', [[['method', 'C^', 'FAILOVER.']]]);
  });
});
