/**
 * Wrong arguments are rejected before anything is sent, the way TrueNAS reports them: one issue per
 * problem, the attribute being the argument name plus the field path, pydantic's wording, EINVAL
 * (25.04's older layer: legacy-25-04-wording.test.ts). Results and event payloads are checked
 * leniently: a wrong type fails with the field's path, a new field or value passes.
 */
import { describe, expect, test } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import { type ValidationIssue, validationReason } from '../../src/validation/arguments.js';
import { checkArguments } from '../../src/validation/check-arguments.js';

const method = (version: ApiVersion, name: string) => apiDescription(version).methods[name]!;
function issues(version: ApiVersion, name: string, params: unknown[]): ValidationIssue[] {
  const check = checkArguments(method(version, name), params);
  if (check.ok) throw new Error(`${version} ${name} accepted ${JSON.stringify(params)}`);
  return check.issues;
}
const EINVAL = 22;

describe('failover.update arguments', () => {
  test('a string timeout names data.timeout', () => {
    expect(issues('v27.0.0', 'failover.update', [{ timeout: '5' }])).toEqual([
      { attribute: 'data.timeout', message: 'Input should be a valid integer', errno: EINVAL },
    ]);
    expect(issues('v25.10.0', 'failover.update', [{ timeout: 1.5 }])).toEqual([
      { attribute: 'data.timeout', message: 'Input should be a valid integer', errno: EINVAL },
    ]);
  });
  test('25.04 names the argument failover_update, as its older schema system does', () => {
    expect(issues('v25.04.0', 'failover.update', [{ timeout: 'soon' }])).toEqual([
      { attribute: 'failover_update.timeout', message: 'Not an integer', errno: EINVAL },
    ]);
  });
  test('an unknown key is an extra input', () => {
    expect(issues('v27.0.0', 'failover.update', [{ timeout: 5, timout: 5 }])).toEqual([
      { attribute: 'data.timout', message: 'Extra inputs are not permitted', errno: EINVAL },
    ]);
  });
  test('every problem is reported, each with its own path', () => {
    const found = issues('v27.0.0', 'failover.update', [{ disabled: 'yes', master: 1, foo: true }]);
    expect(found).toHaveLength(3);
    expect(found).toContainEqual({ attribute: 'data.disabled', message: 'Input should be a valid boolean', errno: EINVAL });
    expect(found).toContainEqual({ attribute: 'data.master', message: 'Input should be a valid boolean', errno: EINVAL });
    expect(found).toContainEqual({ attribute: 'data.foo', message: 'Extra inputs are not permitted', errno: EINVAL });
  });
  test('timeout is bounded 0–120 from the 26.0 model on, unbounded before', () => {
    expect(issues('v27.0.0', 'failover.update', [{ timeout: 121 }])).toEqual([
      { attribute: 'data.timeout', message: 'Input should be less than or equal to 120', errno: EINVAL },
    ]);
    expect(issues('v26.0.0', 'failover.update', [{ timeout: -1 }])).toEqual([
      { attribute: 'data.timeout', message: 'Input should be greater than or equal to 0', errno: EINVAL },
    ]);
    expect(checkArguments(method('v25.10.2', 'failover.update'), [{ timeout: 121 }]).ok).toBe(true);
  });
  test('the argument is required from 25.10 on, optional on 25.04', () => {
    expect(issues('v27.0.0', 'failover.update', [])).toEqual([{ attribute: 'data', message: 'Field required', errno: EINVAL }]);
    expect(checkArguments(method('v25.04.0', 'failover.update'), [])).toEqual({ ok: true, value: [{}] });
  });
  test('an object is expected, not a list', () => {
    expect(issues('v27.0.0', 'failover.update', [[]])).toEqual([
      { attribute: 'data', message: 'Input should be a valid dictionary or instance of FailoverUpdate', errno: EINVAL },
    ]);
  });
});

