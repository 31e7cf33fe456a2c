import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient } from '../../src/index.js';
import { baseEnv, cliPath, freePort, root, startPair, tempDir, tool, until, writeFleet } from './helpers.js';

// The real thing: Debian's Prometheus scrapes `truenas-failover exporter` (the CLI, a fleet file with
// key files) watching a simulated pair and an unreachable one, and loads monitoring/alerts.yml.
function started(child: ChildProcess, what: string, ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      if (ready.test(text)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${text.slice(-2000)}`)));
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

describe('Prometheus scraping the exporter', () => {
  it('sees a planned failover (status series flip, the counter rises) and an unreachable pair (up 0)', async () => {
    const prometheus = tool('prometheus', 'prometheus');
    const dir = tempDir('prometheus-');
    const sim = await startPair();
    onTestFinished(() => sim.stop());
    const fleet = writeFleet(dir, { nas1: sim, gone: `ws://127.0.0.1:${await freePort()}` });
    const exporterPort = await freePort();
    const exporter = spawn(process.execPath, [await cliPath(), 'exporter', '--config', fleet, '--listen', `127.0.0.1:${exporterPort}`], {
      env: baseEnv() as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let exporterOut = '';
    exporter.stdout!.on('data', (d: Buffer) => (exporterOut += d.toString()));
    const exporterExit = () => stopped(exporter);
    onTestFinished(async () => void (await exporterExit()));
    await started(exporter, 'the exporter', /watching 2 pairs; metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);

    const promPort = await freePort();
    mkdirSync(join(dir, 'data'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${join(root, 'monitoring', 'alerts.yml')}']`,
        'scrape_configs:',
        '  - job_name: truenas-failover',
        `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
        '',
      ].join('\n'),
    );
    const server = spawn(
      prometheus,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onTestFinished(async () => void (await stopped(server)));
    const api = `http://127.0.0.1:${promPort}/api/v1`;
    const query = async (expr: string): Promise<number | undefined> => {
      try {
        const body = (await (await fetch(`${api}/query?query=${encodeURIComponent(expr)}`)).json()) as {
          data?: { result?: { value: [number, string] }[] };
        };
        const first = body.data?.result?.[0];
        return first ? Number(first.value[1]) : undefined;
      } catch {
        return undefined; // Prometheus still starting
      }
    };
    const status = (node: string, s: string) => `truenas_failover_status{pair="nas1",node="${node}",status="${s}"}`;

    await until(
      async () => (await query(status('A', 'MASTER'))) === 1 && (await query('truenas_failover_up{pair="gone"}')) === 0,
      'Prometheus to see node A MASTER of nas1 and the unreachable pair down',
      45_000,
    );
    expect(await query('truenas_failover_up{pair="nas1"}')).toBe(1);
    expect(await query(status('B', 'BACKUP'))).toBe(1);
    expect(await query('truenas_failover_master_changes_total{pair="nas1"}')).toBe(0);
    expect(await query('up{job="truenas-failover"}')).toBe(1);
    expect(await query('truenas_failover_healthy{pair="gone"}')).toBeUndefined();

    const admin = createClient({
      url: sim.vip.ws,
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey },
      env: false,
    });
    onTestFinished(() => admin.close());
    await admin.failover.become_passive();
    await until(
      async () =>
        (await query(status('B', 'MASTER'))) === 1 &&
        (await query(status('A', 'BACKUP'))) === 1 &&
        (await query('truenas_failover_master_changes_total{pair="nas1"}')) === 1,
      'Prometheus to see node B MASTER, node A BACKUP and one master change',
      45_000,
    );
    expect(await query(status('A', 'MASTER'))).toBe(0);
    // The flip is in the stored series: A was MASTER earlier, B was not.
    expect(await query(`max_over_time(${status('A', 'MASTER')}[5m])`)).toBe(1);
    expect(await query(`min_over_time(${status('B', 'MASTER')}[5m])`)).toBe(0);
    expect(await query('increase(truenas_failover_master_changes_total{pair="nas1"}[5m]) > 0')).toBeGreaterThan(0);

    // Prometheus loaded the alert rules of monitoring/.
    const rules = (await (await fetch(`${api}/rules`)).json()) as { data: { groups: { name: string; rules: unknown[] }[] } };
    expect(rules.data.groups.map((g) => [g.name, g.rules.length])).toEqual([['truenas-failover', 9]]);

    expect(await exporterExit()).toBe(0);
    expect(exporterOut).toMatch(/ {2}nas1 {2}MASTER moved from node A to node B\n/);
    // A refused address is named as such (the first connection fails fast with the cause).
    expect(exporterOut).toMatch(
      / {2}gone {2}unreachable: Cannot connect to ws:\/\/127\.0\.0\.1:\d+: the connection was refused \(ECONNREFUSED\)/,
    );
    expect(exporterOut).not.toContain(sim.credentials.apiKey);
  }, 120_000);
});
