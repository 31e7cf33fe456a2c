/**
 * `client.ha.rollingUpgrade({ image })`: the air-gapped rolling upgrade. The image is uploaded with
 * the job instead of downloaded, the three phases follow as usual; an accepted installer warning
 * resumes with the image the controller kept (`resume_manual`), without sending it again. On the
 * WebSocket and the REST client, against the simulator.
 */
import { describe, expect, it } from 'vitest';
import { simulatedUpdateImage } from '../../src/simulator.js';
import { master, pairClient, record, restClient, settle, simulator } from './helpers.js';

describe('client.ha.rollingUpgrade({ image })', () => {
  it('uploads the image, upgrades the standby, fails over, and both controllers run the image’s version', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.9-DOWNLOAD' });
    const client = pairClient(sim);
    const workflow = client.ha.rollingUpgrade({ image: simulatedUpdateImage('27.0.6-IMAGE', 200_000), interval: 100 });
    const updates = record(workflow);
    const report = await workflow;
    expect(report).toMatchObject({ fromImage: true, upgradedStandby: true, acceptedWarning: null, master: 'B', disabledReasons: [] });
    const progress = updates.filter((u) => u.type === 'progress').map((u) => u.description);
    expect(progress).toContain('Uploading update file');
    expect(progress.filter((d) => d?.startsWith('Downloading update'))).toEqual([]);
    expect(sim.state().nodes.A.version).toBe('27.0.6-IMAGE');
    expect(sim.state().nodes.B?.version).toBe('27.0.6-IMAGE');
    expect(master(sim)).toBe('B');
  });

  it('an accepted installer warning resumes with the kept image (resume_manual), not a download', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.9-DOWNLOAD' });
    const client = pairClient(sim);
    sim.faults.installerWarning('Boot pool nearly full');
    const report = await client.ha.rollingUpgrade({
      image: simulatedUpdateImage('27.0.7-KEPT'),
      acceptWarning: true,
      failover: false,
      interval: 100,
    });
    expect(report).toMatchObject({ fromImage: true, acceptedWarning: 'Boot pool nearly full', upgradedStandby: true, failover: null });
    // The download would have installed 27.0.9-DOWNLOAD.
    expect(sim.state().nodes.B?.version).toBe('27.0.7-KEPT');
  });

  it('over REST (TrueNAS 25.10): the same, the image sent with the REST credential', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    const report = await client.ha.rollingUpgrade({ image: simulatedUpdateImage('25.10.9-IMAGE'), failover: false, interval: 100 });
    expect(report).toMatchObject({ fromImage: true, upgradedStandby: true });
    expect(sim.state().nodes.B?.version).toBe('25.10.9-IMAGE');
  });

  it('refuses an image of the wrong type before anything is sent', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const result = await settle(client.ha.rollingUpgrade({ image: 42 as unknown as Uint8Array }));
    expect((result as { error: Error }).error).toBeInstanceOf(TypeError);
    expect((result as { error: Error }).error.message).toMatch(/^rollingUpgrade: options\.image must be/);
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });
});
