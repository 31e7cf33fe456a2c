import { describe, expect, it } from 'vitest';
import { API_VERSIONS, apiDescription } from '../../src/generated/index.js';
import { handlers } from '../../src/simulator/methods/registry.js';

describe('method coverage', () => {
  it('implements every method of every API version the schema knows', () => {
    const missing: string[] = [];
    for (const version of API_VERSIONS) {
      for (const name of Object.keys(apiDescription(version).methods)) if (!handlers.has(name)) missing.push(`${version} ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
