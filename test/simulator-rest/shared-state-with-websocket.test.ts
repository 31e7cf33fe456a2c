import { describe, expect, it } from 'vitest';
import { session } from '../simulator/helpers.js';
import { adminKey, rest, restSimulator } from './helpers.js';

// REST and WebSocket run calls on the same pair: a change over one is read back over the other,
// and WebSocket subscribers get the events a REST call causes.
describe('REST and WebSocket share the pair', () => {
  it('a REST update is read over WebSocket and fires the WebSocket event; a WebSocket update is read over REST', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const ws = await session(sim.vip.ws, sim);
    try {
      await ws.call('core.subscribe', ['failover.disabled.reasons']);
      expect(await ws.call('failover.disabled.reasons')).toEqual([]);

      const put = await rest(sim.vip.http, '/failover', {
        method: 'PUT',
        headers: adminKey(sim),
        body: '{"disabled": true, "timeout": 9}',
      });
      expect(put.status).toBe(200);
      expect(await ws.call('failover.config')).toMatchObject({ disabled: true, timeout: 9 });
      const event = await ws.waitFor(
        (n) => n.params.collection === 'failover.disabled.reasons' && JSON.stringify(n.params.fields).includes('NO_FAILOVER'),
      );
      expect(event.params).toMatchObject({ msg: 'changed', fields: { disabled_reasons: ['NO_FAILOVER'] } });

      await ws.call('failover.update', [{ disabled: false, timeout: 4 }]);
      expect((await rest(sim.vip.http, '/failover', { headers: adminKey(sim) })).json).toMatchObject({ disabled: false, timeout: 4 });
    } finally {
      ws.close();
    }
  });

  it('a job started over REST is announced to WebSocket subscribers of core.get_jobs', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const ws = await session(sim.vip.ws, sim);
    try {
      await ws.call('core.subscribe', ['core.get_jobs']);
      const id = (await rest(sim.vip.http, '/failover/reboot/other_node', { method: 'POST', headers: adminKey(sim), body: '{}' })).json;
      const done = await ws.waitFor(
        (n) =>
          n.params.collection === 'core.get_jobs' && n.params.id === id && (n.params.fields as { state?: string })?.state === 'SUCCESS',
        20_000,
      );
      expect(done.params.fields).toMatchObject({ method: 'failover.reboot.other_node' });
    } finally {
      ws.close();
    }
  });
});
