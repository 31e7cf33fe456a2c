import { describe, expect, it } from 'vitest';
import { master, record, restClient, simulator } from './helpers.js';

// TrueNAS 25.10 over REST has neither failover.status nor failover.disabled.reasons, and no events:
// the workflows poll, recognise the active controller by the VIPs it holds, and say what they could not check.
describe('workflows over REST (TrueNAS 25.10)', () => {
  it('emergency disable with the other node as master still warns that the VIP moves; re-enable brings failover back', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    const disable = client.ha.emergencyDisable({ master: 'other', interval: 100 });
    await disable;
    expect(disable.warnings.map((w) => w.code)).toEqual(['reasons-unavailable', 'vip-moves']);
    expect(disable.report).toMatchObject({ activeNode: 'B', vipMoved: true, config: { disabled: true } });
    expect(master(sim)).toBe('B');

    const enable = await client.ha.reenable({ interval: 100 });
    expect(enable).toMatchObject({ activeNode: 'B', config: { disabled: false } });
    expect(sim.state().nodes.B?.config.disabled).toBe(false);
  });

  it('sync to the peer, compared on both controllers', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    await client.failover.update({ timeout: 4 });
    const report = await client.ha.syncToPeer({ interval: 100 });
    expect(report.verification).toMatchObject({ status: 'matched', via: 'rest', peerConfig: { timeout: 4, master: false } });
  });

  it('rolling upgrade: the job polled over REST, then the failover, until both run the new version', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2', upgradeVersion: '25.10.2-UPGRADED' });
    const client = restClient(sim);
    const workflow = client.ha.rollingUpgrade({ interval: 100 });
    const updates = record(workflow);
    const report = await workflow;
    expect(report).toMatchObject({ upgradedStandby: true, master: 'B' });
    expect(updates.some((u) => u.phase?.id === 'standby-upgraded' && /Standby Controller/.test(u.description))).toBe(true);
    expect(sim.state().nodes.A.version).toBe('25.10.2-UPGRADED');
    expect(sim.state().nodes.B?.version).toBe('25.10.2-UPGRADED');
  });
});
