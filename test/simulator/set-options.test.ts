import { describe, expect, it } from 'vitest';
import { connect, login, simulator } from './helpers.js';

describe('core.set_options per API version', () => {
  it('answers null on 25.04 and job calls always answer the id', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.1' });
    try {
      const c = await connect(sim.vip.ws);
      expect(await c.call('core.set_options', [{ legacy_jobs: false, private_methods: false, py_exceptions: false }])).toBeNull();
      await login(c, sim);
      expect(typeof (await c.call('failover.reboot.other_node'))).toBe('number');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('echoes the options on 25.10+, ignoring unknown keys', async () => {
    const sim = await simulator({ apiVersion: 'v26.0.0' });
    try {
      const c = await connect(sim.vip.ws);
      expect(await c.call('core.set_options', [{ legacy_jobs: false, colour: 'blue' }])).toEqual({
        legacy_jobs: false,
        private_methods: false,
        py_exceptions: false,
      });
      expect(await c.call('core.set_options', [{}])).toEqual({ legacy_jobs: false, private_methods: false, py_exceptions: false });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('follows the pinned endpoint: /api/v25.04.2 on a 27.0 server behaves like 25.04 for shapes', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    try {
      const c = await connect(sim.vip.ws, '/api/v25.04.2');
      expect(await c.call('core.set_options', [{ legacy_jobs: false }])).toBeNull();
      const reply = await c.call<Record<string, unknown>>('auth.login_ex', [
        { mechanism: 'PASSWORD_PLAIN', username: sim.credentials.username, password: sim.credentials.password },
      ]);
      expect('reconnect_token' in reply).toBe(false);
      expect(await c.call('failover.hardware')).toBe('IXKVM');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
