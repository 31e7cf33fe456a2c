/**
 * An image uploaded with `POST /_upload` drives the same rolling-upgrade job as a download: the job
 * reports "Uploading update file" instead of downloading, sends the image to the standby, and the
 * standby reboots into the version the image names. Arguments are validated inside the job, as on
 * TrueNAS. Over real HTTP and WebSocket connections to the simulator.
 */
import { describe, expect, it } from 'vitest';
import { type Simulator, simulatedUpdateImage } from '../../src/simulator.js';
import { type RpcConnection, session, simulator } from './helpers.js';
import { bearer, dataPart, filePart, sendMultipart } from './upload-helpers.js';

interface JobFields {
  id: number;
  state: string;
  arguments: unknown[];
  error: string | null;
  exc_info: { type: string; errno: number | null } | null;
  progress: { description: string };
}

async function uploadAndWait(sim: Simulator, c: RpcConnection, params: unknown[], image: Uint8Array, padding = 0): Promise<JobFields> {
  const r = await sendMultipart(`${sim.vip.http}/_upload`, {
    parts: [dataPart('failover.upgrade', params), filePart(image, padding)],
    headers: bearer(sim.credentials.apiKey),
  });
  expect(r.status).toBe(200);
  const id = (JSON.parse(r.text) as { job_id: number }).job_id;
  await c.waitFor((n) => n.params.id === id && ['SUCCESS', 'FAILED'].includes((n.params.fields as JobFields).state), 30_000);
  return c.call<JobFields>('core.get_jobs', [[['id', '=', id]], { get: true }]);
}

const descriptionsOf = (c: RpcConnection, id: number) =>
  c.notifications.filter((n) => n.params.id === id).map((n) => (n.params.fields as JobFields).progress.description);

describe('failover.upgrade with an uploaded image', () => {
  it('installs the version the image names: uploading, sending to the standby, standby rebooted into it', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2', upgradeVersion: '25.10.9-DOWNLOADED' });
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      // A megabyte of image, streamed in chunks.
      const job = await uploadAndWait(sim, c, [{}], simulatedUpdateImage('25.10.7-UPLOADED'), 1024 * 1024);
      expect(job).toMatchObject({ state: 'SUCCESS', arguments: [{}] });
      const seen = descriptionsOf(c, job.id);
      expect(seen).toEqual(expect.arrayContaining(['Uploading update file', 'Sending files to Standby Controller']));
      expect(seen.filter((d) => /^(Retrieving update manifest|Downloading update)/.test(d))).toEqual([]);
      expect(seen.indexOf('Uploading update file')).toBeLessThan(seen.indexOf('Sending files to Standby Controller'));
      const state = sim.state();
      expect(state.nodes.B?.version).toBe('25.10.7-UPLOADED');
      expect(state.nodes.A.nextVersion).toBe('25.10.7-UPLOADED');
      // A successful upgrade does not keep the image.
      expect(state.nodes.A.updateFile).toBeNull();
      expect(await c.call('failover.disabled.reasons')).toEqual(['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ']);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('an image without a header line installs `upgradeVersion`; an empty image cannot be mounted', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.4' });
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const empty = await uploadAndWait(sim, c, [{}], new Uint8Array(0));
      expect(empty.state).toBe('FAILED');
      expect(empty.error).toMatch(/^\[EFAULT\] Invalid update image file\. Please, re-download update\. Error: mount: .*wrong fs type/);
      expect(sim.state().nodes.B?.version).not.toBe('27.0.4');
      const plain = await uploadAndWait(sim, c, [{}], new TextEncoder().encode('squashfs bytes without a manifest line'));
      expect(plain.state).toBe('SUCCESS');
      expect(sim.state().nodes.B?.version).toBe('27.0.4');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('arguments are validated inside the job: bad ones answer a job id, and the job fails VALIDATION', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const job = await uploadAndWait(sim, c, [{ resume: 'yes' }], simulatedUpdateImage('27.0.5'));
      expect(job).toMatchObject({ state: 'FAILED', arguments: [{ resume: 'yes' }], exc_info: { type: 'VALIDATION' } });
      expect(job.error).toMatch(/failover_upgrade\.resume/);
      expect(descriptionsOf(c, job.id)).not.toContain('Uploading update file');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
