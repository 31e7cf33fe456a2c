import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, session, simulator } from './helpers.js';

describe('authentication and authorization gate', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator();
  });
  afterAll(() => sim.stop());

  it('refuses calls before login with ENOTAUTHENTICATED (207)', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.request('failover.config');
    expect(reply.error?.code).toBe(-32001);
    expect(reply.error?.message).toBe('Method call error');
    expect(reply.error?.data).toMatchObject({
      error: 207,
      errname: 'ENOTAUTHENTICATED',
      reason: '[ENOTAUTHENTICATED] Not authenticated',
      extra: null,
    });
    expect(reply.error?.data?.trace).toMatchObject({ class: 'CallError' });
    c.close();
  });

  it('answers core.subscribe before login with 207, as the official client expects', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.request('core.subscribe', ['core.get_jobs']);
    expect(reply.error?.data?.error).toBe(207);
    c.close();
  });

  it('checks authentication before arguments', async () => {
    const c = await connect(sim.vip.ws);
    const reply = await c.request('failover.update', [{ timeout: 'soon' }]);
    expect(reply.error?.data?.error).toBe(207);
    c.close();
  });

  it('lets a read-only user read but not write (EACCES "Not authorized")', async () => {
    const c = await session(sim.vip.ws, sim, 'readonly');
    expect(await c.call('failover.config')).toMatchObject({ id: 1 });
    expect(await c.call('failover.licensed')).toBe(true);
    const reply = await c.request('failover.update', [{ timeout: 3 }]);
    expect(reply.error?.data).toMatchObject({ error: 13, errname: 'EACCES', reason: '[EACCES] Not authorized' });
    const reboot = await c.request('failover.reboot.other_node');
    expect(reboot.error?.data?.error).toBe(13);
    c.close();
  });

  it('allows core.set_options and auth.login_ex before login', async () => {
    const c = await connect(sim.vip.ws);
    expect(await c.call('core.set_options', [{ legacy_jobs: false }])).toEqual({
      legacy_jobs: false,
      private_methods: false,
      py_exceptions: false,
    });
    expect(await c.call('core.ping')).toBe('pong');
    c.close();
  });
});
