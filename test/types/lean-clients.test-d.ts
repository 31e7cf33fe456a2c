/** Clients of a one-version entry: lean until `withHa` / `withUploads` add `ha` and `upload`, typed by their version. */
import { describe, expectTypeOf, test } from 'vitest';
import type { HaHelpers, Job, LeanClient, LeanRestClient, UpdateImage } from '../../src/index.js';
import * as v25_10_2 from '../../src/versions/v25_10_2.js';
import * as v27 from '../../src/versions/v27_0_0.js';

declare const image: UpdateImage;

describe('lean clients', () => {
  test('createClient of an entry gives a lean client of its version', () => {
    const client = v27.createClient({ url: 'wss://nas' });
    expectTypeOf(client).toEqualTypeOf<LeanClient<'v27.0.0'>>();
    expectTypeOf(client).not.toHaveProperty('ha');
    expectTypeOf(client).not.toHaveProperty('upload');
    expectTypeOf(v25_10_2.createClient({ url: 'https://nas', transport: 'rest' })).toEqualTypeOf<LeanRestClient<'v25.10.2'>>();
  });

  test('withHa adds client.ha, withUploads adds upload typed by the version', () => {
    const client = v27.withUploads(v27.withHa(v27.createClient({ url: 'wss://nas' })));
    expectTypeOf(client.ha).toEqualTypeOf<HaHelpers>();
    expectTypeOf(client.upload('failover.upgrade', [{}], image)).toEqualTypeOf<Job<boolean>>();
    // @ts-expect-error only job methods with an input pipe take a file
    client.upload('failover.status', [], image);
    expectTypeOf(client.failover.status).returns.resolves.toBeString();
    const rest = v25_10_2.withHa(v25_10_2.createClient({ url: 'https://nas', transport: 'rest' }));
    expectTypeOf(rest.ha).toEqualTypeOf<HaHelpers>();
    expectTypeOf(rest.transport).toEqualTypeOf<'rest'>();
  });
});
