import { describe, expect, it } from 'vitest';
import { apiDescription } from '../../src/index.js';
import { rest, restSimulator } from './helpers.js';

// Every REST route of the schema is served with its verb (and with a trailing slash); other verbs
// answer 405; methods TrueNAS did not expose over REST answer 404. Without credentials a route
// that needs them answers 401, which proves the route exists without running the method.
describe.each(['v25.04.2', 'v25.10.0', 'v25.10.5'] as const)('REST routes of %s come from the schema', (version) => {
  it('serves each route with its verb only, and 404 for unexposed methods', async () => {
    const sim = await restSimulator({ apiVersion: version });
    const description = apiDescription(version);
    let exposed = 0;
    for (const method of Object.values(description.methods)) {
      if (!method.rest) {
        const path = `/${method.name.replace(/\./g, '/')}`;
        const reply = await rest(sim.a.http, path);
        expect(reply.status, `${method.name} is not exposed over REST, yet ${path} answered`).toBe(404);
        continue;
      }
      exposed++;
      const { method: verb, path } = method.rest;
      // A method without authentication runs; the rest refuse the missing credentials.
      const expected = method.noAuth ? 200 : 401;
      for (const variant of [path, `${path}/`]) {
        const reply = await rest(sim.a.http, variant, { method: verb });
        expect(reply.status, `${verb} ${variant} (${method.name})`).toBe(expected);
      }
      const otherVerb = verb === 'GET' ? 'DELETE' : 'GET';
      const sameResourceHasIt = Object.values(description.methods).some((m) => m.rest?.path === path && m.rest.method === otherVerb);
      if (!sameResourceHasIt) {
        const reply = await rest(sim.a.http, path, { method: otherVerb });
        expect(reply.status, `${otherVerb} ${path}`).toBe(405);
        expect(reply.headers.get('allow')).toContain(verb);
      }
    }
    expect(exposed).toBeGreaterThan(10);
    expect((await rest(sim.a.http, '/failover/no_such_method')).text).toBe('404: Not Found');
  });
});

describe('REST routes that differ between 25.04 and 25.10 (spec §9)', () => {
  it('25.04: GET /failover/status and GET /failover/reboot/other_node', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.04.2' });
    expect((await rest(sim.a.http, '/failover/status')).status).toBe(401);
    expect((await rest(sim.a.http, '/failover/reboot/other_node')).status).toBe(401);
    expect((await rest(sim.a.http, '/failover/reboot/other_node', { method: 'POST' })).status).toBe(405);
    expect((await rest(sim.a.http, '/failover/hardware')).status).toBe(401);
  });

  it('25.10: no /failover/status, POST /failover/reboot/other_node, config service GET and PUT /failover', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    expect((await rest(sim.a.http, '/failover/status')).status).toBe(404);
    expect((await rest(sim.a.http, '/failover/disabled/reasons')).status).toBe(404);
    expect((await rest(sim.a.http, '/failover/reboot/other_node', { method: 'POST' })).status).toBe(401);
    expect((await rest(sim.a.http, '/failover/reboot/other_node')).status).toBe(405);
    expect((await rest(sim.a.http, '/failover', { method: 'PUT' })).status).toBe(401);
    expect((await rest(sim.a.http, '/failover')).status).toBe(401);
    expect((await rest(sim.a.http, '/failover/hardware')).status).toBe(404);
  });
});
