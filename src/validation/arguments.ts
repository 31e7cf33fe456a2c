/**
 * Validates the positional arguments of a call with the generated validators and reports the
 * problems the way TrueNAS does: one `[attribute, message, errno]` triple per problem, the
 * attribute being the argument name followed by the field path (`data.timeout`), the message in
 * the words of the server's validation layer: pydantic's (schema-check.ts), or for the methods
 * TrueNAS 25.04 still checks with `@accepts`, that older layer's (legacy.ts). The client and the
 * simulator share this, so both reject the same input alike.
 */
import { ERRNO } from '../errors/errno.js';
import type { MethodDescription } from '../types/api-description.js';
import type { LegacyArgumentsCheck } from '../types/api-registry.js';
import type { ArgumentsCheck, ValidationIssue } from '../types/arguments-check.js';
import { requiredItems } from './schema-check.js';

export type { ArgumentsCheck, ValidationIssue } from '../types/arguments-check.js';

/** The issue's attribute: the argument's name, then the field path. */
function attributeOf(path: readonly PropertyKey[], names: readonly string[]): string {
  const [first, ...rest] = path;
  const head = typeof first === 'number' ? (names[first] ?? String(first)) : first === undefined ? '' : String(first);
  return [head, ...rest.map(String)].filter((p) => p !== '').join('.');
}

/** Validates with the method's validator; on failure the issues in pydantic's words. */
function checkPydantic(method: MethodDescription, names: readonly string[], params: readonly unknown[]): ArgumentsCheck {
  const args = method.args.node;
  if (args.type === 'tuple' && params.length < requiredItems(args.items)) {
    // Required arguments are missing: pydantic reports each one as "Field required".
    const missing = method.arguments.slice(params.length).filter((arg) => arg.required);
    return { ok: false, issues: missing.map((arg) => ({ attribute: arg.name, message: 'Field required', errno: ERRNO.EINVAL })) };
  }
  const result = method.args.safeParse(params);
  if (result.success) return { ok: true, value: result.data as unknown[] };
  const issues = result.error.issues.map((issue) => ({
    attribute: attributeOf(issue.path, names),
    message: issue.message,
    errno: ERRNO.EINVAL,
  }));
  return { ok: false, issues };
}

/**
 * Checks `params` against the method's argument list; on success returns them with defaults applied.
 * The 25.04 `@accepts` layer (`legacy`) is handed in, so that a bundle without 25.04 leaves it out
 * (`checkArguments` of check-arguments.ts always has it); a method checked that way with no `legacy`
 * given is a fault of the client's entry.
 */
export function checkArgumentsWith(
  method: MethodDescription,
  params: readonly unknown[],
  legacy: LegacyArgumentsCheck | undefined,
): ArgumentsCheck {
  const names = method.arguments.map((a) => a.name);
  if (params.length > names.length) {
    return {
      ok: false,
      issues: [{ attribute: '', message: `Too many arguments (expected ${names.length}, found ${params.length})`, errno: ERRNO.EINVAL }],
    };
  }
  if (method.validation === 'pydantic') return checkPydantic(method, names, params);
  // The 25.04 `@accepts` layer: clean and validate its way, then the validator applies the defaults.
  if (!legacy) {
    throw new TypeError(
      `${method.name} is checked with TrueNAS 25.04's @accepts layer (validation: 'legacy'), which this client entry does not carry`,
    );
  }
  const cleaned = legacy(method, params);
  return cleaned.ok ? checkPydantic(method, names, cleaned.value.slice(0, params.length)) : cleaned;
}

/** TrueNAS's `reason` text for a list of validation problems: `[EINVAL] attribute: message` per line. */
export function validationReason(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `[EINVAL] ${i.attribute}: ${i.message}\n`).join('');
}
