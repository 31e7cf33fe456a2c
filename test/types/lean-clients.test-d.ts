/** Clients of a one-version entry: lean until `withJobs` / `withHa` / `withUploads` add jobs, `ha` and `upload`, typed by their version. */
import { describe, expectTypeOf, test } from 'vitest';
import type { HaHelpers, Job, JobMethods, LeanClient, LeanRestClient, UpdateImage } from '../../src/index.js';
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

  test('a lean client has no job methods until withJobs (or withHa, withUploads) adds them, typed by the version', () => {
    const lean = v27.createClient({ url: 'wss://nas' });
    expectTypeOf(lean.failover).not.toHaveProperty('upgrade');
    expectTypeOf(lean.failover.reboot).not.toHaveProperty('other_node');
    expectTypeOf(lean.failover.reboot.info).returns.resolves.toHaveProperty('this_node');
    expectTypeOf(lean.core).not.toHaveProperty('job_wait');
    expectTypeOf(lean.call('failover.status')).resolves.toBeString();
    // @ts-expect-error a job method by wire name needs withJobs
    lean.call('failover.upgrade', [{}]);
    const jobs = v27.withJobs(lean);
    // The type an app can name: a lean client with jobs.
    const named: LeanClient<'v27.0.0'> & JobMethods<'v27.0.0'> = jobs;
    expectTypeOf(named.failover.upgrade).returns.toEqualTypeOf<Job<boolean>>();
    expectTypeOf(jobs.failover.upgrade()).toEqualTypeOf<Job<boolean>>();
    expectTypeOf(jobs.failover.reboot.other_node).returns.toEqualTypeOf<Job<null>>();
    expectTypeOf(jobs.failover.reboot.info).returns.resolves.toHaveProperty('this_node');
    expectTypeOf(jobs.call('failover.upgrade', [{}])).toEqualTypeOf<Job<boolean>>();
    expectTypeOf(jobs.call('failover.status')).resolves.toBeString();
    expectTypeOf(v27.withHa(v27.createClient()).failover.upgrade).returns.toEqualTypeOf<Job<boolean>>();
    expectTypeOf(v27.withUploads(v27.createClient()).failover.upgrade).returns.toEqualTypeOf<Job<boolean>>();
    const rest = v25_10_2.withJobs(v25_10_2.createClient({ url: 'https://nas', transport: 'rest' }));
    expectTypeOf(rest.failover.upgrade).returns.toEqualTypeOf<Job<boolean>>();
    expectTypeOf(rest.transport).toEqualTypeOf<'rest'>();
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
