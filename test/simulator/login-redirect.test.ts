import { describe, expect, it } from 'vitest';
import { connect, simulator } from './helpers.js';

const passwordLogin = (username: string, password: string) => ({ mechanism: 'PASSWORD_PLAIN', username, password });

describe('login on the standby', () => {
  it('answers REDIRECT with the VIP URL while the peer is active (25.04.2+)', async () => {
    const sim = await simulator();
    try {
      const c = await connect(sim.b.ws);
      const reply = await c.call('auth.login_ex', [passwordLogin('nobody', 'wrong')]);
      expect(reply).toEqual({ response_type: 'REDIRECT', urls: [sim.vip.http] });
      expect((await c.request('failover.status')).error?.data?.error).toBe(207);
      expect(await c.call('auth.login', [sim.credentials.username, sim.credentials.password])).toBe(false);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('logs in normally on the standby when the peer cannot be reached', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      sim.faults.cutHeartbeat();
      const c = await connect(sim.b.ws);
      expect(await c.call('auth.login_ex', [passwordLogin(sim.credentials.username, sim.credentials.password)])).toMatchObject({
        response_type: 'SUCCESS',
      });
      expect(await c.call('failover.status')).toBe('BACKUP');
      expect(await c.call('failover.get_ips')).toEqual([]);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('on 25.04.0 redirects without asking the peer, and fails when the peer is unreachable', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.0' });
    try {
      const c = await connect(sim.b.ws);
      expect(await c.call('auth.login_ex', [passwordLogin(sim.credentials.username, sim.credentials.password)])).toEqual({
        response_type: 'REDIRECT',
        urls: [sim.vip.http],
      });
      sim.faults.cutHeartbeat();
      const reply = await c.request('auth.login_ex', [passwordLogin(sim.credentials.username, sim.credentials.password)]);
      expect(reply.error?.data).toMatchObject({
        error: 111,
        errname: 'ECONNREFUSED',
        reason: '[ECONNREFUSED] Remote connection unavailable',
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
