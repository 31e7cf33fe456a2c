/**
 * TrueNAS 25.04 checks most failover methods (and core.get_jobs, job_abort, job_wait) with its
 * older `@accepts` layer, not pydantic: other texts, and conversions pydantic refuses. Followed:
 * `Int.clean`, `Float.clean`, `Str.clean`, `Bool.clean`, `EnumMixin.clean`, `Dict.clean`,
 * `Attribute.clean`, `validators.Range` in src/middlewared/middlewared/schema/ and validators.py,
 * and `@accepts(Patch('failover_entry', 'failover_update', …))` on `FailoverService.do_update` in
 * plugins/failover.py, all at TS-25.04.2. Methods already on pydantic models in 25.04 (auth, core
 * subscriptions, failover.reboot.*) and every method from 25.10 on keep pydantic's wording.
 */
import { describe, expect, test } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import type { ArgumentsCheck } from '../../src/validation/arguments.js';
import { checkArguments } from '../../src/validation/check-arguments.js';

const check = (version: ApiVersion, name: string, params: unknown[]): ArgumentsCheck =>
  checkArguments(apiDescription(version).methods[name]!, params);
const issue = (attribute: string, message: string) => ({ attribute, message, errno: 22 });

describe('failover.update on 25.04 (Dict failover_update, update=True)', () => {
  test('an integer in a string is accepted as the integer (Int.clean)', () => {
    expect(check('v25.04.0', 'failover.update', [{ timeout: '5' }])).toEqual({ ok: true, value: [{ timeout: 5 }] });
    expect(check('v25.04.2', 'failover.update', [{ timeout: ' 7 ' }])).toEqual({ ok: true, value: [{ timeout: 7 }] });
    expect(check('v25.04.0', 'failover.update', [{ timeout: '1_0' }])).toEqual({ ok: true, value: [{ timeout: 10 }] });
  });
  test('anything else that is not an integer is "Not an integer"', () => {
    for (const timeout of ['5.0', 'five', 1.5, true, []]) {
      expect(check('v25.04.0', 'failover.update', [{ timeout }])).toEqual({
        ok: false,
        issues: [issue('failover_update.timeout', 'Not an integer')],
      });
    }
  });
  test('unknown keys, wrong booleans and nulls, in the order of the input', () => {
    expect(check('v25.04.0', 'failover.update', [{ foo: 1, timeout: 'x', disabled: 'yes' }])).toEqual({
      ok: false,
      issues: [
        issue('failover_update.foo', 'Field was not expected'),
        issue('failover_update.timeout', 'Not an integer'),
        issue('failover_update.disabled', 'Not a boolean'),
      ],
    });
    expect(check('v25.04.0', 'failover.update', [{ timeout: null }])).toEqual({
      ok: false,
      issues: [issue('failover_update.timeout', 'null not allowed')],
    });
    // `master` is patched to accept null.
    expect(check('v25.04.0', 'failover.update', [{ master: null }])).toEqual({ ok: true, value: [{ master: null }] });
  });
  test('the argument must be a dict, and may be left out', () => {
    expect(check('v25.04.0', 'failover.update', ['x'])).toEqual({ ok: false, issues: [issue('failover_update', 'A dict was expected')] });
    expect(check('v25.04.0', 'failover.update', [null])).toEqual({ ok: false, issues: [issue('failover_update', 'null not allowed')] });
    expect(check('v25.04.0', 'failover.update', [])).toEqual({ ok: true, value: [{}] });
  });
  test('25.10 and later keep pydantic: no conversion', () => {
    for (const v of ['v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'] as const) {
      expect(check(v, 'failover.update', [{ timeout: '5' }])).toEqual({
        ok: false,
        issues: [issue('data.timeout', 'Input should be a valid integer')],
      });
    }
  });
});

describe('other @accepts methods of 25.04', () => {
  test('strings: an integer becomes its text, blank is refused where empty=False (Str.clean)', () => {
    expect(check('v25.04.0', 'failover.upgrade', [{ train: 5 }])).toEqual({
      ok: true,
      value: [{ train: '5', resume: false, resume_manual: false }],
    });
    expect(check('v25.04.0', 'failover.upgrade', [{ train: '  ' }])).toEqual({
      ok: false,
      issues: [issue('failover_upgrade.train', 'Empty value not allowed')],
    });
    expect(check('v25.04.0', 'failover.upgrade', [{ train: true }])).toEqual({
      ok: false,
      issues: [issue('failover_upgrade.train', 'Not a string')],
    });
  });
  test('enums say "Invalid choice" (EnumMixin.clean)', () => {
    expect(check('v25.04.0', 'failover.control', ['FOO'])).toEqual({ ok: false, issues: [issue('action', 'Invalid choice: FOO')] });
  });
  test('ranges are checked once the value is clean, floats worded with their .0 (validators.Range)', () => {
    expect(check('v25.04.0', 'failover.call_remote', ['failover.status', [], { connect_timeout: 1 }])).toEqual({
      ok: false,
      issues: [issue('options.connect_timeout', 'Should be between 2.0 and 1800.0')],
    });
    const converted = check('v25.04.0', 'failover.call_remote', ['failover.status', [], { connect_timeout: '3' }]);
    expect(converted.ok && converted.value[2]).toMatchObject({ connect_timeout: 3, timeout: 60 });
  });
  test('a missing argument without default is "attribute required"; job ids convert too', () => {
    expect(check('v25.04.0', 'core.job_abort', [])).toEqual({ ok: false, issues: [issue('id', 'attribute required')] });
    expect(check('v25.04.0', 'core.job_abort', ['412'])).toEqual({ ok: true, value: [412] });
    expect(check('v25.10.0', 'core.job_abort', ['412'])).toEqual({ ok: false, issues: [issue('id', 'Input should be a valid integer')] });
  });
  test('methods on pydantic models in 25.04 keep pydantic wording', () => {
    expect(apiDescription('v25.04.0').methods['core.subscribe']!.validation).toBe('pydantic');
    expect(check('v25.04.0', 'core.subscribe', [5])).toEqual({ ok: false, issues: [issue('event', 'Input should be a valid string')] });
  });
  test('every 25.10+ method is checked by pydantic', () => {
    for (const v of ['v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'] as const) {
      for (const m of Object.values(apiDescription(v).methods)) expect(m.validation, `${v} ${m.name}`).toBe('pydantic');
    }
  });
});
