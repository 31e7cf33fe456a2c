import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/monitoring/metrics.js';
import { root, tool } from './helpers.js';

const run = promisify(execFile);
const monitoring = join(root, 'monitoring');

/** The truenas_failover_* names a text uses (PromQL in rules and panels). */
function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\btruenas_failover_[a-z_]+\b/g)].map((m) => m[0]));
}

describe('monitoring/: alert rules and the Grafana dashboard', () => {
  it('promtool checks the rules and passes their unit tests', async () => {
    const promtool = tool('promtool', 'prometheus');
    const check = await run(promtool, ['check', 'rules', join(monitoring, 'alerts.yml')]);
    expect(check.stdout).toMatch(/SUCCESS: 9 rules found/);
    const test = await run(promtool, ['test', 'rules', join(monitoring, 'alerts.test.yml')], { cwd: monitoring });
    expect(test.stdout).toMatch(/SUCCESS/);
  });

  it('every alert has a unit test, and rules and dashboard use only metrics the exporter serves', async () => {
    const served = new Set((await createMetrics({ states: () => [], pageClients: () => 0 }).getMetricsAsJSON()).map((m) => m.name));
    const alerts = readFileSync(join(monitoring, 'alerts.yml'), 'utf8');
    const tests = readFileSync(join(monitoring, 'alerts.test.yml'), 'utf8');
    const dashboard = readFileSync(join(monitoring, 'grafana-dashboard.json'), 'utf8');
    for (const [file, text] of [
      ['alerts.yml', alerts],
      ['grafana-dashboard.json', dashboard],
    ] as const) {
      const unknown = [...metricNames(text)].filter((name) => !served.has(name));
      expect(unknown, `${file} names metrics the exporter does not serve`).toEqual([]);
    }
    const alertNames = [...alerts.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    expect(alertNames).toHaveLength(9);
    for (const name of alertNames)
      expect(tests, `no unit test fires ${name}`).toMatch(new RegExp(`alertname: ${name}\\n\\s+exp_alerts:\\n\\s+- exp_labels`));
    // The dashboard's panels cover the pair's state, changes and the exporter itself.
    const json = JSON.parse(dashboard) as { uid: string; panels: { title: string; targets?: { expr: string }[] }[] };
    expect(json.uid).toBe('truenas-failover-ha');
    const exprs = json.panels
      .flatMap((p) => p.targets ?? [])
      .map((t) => t.expr)
      .join('\n');
    for (const name of [
      'truenas_failover_up',
      'truenas_failover_status',
      'truenas_failover_healthy',
      'truenas_failover_disabled_reason',
      'truenas_failover_master_changes_total',
    ]) {
      expect(exprs).toContain(name);
    }
  });
});
