/**
 * The zod validators and the TypeScript types come from the same schema by two different routes
 * (scripts/lib/zod.ts and scripts/lib/typescript.ts); this proves they agree. For every component
 * of every family, the validator's inferred input type must equal the generated type, compared by
 * the compiler in a probe file with one line per component, so that a failure names the component.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Probe, probe, root } from './program.js';

const generated = join(root, 'src/generated');
const families = readdirSync(generated).filter((f) => statSync(join(generated, f)).isDirectory());
const MAPS = new Set(['args', 'results', 'events']);

/** Exact type equality (distinguishes optional from `| undefined`, `any` from everything). */
const EQUAL = 'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;';
const imports = families.flatMap((f) => [
  `import type * as T_${f} from '../../src/generated/${f}/types.js';`,
  `import type * as V_${f} from '../../src/generated/${f}/validators.js';`,
]);

let names: Map<string, { types: string[]; validators: string[] }>;
let checked: Probe;
/** Line of the probe → `family.Component`. */
const lineOf = new Map<number, string>();

beforeAll(() => {
  // First pass: which names each family exports.
  const list = probe([...imports, "import type { input } from 'zod/mini';"].join('\n'));
  names = new Map(
    families.map((f) => {
      const types = [...list.exportsOf(`../../src/generated/${f}/types.js`).keys()].sort();
      const validators = [...list.exportsOf(`../../src/generated/${f}/validators.js`).keys()].filter((n) => !MAPS.has(n)).sort();
      return [f, { types, validators }];
    }),
  );
  // Second pass: one comparison per component, plus one that must fail (the check checks).
  const lines = [...imports, "import type { input } from 'zod/mini';", EQUAL];
  for (const [f, { types }] of names) {
    for (const n of types) {
      lines.push(`export const ${f}__${n}: Equal<input<typeof V_${f}.${n}>, T_${f}.${n}> = true;`);
      lineOf.set(lines.length, `${f}.${n}`);
    }
  }
  lines.push('export const swapped: Equal<input<typeof V_v27_0_0.FailoverEntry>, T_v27_0_0.FailoverUpdate> = true;');
  lineOf.set(lines.length, 'swapped');
  checked = probe(lines.join('\n'));
}, 120_000);

describe.each(families)('%s', (family) => {
  test('every generated type has a validator of the same name, and every validator a type', () => {
    const { types, validators } = names.get(family)!;
    expect(types.length).toBeGreaterThan(20);
    expect(validators).toEqual(types);
  });
  test("every validator's input type equals the generated type", () => {
    const failed = checked.errors.filter((e) => lineOf.get(e.line)?.startsWith(`${family}.`)).map((e) => lineOf.get(e.line));
    expect(failed).toEqual([]);
  });
});

test('the check itself notices a difference (a validator compared with the wrong type)', () => {
  expect(checked.errors.map((e) => lineOf.get(e.line))).toEqual(['swapped']);
});
