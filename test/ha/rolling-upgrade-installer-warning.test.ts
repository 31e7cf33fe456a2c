import { describe, expect, it } from 'vitest';
import { InstallerWarningError, JobFailedError } from '../../src/index.js';
import { master, pairClient, settle, simulator } from './helpers.js';

const WARNING = 'The boot pool has less than 10% free space';

describe('client.ha.rollingUpgrade(): the installer warning (EAGAIN)', () => {
  it('stops with InstallerWarningError carrying the text; nothing is installed; resume: true accepts it', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.0-UPGRADED' });
    const client = pairClient(sim);
    sim.faults.installerWarning(WARNING);
    const workflow = client.ha.rollingUpgrade({ interval: 100 });
    const result = await settle(workflow);
    const error = (result as { error: InstallerWarningError }).error;
    expect(error).toBeInstanceOf(InstallerWarningError);
    expect(error.warning).toBe(WARNING);
    expect(error.cause).toBeInstanceOf(JobFailedError);
    expect((error.cause as JobFailedError).errno).toBe(11);
    expect(error.message).toMatch(/resume: true/);
    expect(workflow.warnings.map((w) => w.code)).toEqual(['installer-warning']);
    expect(sim.state().nodes.B?.nextVersion).not.toBe('27.0.0-UPGRADED');
    expect(master(sim)).toBe('A');

    const report = await client.ha.rollingUpgrade({ resume: true, interval: 100 });
    expect(report).toMatchObject({ upgradedStandby: true, master: 'B' });
    expect(sim.state().nodes.A.version).toBe('27.0.0-UPGRADED');
  });

  it('acceptWarning decides on the spot: the job runs again with resume: true within the same call', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.0-UPGRADED' });
    const client = pairClient(sim);
    sim.faults.installerWarning(WARNING);
    const seen: string[] = [];
    const report = await client.ha.rollingUpgrade({
      interval: 100,
      acceptWarning: (text) => {
        seen.push(text);
        return true;
      },
    });
    expect(seen).toEqual([WARNING]);
    expect(report).toMatchObject({ acceptedWarning: WARNING, upgradedStandby: true, master: 'B' });
    const upgradeJobs = sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade');
    // The old master rebooted; its jobs are gone. The new master ran none.
    expect(upgradeJobs).toEqual([]);
  });

  it('any other job failure is final and is the job’s own typed error', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    sim.faults.failJob('failover.upgrade', { atPercent: 40, errno: 5, reason: 'Installer crashed' });
    const result = await settle(client.ha.rollingUpgrade({ interval: 100, acceptWarning: true }));
    const error = (result as { error: JobFailedError }).error;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.error).toMatch(/Installer crashed/);
    expect(master(sim)).toBe('A');
  });
});
