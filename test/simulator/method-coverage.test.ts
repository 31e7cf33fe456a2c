import { describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/generated/index.js';
import { handlers } from '../../src/simulator/methods/registry.js';
import { serverRelease } from '../../src/simulator/versions.js';

describe('method coverage', () => {
  it('implements every method every served endpoint lists (schema and server methods), jobs as jobs', () => {
    const missing: string[] = [];
    const wrongKind: string[] = [];
    for (const version of API_VERSIONS) {
      for (const endpoint of serverRelease(version).endpoints.values()) {
        for (const method of Object.values(endpoint.description.methods)) {
          const handler = handlers.get(method.name);
          if (!handler) missing.push(`${version} ${endpoint.version} ${method.name}`);
          // A job method's handler is a job body (dispatch creates the job and checks arguments inside it).
          else if ((typeof handler === 'object') !== method.job) wrongKind.push(`${version} ${method.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(wrongKind).toEqual([]);
  });
});
