import { describe, expect, it } from 'vitest';
import { drillFailures, formatDrillReport } from '../../examples/drill/report.js';
import { runDrill } from '../../examples/drill/run-drill.js';

// The failover drill (examples/drill.ts): 64 workers on one client, reads and writes without pause,
// subscriptions and an upgrade job, through 10 failovers of every kind the simulator can cause.
describe('failover drill', () => {
  it('ends with nothing unsettled, no write replayed, every read answered, no job lost silently, events resumed after every failover', async () => {
    const report = await runDrill({ workers: 64, failovers: 10, timeScale: 0.02 });
    console.log(formatDrillReport(report));

    expect(drillFailures(report)).toEqual([]);
    expect(report.calls.unsettled).toBe(0);
    expect(report.calls.issued).toBe(report.calls.resolved + report.calls.rejectedTyped + report.calls.rejectedUntyped);
    expect(report.calls.rejectedUntyped).toBe(0);
    // Only writes cut off by a failover may fail, and only as "outcome unknown".
    expect(Object.keys(report.calls.errors).every((name) => name === 'OutcomeUnknownError')).toBe(true);
    expect(report.reads.answered).toBe(report.reads.issued);
    expect(report.writes.replayed).toBe(0);
    expect(report.writes.answeredButUnseen).toBe(0);
    expect(report.writes.seenAtServer).toBeGreaterThanOrEqual(report.writes.resolved);
    expect(report.writes.seenAtServer).toBeLessThanOrEqual(report.writes.issued);
    expect(report.jobs.silentlyLost).toBe(0);
    expect(report.jobs.started).toBe(report.jobs.succeeded + report.jobs.failed + report.jobs.lost + report.jobs.otherTyped);
    expect(report.jobs.outcomeMismatches).toBe(0);
    expect(report.events.failoversWithoutResumedDelivery).toBe(0);
    expect(report.events.missedAfterReconnect).toBe(0);

    expect(report.failovers).toHaveLength(10);
    expect(new Set(report.failovers.map((f) => f.kind))).toEqual(
      new Set(['planned', 'master-killed', 'heartbeat-cut-then-master-killed', 'reboot-other-node']),
    );
    expect(report.failovers.every((f) => f.from !== f.to && f.clientBackMs !== null)).toBe(true);
    expect(report.clientFailoverEvents).toBe(10);
    // Enough traffic for the numbers to mean something.
    expect(report.calls.issued).toBeGreaterThan(5_000);
    expect(report.writes.issued).toBeGreaterThan(500);
  }, 120_000);
});
