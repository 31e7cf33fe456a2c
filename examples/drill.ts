/**
 * The failover drill against the embedded simulator:
 *
 *   npx tsx examples/drill.ts [--workers 64] [--failovers 10] [--time-scale 0.02] [--json]
 *
 * Many workers share one client and call without pause (reads and writes), with subscriptions and
 * an upgrade job running, while the pair fails over in every way the simulator can cause. Prints
 * the report; exits 1 when a call hung, a write was replayed, a read went unanswered, a job was
 * lost silently, or event delivery did not resume. (In your own project, import from
 * 'truenas-failover' and 'truenas-failover/simulator'.)
 */
import { parseArgs } from 'node:util';
import { drillFailures, formatDrillReport } from './drill/report.js';
import { runDrill } from './drill/run-drill.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string' },
    failovers: { type: 'string' },
    'time-scale': { type: 'string' },
    json: { type: 'boolean' },
  },
});
const number = (text: string | undefined, name: string): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`--${name} must be a positive number`);
  return value;
};

const report = await runDrill({
  workers: number(values.workers, 'workers'),
  failovers: number(values.failovers, 'failovers'),
  timeScale: number(values['time-scale'], 'time-scale'),
  log: values.json ? undefined : (line) => console.error(line),
});
console.log(values.json ? JSON.stringify(report, null, 2) : formatDrillReport(report));
process.exitCode = drillFailures(report).length === 0 ? 0 : 1;
