import { describe, expect, it } from 'vitest';
import { simulator } from './helpers.js';

describe('HTTP GET /api/versions and /api/boot_id', () => {
  it('lists the versions a 27.0 server serves, without v24.10', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    try {
      const versions = await (await fetch(`${sim.a.http}/api/versions`)).json();
      expect(versions).toEqual([
        'v25.04.0',
        'v25.04.1',
        'v25.04.2',
        'v25.10.0',
        'v25.10.1',
        'v25.10.2',
        'v25.10.3',
        'v25.10.4',
        'v25.10.5',
        'v26.0.0',
        'v27.0.0',
      ]);
      const bootId = await (await fetch(`${sim.b.http}/api/boot_id`)).json();
      expect(bootId).toBe(sim.state().nodes.B?.bootId);
    } finally {
      await sim.stop();
    }
  });

  it('lists v24.10 on 25.04 and has no /api/boot_id there', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    try {
      expect(await (await fetch(`${sim.a.http}/api/versions`)).json()).toEqual(['v24.10', 'v25.04.0', 'v25.04.1', 'v25.04.2']);
      expect((await fetch(`${sim.a.http}/api/boot_id`)).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('answers 400 to a plain GET on a WebSocket endpoint', async () => {
    const sim = await simulator();
    try {
      expect((await fetch(`${sim.a.http}/api/current`)).status).toBe(400);
    } finally {
      await sim.stop();
    }
  });
});
