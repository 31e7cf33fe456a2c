import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { clientOf, simulator, until } from './helpers.js';

// validate: 'all' also checks results and events against the schema of the version in use.
describe.each(['v25.04.0', 'v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'] as const)("validate: 'all' on %s", (version) => {
  it('accepts every real answer and event', async () => {
    const sim = await simulator({ apiVersion: version });
    const client = clientOf(sim, { validate: 'all' });
    const events: unknown[] = [];
    const errors: unknown[] = [];
    await client.subscribe('failover.disabled.reasons', (f) => events.push(f), { onError: (e) => errors.push(e) });
    await client.subscribe('core.get_jobs', (f) => events.push(f), { onError: (e) => errors.push(e) });
    expect(await client.failover.status()).toBe('MASTER');
    await client.failover.config();
    await client.failover.node();
    await client.failover.licensed();
    await client.failover.get_ips();
    await client.failover.reboot.info();
    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await client.failover.update({ disabled: false });
    await client.failover.disabled.reasons();
    expect(await client.failover.reboot.other_node()).toBeNull();
    await until(() => events.length >= 4, 'events');
    expect(errors).toEqual([]);
  });
});

describe("validate: 'all' against an answer outside the schema", () => {
  it('passes values a newer server adds; rejects an answer of another shape with ValidationError (source: result)', async () => {
    // A client that validates with the 25.04 schema, talking to a 27.0 server's current API: after
    // an upgrade that server reports LOC_UPGRADE_REBOOT_REQ, a reason 25.04 does not know. The
    // server's models type reasons as plain strings, and so do results: the new code passes.
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim, { url: `${sim.vip.ws}/api/current`, apiVersion: 'v25.04.0', validate: 'all' });
    expect(await client.failover.upgrade()).toBe(true);
    expect(await client.failover.disabled.reasons()).toContain('LOC_UPGRADE_REBOOT_REQ');
    // core.set_options answers null on 25.04, the resulting options on 27.0: another shape.
    const outcome = await client.core.set_options({ py_exceptions: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(ValidationError);
    expect((outcome as ValidationError).source).toBe('result');
    // In TrueNAS's words, as argument problems are: 25.04 types the answer as None.
    expect((outcome as ValidationError).issues[0]).toMatchObject({ attribute: 'result', message: 'Input should be None' });
    // With the default ('args'), the same answer is returned as is.
    const lenient = clientOf(sim, { url: `${sim.vip.ws}/api/current`, apiVersion: 'v25.04.0' });
    expect(await lenient.core.set_options({ py_exceptions: false })).toMatchObject({ py_exceptions: false });
  });
});
