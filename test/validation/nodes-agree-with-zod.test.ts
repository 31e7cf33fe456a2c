/**
 * The client checks values against schema nodes (src/validation/schema-check.ts); the `schema`
 * entry exports zod/mini validators of the same schemas (their types pinned by
 * validators-match-types). Both are printed from one reading of the schema (scripts/lib/nodes.ts);
 * this holds their verdicts together: for every method of every API version, generated argument
 * lists (valid, broken at one place, or any JSON) and results (valid or any JSON) pass both or
 * neither, and where they pass both hand out the same value (defaults filled in, unknown keys of a
 * non-strict model left out).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isApiVersion } from '../../src/generated/index.js';
import { schemaFiles } from '../../src/generated/schema-files.js';
import * as zodValidators from '../../src/generated/validators.js';
import type { JsonSchema, SchemaFile } from '../../src/types/schema-file.js';
import { apiDescription } from '../../src/validation/api-descriptions.js';
import { checkSchema } from '../../src/validation/schema-check.js';
import { invalidArguments, valid, validArguments } from '../fuzz/schema-arbitrary.js';
import { CASES_PER_KIND, runs } from '../fuzz/settings.js';

interface ZodLike {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}
type Family = { args: Record<string, ZodLike>; results: Record<string, ZodLike> };

const FILES = (Object.values(schemaFiles) as SchemaFile[]).filter((f) => isApiVersion(f.version));
const METHOD_COUNT = FILES.reduce((n, f) => n + f.methods.length, 0);
const RUNS = Math.ceil(CASES_PER_KIND / METHOD_COUNT);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** The zod validators of a version: those of the latest family at or before it (family ids sort as versions do). */
function zodFamily(version: string): Family {
  const id = Object.keys(zodValidators)
    .filter((f) => `v${version.slice(1).replaceAll('.', '_')}` >= f)
    .sort()
    .pop()!;
  return (zodValidators as unknown as Record<string, Family>)[id]!;
}

function agree(zod: ZodLike, node: Parameters<typeof checkSchema>[0], value: unknown): void {
  const z = zod.safeParse(value);
  const ours = checkSchema(node, value);
  expect(ours.ok, `verdict on ${JSON.stringify(value)}`).toBe(z.success);
  if (ours.ok && z.success) expect(ours.value).toEqual(z.data);
}

describe.each(FILES.map((f) => [f.version, f] as const))('%s', (version, file) => {
  const description = apiDescription(version as Parameters<typeof apiDescription>[0]);
  const family = zodFamily(version);

  test.each(file.methods.map((m) => [m.name, m] as const))('%s: arguments and result', (name, method) => {
    const ours = description.methods[name]!;
    const names = ours.arguments.map((a) => a.name);
    const params = fc.oneof(
      validArguments(file, method),
      invalidArguments(file, method, names).map((b) => b.params),
      fc.array(anyJson, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(params, (p) => agree(family.args[name]!, ours.args.node, p)),
      runs(RUNS),
    );
    const result = fc.oneof(valid(file, method.schemas.properties['Return value'] as JsonSchema), anyJson);
    fc.assert(
      fc.property(result, (r) => agree(family.results[name]!, ours.result.node, r)),
      runs(RUNS),
    );
  });
});
