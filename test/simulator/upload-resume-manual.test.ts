/**
 * The installer-warning path of an uploaded image: the job fails with EAGAIN and the controller
 * keeps the image; `resume: true, resume_manual: true` continues with it without a new upload.
 * `resume_manual` without a kept image fails the way TrueNAS's loop mount does.
 */
import { describe, expect, it } from 'vitest';
import { simulatedUpdateImage } from '../../src/simulator.js';
import { type RpcConnection, session, simulator } from './helpers.js';
import { bearer, dataPart, filePart, sendMultipart } from './upload-helpers.js';

interface JobFields {
  id: number;
  state: string;
  error: string | null;
  exc_info: { errno: number | null } | null;
  progress: { description: string };
}

async function finished(c: RpcConnection, id: number): Promise<JobFields> {
  await c.waitFor((n) => n.params.id === id && ['SUCCESS', 'FAILED'].includes((n.params.fields as JobFields).state), 30_000);
  return c.call<JobFields>('core.get_jobs', [[['id', '=', id]], { get: true }]);
}

describe('failover.upgrade: resume_manual', () => {
  it('keeps the uploaded image after the installer warning; resume_manual continues with it, nothing sent again', async () => {
    // upgradeVersion differs from the image: the resumed job must install the image's version.
    const sim = await simulator({ upgradeVersion: '27.0.9-DOWNLOAD' });
    try {
      sim.faults.installerWarning('The boot pool has less than 10% free space');
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const r = await sendMultipart(`${sim.vip.http}/_upload`, {
        parts: [dataPart('failover.upgrade', [{}]), filePart(simulatedUpdateImage('27.0.3-IMAGE'), 300_000)],
        headers: bearer(sim.credentials.apiKey),
      });
      expect(r.status).toBe(200);
      const first = await finished(c, (JSON.parse(r.text) as { job_id: number }).job_id);
      expect(first).toMatchObject({
        state: 'FAILED',
        error: '[EAGAIN] The boot pool has less than 10% free space',
        exc_info: { errno: 11 },
      });
      expect(sim.state().nodes.A.updateFile).toMatchObject({ version: '27.0.3-IMAGE' });
      expect(sim.state().nodes.A.updateFile!.size).toBeGreaterThan(300_000);

      const resumedId = await c.call<number>('failover.upgrade', [{ resume: true, resume_manual: true }]);
      const resumed = await finished(c, resumedId);
      expect(resumed.state).toBe('SUCCESS');
      const seen = c.notifications.filter((n) => n.params.id === resumedId).map((n) => (n.params.fields as JobFields).progress.description);
      expect(seen).not.toContain('Uploading update file');
      expect(seen.filter((d) => /^(Retrieving update manifest|Downloading update)/.test(d))).toEqual([]);
      expect(seen).not.toContain('Sending files to Standby Controller');
      expect(sim.state().nodes.B?.version).toBe('27.0.3-IMAGE');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('resume_manual without a kept image fails: the update file cannot be mounted', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['core.get_jobs']);
      const id = await c.call<number>('failover.upgrade', [{ resume: true, resume_manual: true }]);
      const job = await finished(c, id);
      expect(job.state).toBe('FAILED');
      expect(job.error).toMatch(
        /^\[EFAULT\] Invalid update image file\. Please, re-download update\. Error: mount: \/var\/db\/system\/update\/updatefile\.sqsh: .*No such file or directory/,
      );
      expect(sim.state().nodes.B?.version).toBe(sim.state().nodes.A.version);
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
