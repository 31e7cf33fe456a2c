import { describe, expect, it } from 'vitest';
import { FailoverVerificationError, ValidationError } from '../../src/index.js';
import { master, pairClient, record, settle, simulator } from './helpers.js';

describe('client.ha.reenable()', () => {
  it('re-enables and waits until no disabled reason is left (the standby fenced by the disable comes back)', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.ha.emergencyDisable({ master: 'other', interval: 100 });
    expect(master(sim)).toBe('B');
    const workflow = client.ha.reenable({ interval: 100 });
    const updates = record(workflow);
    const report = await workflow;
    expect(report).toMatchObject({ changed: true, activeNode: 'B', vipMoved: false, config: { disabled: false }, disabledReasons: [] });
    // The designated master is kept as it was (B), not reset to the controller answering.
    expect(report.plan).toMatchObject({ designatedMasterBefore: 'B', designatedMaster: 'B', update: { disabled: false, master: true } });
    expect(sim.state().nodes.B?.disabledReasons).toEqual([]);
    expect(updates.some((u) => /waiting for failover to be enabled with no disabled reasons/.test(u.description))).toBe(true);
  });

  it('warns when the designated master is not the active controller; already enabled means nothing is sent', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    // After a planned failover B is active while A stays the designated master.
    await client.ha.plannedFailover({ interval: 100 });
    const workflow = client.ha.reenable({ interval: 100 });
    const report = await workflow;
    expect(report.changed).toBe(false);
    expect(report.plan).toMatchObject({ activeNode: 'B', designatedMaster: 'A' });
    expect(workflow.warnings.map((w) => w.code)).toEqual(['designated-master-elsewhere']);
    expect(master(sim)).toBe('B');
  });

  it('fails verification, with the remaining reasons, when failover cannot work within the time allowed', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.failover.update({ disabled: true });
    sim.faults.cutHeartbeat();
    const result = await settle(client.ha.reenable({ timeout: 1_500, interval: 100 }));
    expect(result.ok).toBe(false);
    const error = (result as { error: FailoverVerificationError }).error;
    expect(error).toBeInstanceOf(FailoverVerificationError);
    expect(error.check).toBe('failover-enabled');
    expect(String(error.observed)).toMatch(/NO_PONG/);
    // The change itself was made.
    expect(sim.state().nodes.A.config.disabled).toBe(false);
  });

  it('a pair without a critical interface: the server’s validation error, nothing else', async () => {
    const sim = await simulator({ criticalInterfaces: false });
    const client = pairClient(sim);
    const result = await settle(client.ha.reenable({ interval: 100 }));
    expect((result as { error: unknown }).error).toBeInstanceOf(ValidationError);
    expect((result as { error: ValidationError }).error.issues[0]?.attribute).toBe('failover_update.disabled');
  });
});
