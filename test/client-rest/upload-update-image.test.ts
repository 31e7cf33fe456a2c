/**
 * `client.upload()` on both transports: the REST client sends the image to `POST /_upload` with
 * the credential every request carries, the WebSocket client with a single-use token; the job is
 * polled (REST) or followed by events (WebSocket) the same way. TrueNAS's refusals become the same
 * typed errors. Over real sockets to the simulator (TrueNAS 25.10).
 */
import { describe, expect, it } from 'vitest';
import { CallError, type JobProgress } from '../../src/index.js';
import { simulatedUpdateImage } from '../../src/simulator.js';
import { clientOver, simulator, TRANSPORTS } from './helpers.js';

describe.each(TRANSPORTS)('client.upload() over %s', (transport) => {
  it('upgrades from the image; the job is followed to its result', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = clientOver(transport, sim);
    const job = client.upload('failover.upgrade', [{}], simulatedUpdateImage(`25.10.7-${transport}`, 256 * 1024));
    const seen: JobProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    expect(await job).toBe(true);
    expect(seen.map((p) => p.description)).toContain('Sending files to Standby Controller');
    expect(job.info?.credentials).toMatchObject({ type: transport === 'rest' ? 'API_KEY' : 'TOKEN' });
    expect(sim.state().nodes.B?.version).toBe(`25.10.7-${transport}`);
  });

  it('a role without FAILOVER_WRITE is CallError EACCES; another call error keeps its errno', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const image = simulatedUpdateImage('25.10.8');
    const viewer = clientOver(transport, sim, {
      auth: { username: sim.credentials.readonly.username, apiKey: sim.credentials.readonly.apiKey },
    });
    const refused = await viewer.upload('failover.upgrade', [{}], image).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CallError);
    expect((refused as CallError).errno).toBe(13);
    const admin = clientOver(transport, sim);
    sim.faults.failNextCall('failover.upgrade', { errno: 16, reason: 'Upgrade lock is busy' });
    const busy = await admin.upload('failover.upgrade', [{}], image).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(busy).toBeInstanceOf(CallError);
    expect(busy).toMatchObject({ errno: 16, errname: 'EBUSY', reason: '[EBUSY] Upgrade lock is busy' });
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });
});
