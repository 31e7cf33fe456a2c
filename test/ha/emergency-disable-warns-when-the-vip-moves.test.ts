import { describe, expect, it } from 'vitest';
import { FailoverPreconditionError, type MaintenancePlan, type WorkflowWarning } from '../../src/index.js';
import { master, pairClient, record, settle, simulator } from './helpers.js';

describe('client.ha.emergencyDisable()', () => {
  it('as the seed: disables failover, the active controller stays active, NO_FAILOVER is reported', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const workflow = client.ha.emergencyDisable({ interval: 100 });
    const updates = record(workflow);
    const report = await workflow;
    expect(report).toMatchObject({
      changed: true,
      activeNode: 'A',
      vipMoved: false,
      config: { disabled: true, master: true },
      recoveredFromLostAnswer: false,
      plan: {
        action: 'disable',
        node: 'A',
        activeNode: 'A',
        designatedMaster: 'A',
        vipMoves: false,
        update: { disabled: true, master: true },
      },
    });
    expect(report.disabledReasons).toContain('NO_FAILOVER');
    expect(workflow.warnings).toEqual([]);
    expect(updates.filter((u) => u.type === 'phase').map((u) => u.phase?.id)).toEqual(['check', 'update', 'verify']);
    expect(sim.state().nodes.A.config.disabled).toBe(true);
    expect(master(sim)).toBe('A');
  });

  it('with the other node as master: warns that the VIP moves before changing anything, then follows it there', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const plans: MaintenancePlan[] = [];
    const order: string[] = [];
    const workflow = client.ha.emergencyDisable({
      master: 'other',
      interval: 100,
      confirm: (plan) => {
        order.push('confirm');
        plans.push(plan);
        return true;
      },
    });
    const warnings: WorkflowWarning[] = [];
    workflow.on('warning', (w) => {
      order.push('warning');
      warnings.push(w);
    });
    const report = await workflow;
    expect(order).toEqual(['warning', 'confirm']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'vip-moves', phase: { id: 'check' } });
    expect(warnings[0]?.message).toMatch(/the VIP moves from node A to node B/);
    expect(plans[0]).toMatchObject({ vipMoves: true, activeNode: 'A', designatedMaster: 'B', update: { disabled: true, master: false } });
    expect(report).toMatchObject({ activeNode: 'B', vipMoved: true, config: { disabled: true, master: true } });
    expect(master(sim)).toBe('B');
  });

  it('not confirmed: refuses with precondition "confirmed" and sends nothing', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const result = await settle(client.ha.emergencyDisable({ master: 'B', confirm: async () => false }));
    expect(result.ok).toBe(false);
    expect((result as { error: unknown }).error).toBeInstanceOf(FailoverPreconditionError);
    expect((result as { error: FailoverPreconditionError }).error.precondition).toBe('confirmed');
    expect(sim.state().nodes.A.config.disabled).toBe(false);
    expect(master(sim)).toBe('A');
  });

  it('when the answer is lost because the VIP moved under it, reads the outcome back instead of sending it again', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.connect();
    // Every frame is late: the VIP moves (and drops the connection) before the update's answer arrives.
    sim.faults.delayFrames(600);
    const report = await client.ha.emergencyDisable({ master: 'other', interval: 100, timeout: 30_000 });
    sim.faults.delayFrames(0);
    expect(report.recoveredFromLostAnswer).toBe(true);
    expect(report).toMatchObject({ activeNode: 'B', vipMoved: true, config: { disabled: true } });
  });

  it('TrueNAS 25.04 cannot designate the other node: refuses with "supported-by-version"', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    const client = pairClient(sim);
    const result = await settle(client.ha.emergencyDisable({ master: 'other' }));
    expect((result as { error: FailoverPreconditionError }).error.precondition).toBe('supported-by-version');
    expect(sim.state().nodes.A.config.disabled).toBe(false);
    // The seed's plain form works there.
    const report = await client.ha.emergencyDisable({ interval: 100 });
    expect(report.plan.update).toEqual({ disabled: true });
    expect(report.config.disabled).toBe(true);
  });

  it('already disabled with the same master: sends nothing and reports no change', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.failover.update({ disabled: true });
    const report = await client.ha.emergencyDisable({ interval: 100 });
    expect(report.changed).toBe(false);
    expect(report.config.disabled).toBe(true);
  });
});
