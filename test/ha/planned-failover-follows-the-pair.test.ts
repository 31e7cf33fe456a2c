import { describe, expect, it } from 'vitest';
import type { FailoverEvent, WorkflowUpdate } from '../../src/index.js';
import { master, pairClient, record, restClient, simulator } from './helpers.js';

describe('client.ha.plannedFailover()', () => {
  it('checks, asks the master to become passive, follows the pair to the new MASTER and waits for the old one to return', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const before = sim.state();
    const failovers: FailoverEvent[] = [];
    client.on('failover', (e) => failovers.push(e));
    const workflow = client.ha.plannedFailover({ interval: 100 });
    const updates = record(workflow);
    const report = await workflow;

    expect(report.from).toEqual({ node: 'A', bootId: before.nodes.A.bootId });
    expect(report.to).toEqual({ node: 'B', bootId: before.nodes.B?.bootId });
    expect(report.master).toBe('B');
    expect(report.disabledReasons).toEqual([]);
    expect(report.noMasterMs).toBeGreaterThanOrEqual(0);
    expect(report.peerBackMs).toBeGreaterThanOrEqual(report.noMasterMs);
    expect(report.totalMs).toBeGreaterThanOrEqual(report.peerBackMs ?? 0);
    // The pair really failed over, and the old master came back rebooted, as the standby.
    const after = sim.state();
    expect(master(sim)).toBe('B');
    expect(after.nodes.A.status).toBe('BACKUP');
    expect(after.nodes.A.bootId).not.toBe(before.nodes.A.bootId);
    expect(failovers.map((f) => [f.from.node, f.to.node])).toEqual([['A', 'B']]);

    const phases = updates.filter((u) => u.type === 'phase').map((u) => u.phase?.id);
    expect(phases).toEqual(['check', 'become-passive', 'new-master', 'verify']);
    expect(updates.every((u) => u.phase?.total === 4)).toBe(true);
    expect(updates.some((u) => /node B is MASTER; no controller answered as active for/.test(u.description))).toBe(true);
    expect(workflow.state).toBe('succeeded');
    expect(workflow.report).toBe(report);
  });

  it('the async iterator replays every update from the start and ends with the workflow', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const workflow = client.ha.plannedFailover({ interval: 100, waitForPeer: false });
    const live = record(workflow);
    await workflow;
    const replayed: WorkflowUpdate[] = [];
    for await (const u of workflow.progress()) replayed.push(u);
    expect(replayed).toEqual(live);
    expect(replayed.filter((u) => u.type === 'phase').map((u) => u.phase?.id)).toEqual(['check', 'become-passive', 'new-master']);
    expect(workflow.phases.map((p) => p.id)).toEqual(['check', 'become-passive', 'new-master']);
  });

  it('without waiting for the peer it ends once the new MASTER answers', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const report = await client.ha.plannedFailover({ waitForPeer: false, interval: 100 });
    expect(report.master).toBe('B');
    expect(report.peerBackMs).toBeNull();
    expect(sim.state().nodes.A.power).not.toBe('up');
  });

  it('with the VIP as the only address: the client follows the VIP to the new MASTER', async () => {
    const sim = await simulator();
    const client = pairClient(sim, { urls: { vip: sim.vip.ws } });
    const report = await client.ha.plannedFailover({ interval: 100 });
    expect(report).toMatchObject({ master: 'B', disabledReasons: [] });
    expect(client.controller?.node).toBe('B');
  });

  it('twice in a row: back to node A', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    expect((await client.ha.plannedFailover({ interval: 100 })).master).toBe('B');
    expect((await client.ha.plannedFailover({ interval: 100 })).master).toBe('A');
    expect(master(sim)).toBe('A');
  });

  it('over REST (25.10): the active controller is recognised by its VIPs, the reasons are not readable and said so', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    const workflow = client.ha.plannedFailover({ interval: 100 });
    const report = await workflow;
    expect(report.master).toBe('B');
    expect(master(sim)).toBe('B');
    expect(report.disabledReasons).toBeUndefined();
    expect(workflow.warnings.map((w) => w.code)).toEqual(['reasons-unavailable']);
  });
});
