/** The drill's report as text, and the verdict: which of the "done when" conditions failed. */
import type { DrillReport } from './run-drill.js';

/** The conditions the drill must meet; empty when it passed. */
export function drillFailures(r: DrillReport): string[] {
  const failures: string[] = [];
  if (r.calls.unsettled > 0) failures.push(`${r.calls.unsettled} calls never settled`);
  if (r.calls.rejectedUntyped > 0) failures.push(`${r.calls.rejectedUntyped} calls rejected with an untyped error`);
  if (r.writes.replayed > 0) failures.push(`${r.writes.replayed} writes reached the server more than once`);
  if (r.writes.answeredButUnseen > 0)
    failures.push(`${r.writes.answeredButUnseen} answered writes were not seen at the server (the replay count is blind)`);
  if (r.reads.answered !== r.reads.issued) failures.push(`${r.reads.issued - r.reads.answered} reads were not answered`);
  if (r.jobs.silentlyLost > 0) failures.push(`${r.jobs.silentlyLost} jobs never settled`);
  if (r.jobs.untyped > 0) failures.push(`${r.jobs.untyped} jobs ended with an untyped error`);
  if (r.jobs.outcomeMismatches > 0) failures.push(`${r.jobs.outcomeMismatches} job results differ from the server's`);
  if (r.events.failoversWithoutResumedDelivery > 0)
    failures.push(`event delivery did not resume after ${r.events.failoversWithoutResumedDelivery} failovers`);
  if (r.events.missedAfterReconnect > 0) failures.push(`${r.events.missedAfterReconnect} failovers left listeners with stale values`);
  if (r.failovers.length !== r.config.failovers) failures.push(`${r.failovers.length} of ${r.config.failovers} failovers ran`);
  return failures;
}

const ms = (value: number | null) => (value === null ? '—' : `${value} ms`);

export function formatDrillReport(r: DrillReport): string {
  const lines: string[] = [];
  const row = (label: string, value: string | number) => lines.push(`  ${label.padEnd(34)} ${value}`);
  lines.push(
    `Failover drill: ${r.config.workers} workers, ${r.config.failovers} failovers, API ${r.config.apiVersion}, time scale ${r.config.timeScale}, ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push('calls');
  row('issued', r.calls.issued);
  row('resolved', r.calls.resolved);
  row('rejected with a typed error', r.calls.rejectedTyped);
  row('rejected with an untyped error', r.calls.rejectedUntyped);
  row('unsettled', r.calls.unsettled);
  for (const [name, count] of Object.entries(r.calls.errors)) row(`  ${name}`, count);
  lines.push('reads');
  row('issued / answered / rejected', `${r.reads.issued} / ${r.reads.answered} / ${r.reads.rejected}`);
  lines.push('writes (failover.update, each with its own value)');
  row('issued', r.writes.issued);
  row('answered', r.writes.resolved);
  row('outcome unknown (not replayed)', r.writes.outcomeUnknown);
  row('other typed rejections', r.writes.otherRejected);
  row('requests seen at the server', r.writes.seenAtServer);
  row('replayed (seen more than once)', r.writes.replayed);
  row('answered but not seen', r.writes.answeredButUnseen);
  lines.push('events (failover.status, failover.disabled.reasons)');
  row('delivered', r.events.delivered);
  row('caught up after a reconnect', r.events.caughtUpDeliveries);
  row('stale after a failover', r.events.missedAfterReconnect);
  row('failovers without resumed delivery', r.events.failoversWithoutResumedDelivery);
  lines.push('upgrade jobs');
  row('started', r.jobs.started);
  row('succeeded / failed / lost (typed)', `${r.jobs.succeeded} / ${r.jobs.failed} / ${r.jobs.lost}`);
  row('other typed / untyped', `${r.jobs.otherTyped} / ${r.jobs.untyped}`);
  row('silently lost (never settled)', r.jobs.silentlyLost);
  row('results differing from the server', r.jobs.outcomeMismatches);
  lines.push(`failovers (client saw ${r.clientFailoverEvents} 'failover' events)`);
  lines.push('   #  kind                              from→to  VIP gap   client back  events resumed  caught up');
  for (const f of r.failovers) {
    lines.push(
      `  ${String(f.index).padStart(2)}  ${f.kind.padEnd(33)} ${f.from}→${f.to}     ${ms(f.vipGapMs).padEnd(9)} ${ms(f.clientBackMs).padEnd(12)} ${(f.eventsResumed ? 'yes' : 'NO').padEnd(15)} ${f.caughtUp ? 'yes' : 'NO'}`,
    );
  }
  const failures = drillFailures(r);
  lines.push(
    failures.length === 0 ? 'PASSED: nothing hung, nothing was replayed, nothing was lost silently.' : `FAILED: ${failures.join('; ')}`,
  );
  return lines.join('\n');
}
