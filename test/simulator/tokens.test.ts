import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, rootSession, session, simulator } from './helpers.js';

describe('auth.generate_token and TOKEN_PLAIN', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator({ unixSockets: true });
  });
  afterAll(() => sim.stop());

  it('logs a second connection in with a token, as the same user', async () => {
    const c = await session(sim.vip.ws, sim);
    const token = await c.call<string>('auth.generate_token', [600]);
    const other = await connect(sim.vip.ws);
    expect(await other.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token }])).toMatchObject({
      response_type: 'SUCCESS',
      user_info: { pw_name: 'truenas_admin' },
    });
    // Multi-use by default.
    const third = await connect(sim.vip.ws);
    expect(await third.call('auth.login_with_token', [token])).toBe(true);
    for (const x of [c, other, third]) x.close();
  });

  it('consumes a single-use token', async () => {
    const c = await session(sim.vip.ws, sim);
    const token = await c.call<string>('auth.generate_token', [600, {}, true, true]);
    const first = await connect(sim.vip.ws);
    expect(await first.call('auth.login_with_token', [token])).toBe(true);
    const second = await connect(sim.vip.ws);
    expect(await second.call('auth.login_with_token', [token])).toBe(false);
    for (const x of [c, first, second]) x.close();
  });

  it('keeps tokens on the controller that issued them', async () => {
    const c = await session(sim.vip.ws, sim);
    const token = await c.call<string>('auth.generate_token', []);
    // Controller B (the standby) does not know it; its login also is not redirected here because
    // the UNIX socket is already root. Use B's TCP port: the standby redirects instead.
    const b = await connect(sim.b.ws);
    expect(await b.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token }])).toMatchObject({ response_type: 'REDIRECT' });
    sim.faults.cutHeartbeat();
    expect(await b.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token }])).toEqual({ response_type: 'AUTH_ERR' });
    sim.faults.restoreHeartbeat();
    const root = await rootSession(sim, 'A');
    expect(await root.call('auth.me')).toMatchObject({ pw_name: 'root' });
    for (const x of [c, b, root]) x.close();
  });

  it('refuses tokens with attributes for logins', async () => {
    const c = await session(sim.vip.ws, sim);
    const token = await c.call<string>('auth.generate_token', [600, { upload: true }]);
    const other = await connect(sim.vip.ws);
    expect(await other.call('auth.login_ex', [{ mechanism: 'TOKEN_PLAIN', token }])).toEqual({ response_type: 'AUTH_ERR' });
    for (const x of [c, other]) x.close();
  });
});
