import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient } from '../../src/index.js';
import { type ExporterPair, startExporter } from '../../src/monitoring/exporter.js';
import type { Simulator } from '../../src/simulator.js';
import { freePort, get, sample, startPair, until } from './helpers.js';

describe('the exporter with a fleet', () => {
  it('serves 19 reachable pairs and one unreachable one (up 0) without it disturbing the others', async () => {
    const sims: Simulator[] = await Promise.all(Array.from({ length: 19 }, (_, i) => startPair({ seed: `fleet-${i}` })));
    onTestFinished(() => Promise.all(sims.map((s) => s.stop())).then(() => undefined));
    const dead = await freePort();
    const pairs: ExporterPair[] = sims.map((sim, i) => ({
      name: `nas${String(i + 1).padStart(2, '0')}`,
      connection: { url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey }, env: false },
    }));
    pairs.push({
      name: 'gone',
      connection: { url: `ws://127.0.0.1:${dead}`, auth: { username: 'nobody', apiKey: '1-abcdef' }, env: false },
      readTimeout: 1_000,
    });
    const exporter = await startExporter({ pairs, listen: { host: '127.0.0.1', port: 0 }, interval: 500 });
    onTestFinished(() => exporter.close());

    let text = '';
    await until(
      async () => {
        text = await get(exporter.url, '/metrics');
        return (
          pairs.every((p) => sample(text, 'truenas_failover_up', { pair: p.name }) !== undefined) &&
          pairs.slice(0, 19).every((p) => sample(text, 'truenas_failover_up', { pair: p.name }) === 1)
        );
      },
      'every reachable pair to be up',
      30_000,
    );
    expect(sample(text, 'truenas_failover_up', { pair: 'gone' })).toBe(0);
    await until(async () => {
      text = await get(exporter.url, '/metrics');
      return (sample(text, 'truenas_failover_exporter_reads_total', { pair: 'gone', result: 'error' }) ?? 0) >= 1;
    }, 'a failed read of the unreachable pair to be counted');
    expect(sample(text, 'truenas_failover_exporter_reads_total', { pair: 'gone', result: 'ok' })).toBe(0);
    expect(sample(text, 'truenas_failover_exporter_reads_total', { pair: 'nas01', result: 'ok' })).toBeGreaterThanOrEqual(1);
    for (const p of pairs.slice(0, 19)) {
      expect(sample(text, 'truenas_failover_status', { pair: p.name, node: 'A', status: 'MASTER' })).toBe(1);
      expect(sample(text, 'truenas_failover_status', { pair: p.name, node: 'B', status: 'BACKUP' })).toBe(1);
      expect(sample(text, 'truenas_failover_healthy', { pair: p.name })).toBe(1);
      expect(sample(text, 'truenas_failover_disabled', { pair: p.name })).toBe(0);
      expect(sample(text, 'truenas_failover_licensed', { pair: p.name })).toBe(1);
      expect(sample(text, 'truenas_failover_timeout_seconds', { pair: p.name })).toBe(0);
      expect(sample(text, 'truenas_failover_reboot_required', { pair: p.name, node: 'B' })).toBe(0);
      expect(sample(text, 'truenas_failover_master_changes_total', { pair: p.name })).toBe(0);
    }
    // The unreachable pair: no HA state is claimed, its failed reads are counted.
    expect(sample(text, 'truenas_failover_healthy', { pair: 'gone' })).toBeUndefined();
    expect(sample(text, 'truenas_failover_status', { pair: 'gone', node: 'A', status: 'MASTER' })).toBeUndefined();
    expect(sample(text, 'truenas_failover_exporter_pairs', {})).toBeUndefined(); // no labels: matched below
    expect(text).toMatch(/^truenas_failover_exporter_pairs 20$/m);

    // One pair fails over and gets a disabled reason; the others do not move.
    const admin = createClient({
      url: sims[4]!.vip.ws,
      auth: { username: sims[4]!.credentials.username, apiKey: sims[4]!.credentials.apiKey },
      env: false,
    });
    onTestFinished(() => admin.close());
    await admin.failover.become_passive();
    sims[7]!.faults.cutHeartbeat();
    await until(
      async () => {
        text = await get(exporter.url, '/metrics');
        return (
          sample(text, 'truenas_failover_status', { pair: 'nas05', node: 'B', status: 'MASTER' }) === 1 &&
          sample(text, 'truenas_failover_disabled_reason', { pair: 'nas08', reason: 'NO_PONG' }) === 1
        );
      },
      'nas05 to fail over to B and nas08 to report NO_PONG',
      30_000,
    );
    expect(sample(text, 'truenas_failover_master_changes_total', { pair: 'nas05' })).toBe(1);
    expect(sample(text, 'truenas_failover_healthy', { pair: 'nas08' })).toBe(0);
    expect(pairs.filter((p) => sample(text, 'truenas_failover_master_changes_total', { pair: p.name }) === 0)).toHaveLength(19);
    expect(sample(text, 'truenas_failover_up', { pair: 'gone' })).toBe(0);
  }, 90_000);

  it('serves the page, its assets and the states without any credential, and nothing else', async () => {
    const sim = await startPair();
    onTestFinished(() => sim.stop());
    const exporter = await startExporter({
      pairs: [
        {
          name: 'nas1',
          connection: { url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey }, env: false },
        },
      ],
      listen: { host: '127.0.0.1', port: 0 },
    });
    onTestFinished(() => exporter.close());
    await exporter.watches[0]!.ready();
    const status = JSON.parse(await get(exporter.url, '/status.json'));
    expect(status.pairs[0]).toMatchObject({ state: { name: 'nas1', up: true, ha: { master: 'A' } }, assessment: { state: 'OK', code: 0 } });
    const page = await fetch(`${exporter.url}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toMatch(/<script type="module" src="\/assets\/page.js">/);
    expect(await get(exporter.url, '/assets/zod/index.js')).toMatch(/export/);
    // Only the zod package's own files: no way out of it.
    expect((await fetch(`${exporter.url}/assets/zod/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${exporter.url}/assets/zod/package.json`)).status).toBe(404);
    expect((await fetch(`${exporter.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${exporter.url}/metrics`, { method: 'POST' })).status).toBe(405);
    const events = await fetch(`${exporter.url}/events`);
    const reader = events.body!.getReader();
    let streamed = '';
    while (!streamed.includes('event: snapshot')) streamed += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    // Options a client refuses stop the start, naming the cause; a duplicate name too.
    const good = { name: 'ok', connection: { url: sim.vip.ws, auth: null, env: false } };
    const mixed = { name: 'mixed', connection: { urls: [sim.vip.ws, sim.a.http], auth: null, env: false } };
    await expect(startExporter({ pairs: [good, mixed], listen: { host: '127.0.0.1', port: 0 } })).rejects.toThrow(/createClient/);
    await expect(startExporter({ pairs: [good, good], listen: { host: '127.0.0.1', port: 0 } })).rejects.toThrow(
      /two pairs are named "ok"/,
    );
    for (const body of [JSON.stringify(status), streamed, await get(exporter.url, '/metrics')]) {
      expect(body).not.toContain(sim.credentials.apiKey);
      expect(body).not.toContain(sim.credentials.apiKey.split('-')[1]);
    }
  });
});
