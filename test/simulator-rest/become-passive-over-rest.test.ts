import { describe, expect, it } from 'vitest';
import { adminKey, rest, restSimulator, until } from './helpers.js';

// GET /failover/become_passive never answers: the controller reboots under the request, the HTTP
// connection drops, and the peer takes over (the VIP then reaches it).
describe('REST GET /failover/become_passive', () => {
  it('drops the request and fails over to the other controller', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    expect((await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim) })).json).toBe('A');
    const outcome = await rest(sim.vip.http, '/failover/become_passive', { headers: adminKey(sim) }).then(
      (reply) => ({ answered: reply.status }),
      (error: Error) => ({ dropped: error.message }),
    );
    expect(outcome).toHaveProperty('dropped');
    await until(async () => {
      try {
        return (await rest(sim.vip.http, '/failover/node', { headers: adminKey(sim), timeout: 2000 })).json === 'B';
      } catch {
        return false;
      }
    }, 'controller B to answer on the VIP');
    expect(sim.state().nodes.B?.status).toBe('MASTER');
  });
});
