import { describe, expect, it } from 'vitest';
import { adminKey, rest, restSimulator, until } from './helpers.js';

interface JobRow {
  id: number;
  method: string;
  state: string;
  progress: { percent: number | null; description: string | null };
  result: unknown;
}

// A job method answers the bare job id; the job is followed with GET /core/get_jobs?id=N, whose
// query string carries filters (field=value, field__op=value) and limit/offset/count.
describe('REST job ids and core/get_jobs polling', () => {
  it('answers the job id of failover.reboot.other_node and shows the job to completion', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = adminKey(sim);
    const started = await rest(sim.vip.http, '/failover/reboot/other_node', {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ reason: 'Maintenance', graceful: true }),
    });
    expect(started.status).toBe(200);
    expect(started.text.trim()).toMatch(/^\d+$/);
    const id = started.json as number;
    const seen = new Set<number>();
    let last: JobRow | undefined;
    await until(async () => {
      const rows = (await rest(sim.vip.http, `/core/get_jobs?id=${id}`, { headers: h })).json as JobRow[];
      expect(rows).toHaveLength(1);
      last = rows[0];
      if (last?.progress.percent !== null && last?.progress.percent !== undefined) seen.add(last.progress.percent);
      return last?.state === 'SUCCESS';
    }, 'the reboot job to succeed');
    expect(last).toMatchObject({ id, method: 'failover.reboot.other_node', state: 'SUCCESS', result: null });
    expect(seen.has(100)).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('25.04: GET /failover/reboot/other_node (no arguments) answers a job id too', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.04.2' });
    const started = await rest(sim.vip.http, '/failover/reboot/other_node', { headers: adminKey(sim) });
    expect(started.status).toBe(200);
    expect(Number.isInteger(started.json)).toBe(true);
  });

  it('filters and pages with the query string; sort is passed on as an option TrueNAS rejects', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.0' });
    const h = adminKey(sim);
    const first = (await rest(sim.vip.http, '/failover/reboot/other_node', { method: 'POST', headers: h, body: '{}' })).json as number;
    const second = (await rest(sim.vip.http, '/failover/reboot/other_node', { method: 'POST', headers: h, body: '{}' })).json as number;
    expect(second).toBeGreaterThan(first);
    const all = (await rest(sim.vip.http, '/core/get_jobs', { headers: h })).json as JobRow[];
    expect(all.map((j) => j.id)).toEqual(expect.arrayContaining([first, second]));
    const newer = (await rest(sim.vip.http, `/core/get_jobs?id__gt=${first}`, { headers: h })).json as JobRow[];
    expect(newer.map((j) => j.id)).toEqual([second]);
    const byMethod = (await rest(sim.vip.http, '/core/get_jobs?method=failover.reboot.other_node&limit=1&offset=1', { headers: h }))
      .json as JobRow[];
    expect(byMethod.map((j) => j.id)).toEqual([second]);
    expect((await rest(sim.vip.http, '/core/get_jobs?method=failover.reboot.other_node&count=true', { headers: h })).json).toBe(2);
    expect(
      (await rest(sim.vip.http, `/core/get_jobs?method__regex=${encodeURIComponent('^failover\\.reboot')}`, { headers: h })).json,
    ).toHaveLength(2);
    const sorted = await rest(sim.vip.http, '/core/get_jobs?sort=-id', { headers: h });
    expect(sorted.status).toBe(422);
    expect(sorted.json).toEqual({ 'options.sort': [{ message: 'Extra inputs are not permitted', errno: 22 }] });
  });
});
