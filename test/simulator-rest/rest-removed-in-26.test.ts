import { describe, expect, it } from 'vitest';
import { adminKey, rest, restSimulator } from './helpers.js';

// TrueNAS 26 removed REST: every /api/v2.0 path answers 404 there, even the OpenAPI document,
// while WebSocket and /api/versions keep working.
describe.each(['v26.0.0', 'v27.0.0'] as const)('REST on a %s server', (version) => {
  it('answers 404 for every /api/v2.0 path', async () => {
    const sim = await restSimulator({ apiVersion: version });
    for (const path of ['/failover', '/failover/', '/failover/node', '/core/get_jobs', '/openapi.json', '']) {
      const reply = await rest(sim.vip.http, path, { headers: adminKey(sim) });
      expect(reply.status, `/api/v2.0${path}`).toBe(404);
    }
    expect((await rest(sim.vip.http, '/failover', { method: 'PUT', headers: adminKey(sim), body: '{"timeout": 3}' })).status).toBe(404);
    const versions = (await (await fetch(`${sim.vip.http}/api/versions`)).json()) as string[];
    expect(versions).toContain(version);
  });
});
