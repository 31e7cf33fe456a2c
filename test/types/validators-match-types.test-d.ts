/**
 * The zod validators and the openapi-typescript types come from the same schema by two different
 * routes; this proves they agree. For every component of every version family, the validator's
 * inferred input type must equal the generated type. A mapped type collects the names of the
 * components that differ, so a failure names them instead of stopping at the first.
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import type { components as C25_04 } from '../../src/generated/v25_04_0/types.js';
import type * as V25_04 from '../../src/generated/v25_04_0/validators.js';
import type { components as C25_10_0 } from '../../src/generated/v25_10_0/types.js';
import type * as V25_10_0 from '../../src/generated/v25_10_0/validators.js';
import type { components as C25_10_2 } from '../../src/generated/v25_10_2/types.js';
import type * as V25_10_2 from '../../src/generated/v25_10_2/validators.js';
import type { components as C26 } from '../../src/generated/v26_0_0/types.js';
import type * as V26 from '../../src/generated/v26_0_0/validators.js';
import type { components as C27 } from '../../src/generated/v27_0_0/types.js';
import type * as V27 from '../../src/generated/v27_0_0/validators.js';

/** Exact type equality (distinguishes optional from `| undefined`, `any` from everything). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Names of the components whose validator's input type differs from the generated type. */
type Mismatched<S, V> = {
  [K in keyof S]: K extends keyof V ? (V[K] extends z.ZodType ? (Equal<z.input<V[K]>, S[K]> extends true ? never : K) : K) : K;
}[keyof S];

/** Names of generated types that have no validator of the same name. */
type WithoutValidator<S, V> = Exclude<keyof S, keyof V>;

describe('every zod validator infers exactly the generated type', () => {
  test('v25.04.0 family', () => {
    expectTypeOf<Mismatched<C25_04['schemas'], typeof V25_04>>().toEqualTypeOf<never>();
    expectTypeOf<WithoutValidator<C25_04['schemas'], typeof V25_04>>().toEqualTypeOf<never>();
  });
  test('v25.10.0 family', () => {
    expectTypeOf<Mismatched<C25_10_0['schemas'], typeof V25_10_0>>().toEqualTypeOf<never>();
    expectTypeOf<WithoutValidator<C25_10_0['schemas'], typeof V25_10_0>>().toEqualTypeOf<never>();
  });
  test('v25.10.2 family', () => {
    expectTypeOf<Mismatched<C25_10_2['schemas'], typeof V25_10_2>>().toEqualTypeOf<never>();
    expectTypeOf<WithoutValidator<C25_10_2['schemas'], typeof V25_10_2>>().toEqualTypeOf<never>();
  });
  test('v26.0.0 family', () => {
    expectTypeOf<Mismatched<C26['schemas'], typeof V26>>().toEqualTypeOf<never>();
    expectTypeOf<WithoutValidator<C26['schemas'], typeof V26>>().toEqualTypeOf<never>();
  });
  test('v27.0.0 family', () => {
    expectTypeOf<Mismatched<C27['schemas'], typeof V27>>().toEqualTypeOf<never>();
    expectTypeOf<WithoutValidator<C27['schemas'], typeof V27>>().toEqualTypeOf<never>();
  });

  test('the check itself notices a difference (a validator compared with the wrong type)', () => {
    type Swapped = { FailoverEntry: C27['schemas']['FailoverUpdate'] };
    expectTypeOf<Mismatched<Swapped, typeof V27>>().toEqualTypeOf<'FailoverEntry'>();
  });
});
