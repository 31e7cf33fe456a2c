import { describe, expectTypeOf, it } from 'vitest';
import type * as browser from '../../src/transport/platform/browser.js';
import type * as node from '../../src/transport/platform/node.js';
import type { Platform } from '../../src/transport/platform/types.js';

// The package swaps the one for the other by condition (#platform): they must export the same names,
// each of the Platform type.
describe('the platform modules', () => {
  it('export the same names, all of Platform', () => {
    expectTypeOf<keyof typeof browser>().toEqualTypeOf<keyof typeof node>();
    expectTypeOf<keyof typeof node>().toEqualTypeOf<keyof Platform>();
    expectTypeOf<typeof browser>().toEqualTypeOf<typeof node>();
  });
});
