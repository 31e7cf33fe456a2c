import { describe, expect, it } from 'vitest';
import { finished, master, pairClient, record, simulator } from './helpers.js';

describe('client.ha.rollingUpgrade()', () => {
  it('upgrades the standby (job progress as phase progress), fails over to it, and the old master returns upgraded', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.0-UPGRADED' });
    const client = pairClient(sim);
    const before = sim.state();
    const workflow = client.ha.rollingUpgrade({ interval: 100 });
    const updates = record(workflow);
    const report = await finished(workflow, updates, () => ({ client: client.state, controller: client.controller, pair: sim.state() }));

    expect(updates.filter((u) => u.type === 'phase').map((u) => u.phase?.id)).toEqual([
      'check',
      'standby-upgraded',
      'failover',
      'old-master-upgraded',
    ]);
    const jobUpdates = updates.filter((u) => u.phase?.id === 'standby-upgraded' && u.type === 'progress').map((u) => u.description);
    expect(jobUpdates).toContain('Sending files to Standby Controller');
    expect(jobUpdates.some((d) => /Active Controller: 100%: Update completed\nStandby Controller: 100%/.test(d))).toBe(true);
    expect(updates.some((u) => u.phase?.id === 'standby-upgraded' && u.percent === 40)).toBe(true);

    expect(report).toMatchObject({ upgradedStandby: true, acceptedWarning: null, master: 'B', disabledReasons: [] });
    expect(typeof report.jobId).toBe('number');
    expect(report.failover).toMatchObject({ from: { node: 'A', bootId: before.nodes.A.bootId }, to: { node: 'B' }, master: 'B' });
    const after = sim.state();
    expect(after.nodes.A.version).toBe('27.0.0-UPGRADED');
    expect(after.nodes.B?.version).toBe('27.0.0-UPGRADED');
    expect(after.nodes.A.rebootRequiredReasons).toEqual([]);
    expect(master(sim)).toBe('B');
  });

  it('with failover: false stops once the standby runs the new version; called again it resumes at the failover', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.0-UPGRADED' });
    const client = pairClient(sim);
    const first = await client.ha.rollingUpgrade({ failover: false, interval: 100 });
    expect(first).toMatchObject({ upgradedStandby: true, failover: null, master: 'A' });
    expect(first.disabledReasons).toEqual(expect.arrayContaining(['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ']));
    expect(sim.state().nodes.B?.version).toBe('27.0.0-UPGRADED');
    expect(sim.state().nodes.A.version).not.toBe('27.0.0-UPGRADED');

    const again = client.ha.rollingUpgrade({ interval: 100 });
    const updates = record(again);
    const report = await again;
    expect(report).toMatchObject({ upgradedStandby: false, jobId: null, master: 'B', disabledReasons: [] });
    expect(updates.some((u) => /already applied on node A/.test(u.description))).toBe(true);
    expect(sim.state().nodes.A.version).toBe('27.0.0-UPGRADED');
  });

  it('on TrueNAS 25.04, where the upgrade’s pending reboot shows as LOC_FIPS_REBOOT_REQ, still goes through', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2', upgradeVersion: '25.04.2-UPGRADED' });
    const client = pairClient(sim);
    const first = await client.ha.rollingUpgrade({ failover: false, interval: 100 });
    expect(first.disabledReasons).toContain('LOC_FIPS_REBOOT_REQ');
    const report = await client.ha.rollingUpgrade({ interval: 100 });
    expect(report).toMatchObject({ upgradedStandby: false, master: 'B', disabledReasons: [] });
    expect(sim.state().nodes.A.version).toBe('25.04.2-UPGRADED');
  });

  it('on 25.04 a plain planned failover does not excuse that code: only the rolling upgrade knows it is the upgrade’s', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2', upgradeVersion: '25.04.2-UPGRADED' });
    const client = pairClient(sim);
    const first = await client.ha.rollingUpgrade({ failover: false, interval: 100 });
    expect(first.upgradedStandby).toBe(true);
    // plannedFailover cannot tell an upgrade's pending reboot from a FIPS one (same code on 25.04): it refuses.
    const result = await client.ha.plannedFailover({ allowReasons: ['MISMATCH_VERSIONS'] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(result).toMatchObject({ name: 'FailoverPreconditionError', precondition: 'no-disabled-reasons' });
  });
});