describe('other methods', () => {
  test('reboot reason must not be empty', () => {
    expect(issues('v27.0.0', 'failover.reboot.other_node', [{ reason: '' }])).toEqual([
      { attribute: 'options.reason', message: 'String should have at least 1 character', errno: EINVAL },
    ]);
  });
  test('upgrade train must not be empty; 25.04 has no version option', () => {
    expect(issues('v25.10.2', 'failover.upgrade', [{ train: '' }])).toEqual([
      { attribute: 'failover_upgrade.train', message: 'String should have at least 1 character', errno: EINVAL },
    ]);
    expect(issues('v25.04.0', 'failover.upgrade', [{ version: '25.04.2' }])).toEqual([
      { attribute: 'failover_upgrade.version', message: 'Field was not expected', errno: EINVAL },
    ]);
  });
  test('a missing positional argument is "Field required" under its name', () => {
    expect(issues('v27.0.0', 'core.job_abort', [])).toEqual([{ attribute: 'id', message: 'Field required', errno: EINVAL }]);
    expect(issues('v27.0.0', 'core.job_abort', ['412'])).toEqual([
      { attribute: 'id', message: 'Input should be a valid integer', errno: EINVAL },
    ]);
  });
  test('too many arguments', () => {
    const found = issues('v27.0.0', 'failover.config', [{}]);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/Too many arguments/);
  });
  test('login: unknown mechanism, missing field, SCRAM before 26.0', () => {
    const [tag] = issues('v27.0.0', 'auth.login_ex', [{ mechanism: 'KERBEROS' }]);
    expect(tag!.attribute).toBe('login_data');
    expect(tag!.message).toMatch(/^Input tag 'KERBEROS' found using 'mechanism' does not match any of the expected tags: /);
    expect(tag!.message).toContain("'SCRAM'");
    expect(issues('v27.0.0', 'auth.login_ex', [{ mechanism: 'API_KEY_PLAIN', username: 'truenas_admin' }])).toEqual([
      { attribute: 'login_data.api_key', message: 'Field required', errno: EINVAL },
    ]);
    const [scram] = issues('v25.10.2', 'auth.login_ex', [{ mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: 'n,,' }]);
    expect(scram!.message).toMatch(/expected tags: 'API_KEY_PLAIN', 'PASSWORD_PLAIN', 'TOKEN_PLAIN', 'OTP_TOKEN'$/);
    expect(issues('v27.0.0', 'auth.login_ex', [{ username: 'truenas_admin' }])).toEqual([
      { attribute: 'login_data', message: "Unable to extract tag using discriminator 'mechanism'", errno: EINVAL },
    ]);
  });
  test('query filters: unknown operator', () => {
    const found = issues('v27.0.0', 'core.get_jobs', [[['state', 'LIKE', 'RUN%']]]);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.attribute.startsWith('filters.0')).toBe(true);
  });
});

describe('reason text', () => {
  test('one "[EINVAL] attribute: message" line per issue', () => {
    const found = issues('v27.0.0', 'failover.update', [{ timeout: '5', foo: 1 }]);
    expect(validationReason(found)).toBe(
      '[EINVAL] data.timeout: Input should be a valid integer\n[EINVAL] data.foo: Extra inputs are not permitted\n',
    );
  });
});

describe('results and events', () => {
  test('a status, node or job state of the wrong type is rejected with its path', () => {
    expect(method('v27.0.0', 'failover.status').result.safeParse(1).success).toBe(false);
    expect(method('v27.0.0', 'failover.node').result.safeParse(null).success).toBe(false);
    const fields = apiDescription('v27.0.0').events['failover.status']!.fields.changed!;
    const parsed = fields.safeParse({ status: ['MASTER'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['status']);
  });
  test('a config answer missing timeout is rejected at timeout', () => {
    const parsed = method('v25.10.0', 'failover.config').result.safeParse({ id: 1, disabled: false, master: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['timeout']);
  });
  test('a job with a state that is not a string is rejected at state', () => {
    const parsed = apiDescription('v27.0.0').events['core.get_jobs']!.fields.changed!.safeParse({ state: 5 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('state');
  });
});
