import { describe, expect, it } from 'vitest';
import { apiDescription } from '../../src/index.js';
import { rest, restSimulator } from './helpers.js';

// GET /api/v2.0/openapi.json (and /api/v2.0, /api/v2.0/) needs no credentials and describes the
// routes the controller serves: the generated document of its API version.
describe('REST OpenAPI document', () => {
  it('serves the generated document without credentials, with every served route and a servers entry', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.2' });
    for (const path of ['/openapi.json', '', '/']) {
      const reply = await rest(sim.a.http, path);
      expect(reply.status, `/api/v2.0${path}`).toBe(200);
      const doc = reply.json as { openapi: string; paths: Record<string, Record<string, unknown>>; servers: { url: string }[] };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.servers).toEqual([{ url: sim.a.http }]);
      for (const method of Object.values(apiDescription('v25.10.2').methods)) {
        if (!method.rest) continue;
        const item = doc.paths[`/api/v2.0${method.rest.path}`];
        expect(item?.[method.rest.method.toLowerCase()], `${method.name} in the OpenAPI paths`).toBeDefined();
      }
      expect(doc.paths['/api/v2.0/failover/status']).toBeUndefined();
    }
    expect((await rest(sim.a.http, '/openapi.json', { method: 'POST' })).status).toBe(405);
  });
});
