/**
 * Only jobs someone awaits or observes are followed (issue 5): starting many jobs nobody awaits
 * leaves the client's job tracker empty, and the early job events it keeps while starts are under
 * way (the server may announce a job before answering the call that made it) stay bounded and are
 * dropped once no start is under way. Over real sockets to the simulator.
 */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/index.js';
import { clientOf, simulator } from './helpers.js';

const STARTS = 400;
const RECENT_LIMIT = 256;

describe('jobs nobody awaits', () => {
  it(`${STARTS} job starts: none tracked, early events bounded to ${RECENT_LIMIT} job ids, none kept afterwards`, async () => {
    // Real time: the upgrade the jobs wait on keeps running for minutes, so they all stay open.
    const sim = await simulator({ timeScale: 1, rateLimit: false });
    const client = clientOf(sim);
    let largest = 0;
    let seen = 0;
    await client.subscribe('core.get_jobs', () => {
      seen++;
      largest = Math.max(largest, client.stats().jobs.recentJobIds);
    });
    const upgrade = client.failover.upgrade();
    const target = await upgrade.started;
    const handles: Job<unknown>[] = [];
    for (let i = 0; i < STARTS; i++) handles.push(client.core.job_wait(target));
    // `started` gives the id without observing the job.
    const ids = await Promise.all(handles.map((h) => h.started));
    expect(new Set(ids).size).toBe(STARTS);
    const stats = client.stats();
    expect(stats.jobs).toEqual({ tracked: 0, starting: 0, recentJobIds: 0, pollTimer: false });
    // The bound was reached (so it was exercised) and never exceeded.
    expect(seen).toBeGreaterThan(STARTS);
    expect(largest).toBe(RECENT_LIMIT);
    expect(stats.calls.pending).toBe(0);
    // The jobs themselves run on: the server has them all.
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'core.job_wait' && j.state === 'RUNNING')).toHaveLength(STARTS);
  }, 60_000);
});
