/** Optional validation of results (`validate: 'all'`), with issues in TrueNAS's shape. */
import type { MethodDescription } from '../types/api-description.js';
import type { ValidationIssue } from '../validation/arguments.js';

export function issuesOfResult(method: MethodDescription, result: unknown): ValidationIssue[] | undefined {
  // A job method answers with the job id; its result schema describes the job's result.
  if (method.job) return undefined;
  const check = method.result.safeParse(result);
  if (check.success) return undefined;
  return check.error.issues.map((i) => ({ attribute: ['result', ...i.path.map(String)].join('.'), message: i.message, errno: 22 }));
}
