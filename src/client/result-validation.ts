/** Optional validation of results and event payloads (`validate: 'all'`), with issues in TrueNAS's shape. */
import type { ApiDescription, MethodDescription } from '../types/api-description.js';
import type { ValidationIssue } from '../validation/arguments.js';

export function issuesOfResult(method: MethodDescription, result: unknown): ValidationIssue[] | undefined {
  // A job method answers with the job id; its result schema describes the job's result.
  if (method.job) return undefined;
  const check = method.result.safeParse(result);
  if (check.success) return undefined;
  return check.error.issues.map((i) => ({ attribute: ['result', ...i.path.map(String)].join('.'), message: i.message, errno: 22 }));
}

/** Issues of an event payload (`fields` of message `msg`), or undefined when valid or not described. */
export function issuesOfEvent(
  description: ApiDescription | undefined,
  name: string,
  msg: string,
  fields: unknown,
): ValidationIssue[] | undefined {
  // Event and message names come from the server: `constructor` or `__proto__` must not reach Object's own members.
  const event = description && Object.hasOwn(description.events, name) ? description.events[name] : undefined;
  const validator = event && Object.hasOwn(event.fields, msg) ? event.fields[msg] : undefined;
  if (!validator) return undefined;
  const check = validator.safeParse(fields);
  if (check.success) return undefined;
  return check.error.issues.map((i) => ({ attribute: ['fields', ...i.path.map(String)].join('.'), message: i.message, errno: 22 }));
}
