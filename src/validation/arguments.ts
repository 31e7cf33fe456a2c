/**
 * Validates the positional arguments of a call with the generated zod validators and reports the
 * problems the way TrueNAS does: one `[attribute, message, errno]` triple per problem, the
 * attribute being the argument name followed by the field path (`data.timeout`), the message in
 * the words of the server's validation layer: pydantic's, or for the methods TrueNAS 25.04 still
 * checks with `@accepts`, that older layer's (legacy.ts). The client and the simulator share
 * this, so both reject the same input alike.
 */
import type { $ZodIssue } from 'zod/v4/core';
import { ERRNO } from '../errors/errno.js';
import type { MethodDescription } from '../types/api-description.js';
import type { LegacyArgumentsCheck } from '../types/api-registry.js';
import type { ArgumentsCheck, ValidationIssue } from '../types/arguments-check.js';

export type { ArgumentsCheck, ValidationIssue } from '../types/arguments-check.js';

function describeType(expected: string, schemaName?: string): string {
  switch (expected) {
    case 'int':
    case 'number':
      return expected === 'int' ? 'Input should be a valid integer' : 'Input should be a valid number';
    case 'boolean':
      return 'Input should be a valid boolean';
    case 'string':
      return 'Input should be a valid string';
    case 'array':
    case 'tuple':
      return 'Input should be a valid list';
    case 'object':
    case 'record':
      return `Input should be a valid dictionary${schemaName ? ` or instance of ${schemaName}` : ''}`;
    case 'null':
      return 'Input should be None';
    default:
      return `Input should be a valid ${expected}`;
  }
}

const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const orList = (values: readonly unknown[]) =>
  values.length <= 1 ? values.map(quote).join('') : `${values.slice(0, -1).map(quote).join(', ')} or ${quote(values[values.length - 1])}`;

function messagesOf(issue: $ZodIssue, value: unknown): { path: PropertyKey[]; message: string }[] {
  const path = issue.path;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'Field required' }];
      // Generated validators carry pydantic's wording where zod cannot tell (integers).
      if (issue.message.startsWith('Input should be')) return [{ path, message: issue.message }];
      return [{ path, message: describeType(issue.expected) }];
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: 'Extra inputs are not permitted' }));
    case 'too_big':
      if (issue.origin === 'string')
        return [{ path, message: `String should have at most ${issue.maximum} character${Number(issue.maximum) === 1 ? '' : 's'}` }];
      if (issue.origin === 'array')
        return [
          { path, message: `List should have at most ${issue.maximum} item${Number(issue.maximum) === 1 ? '' : 's'} after validation` },
        ];
      return [{ path, message: `Input should be less than${issue.inclusive ? ' or equal to' : ''} ${issue.maximum}` }];
    case 'too_small':
      if (issue.origin === 'string')
        return [{ path, message: `String should have at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'}` }];
      if (issue.origin === 'array')
        return [
          { path, message: `List should have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'} after validation` },
        ];
      return [{ path, message: `Input should be greater than${issue.inclusive ? ' or equal to' : ''} ${issue.minimum}` }];
    case 'invalid_value':
      return [{ path, message: `Input should be ${orList(issue.values)}` }];
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
      if (disc !== undefined) {
        // pydantic reports a tagged union's problem at the union itself, not at the tag field.
        const at = path[path.length - 1] === disc ? path.slice(0, -1) : path;
        const tag = value;
        const options = (issue as { options?: unknown[] }).options ?? [];
        if (tag === undefined) return [{ path: at, message: `Unable to extract tag using discriminator '${disc}'` }];
        return [
          {
            path: at,
            message: `Input tag ${quote(tag)} found using '${disc}' does not match any of the expected tags: ${options.map(quote).join(', ')}`,
          },
        ];
      }
      return [{ path, message: issue.message }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The issue's attribute: the argument's name, then the field path. */
function attributeOf(path: readonly PropertyKey[], names: readonly string[]): string {
  const [first, ...rest] = path;
  const head = typeof first === 'number' ? (names[first] ?? String(first)) : first === undefined ? '' : String(first);
  return [head, ...rest.map(String)].filter((p) => p !== '').join('.');
}

/** Validates with zod; on failure the issues in pydantic's words. */
function checkPydantic(method: MethodDescription, names: readonly string[], params: readonly unknown[]): ArgumentsCheck {
  const result = method.args.safeParse(params);
  if (result.success) return { ok: true, value: result.data as unknown[] };
  const issues: ValidationIssue[] = [];
  // The generated validators are zod schemas: their issues are zod's.
  for (const issue of result.error.issues as readonly $ZodIssue[]) {
    if (issue.code === 'too_small' && issue.origin === 'array' && issue.path.length === 0) {
      // A required argument is missing: pydantic reports each one as "Field required".
      for (const arg of method.arguments.slice(params.length)) {
        if (arg.required) issues.push({ attribute: arg.name, message: 'Field required', errno: ERRNO.EINVAL });
      }
      continue;
    }
    for (const m of messagesOf(issue, valueAt(params, issue.path))) {
      issues.push({ attribute: attributeOf(m.path, names), message: m.message, errno: ERRNO.EINVAL });
    }
  }
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
  // The 25.04 `@accepts` layer: clean and validate its way, then zod applies the defaults.
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
