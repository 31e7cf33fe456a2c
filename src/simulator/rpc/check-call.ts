/**
 * A call's arguments checked as the release checks them, before a plain method runs or inside a
 * job method's job (api/base/decorator.py `api_method` and schema/processor.py `accepts` both
 * validate in the method's wrapper, which a job runs): the generated validators with TrueNAS's
 * wording (`checkArguments`), numbers written as floats refused where an integer is expected
 * (the models are strict), and on 25.04 the `@accepts` layer's "Too many arguments" CallError.
 */
import type { MethodDescription } from '../../types/api-description.js';
import { checkArguments } from '../../validation/check-arguments.js';
import { SimCallError, SimValidationErrors } from '../errors.js';
import type { ServerRelease } from '../versions.js';
import { fractionalNumbers, plainNumbers, wireFloatPaths } from './wire-numbers.js';

/** `data.timeout` for the path `[0, 'timeout']`, as `checkArguments` names attributes. */
function attributeOf(method: MethodDescription, path: readonly (string | number)[]): string {
  const [first, ...rest] = path;
  const head = typeof first === 'number' ? (method.arguments[first]?.name ?? String(first)) : String(first ?? '');
  return [head, ...rest.map(String)].filter((p) => p !== '').join('.');
}

/** The arguments with defaults applied; throws SimValidationErrors or (25.04 `@accepts`) SimCallError. */
export function checkCall(release: ServerRelease, method: MethodDescription, params: readonly unknown[]): unknown[] {
  const declared = method.arguments.length;
  if (params.length > declared && release.legacyAccepts.has(method.name)) {
    // schema/processor.py `accepts`: raise CallError(f'Too many arguments (expected {n}, found {m})').
    throw new SimCallError(`Too many arguments (expected ${declared}, found ${params.length})`);
  }
  // Hot path: a method without arguments called without arguments needs no validation.
  if (declared === 0 && params.length === 0) return [];
  const plain = plainNumbers(params);
  const checked = checkArguments(method, plain);
  if (!checked.ok) throw new SimValidationErrors(checked.issues);
  if (plain !== params) {
    // A number written as a float (`5.0`) where an integer is expected: refused, as pydantic's strict int is.
    const floats = new Set(wireFloatPaths(params).map((path) => attributeOf(method, path)));
    const strict = checkArguments(method, fractionalNumbers(params));
    const issues = strict.ok ? [] : strict.issues.filter((issue) => floats.has(issue.attribute));
    if (issues.length > 0) throw new SimValidationErrors(issues);
  }
  return checked.value;
}
