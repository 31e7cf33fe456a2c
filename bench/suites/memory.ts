/**
 * Heap per followed job and per subscription listener, each against a bare record of the same
 * thing (the job objects in a `Map`; listener records in a `Set`), rounds interleaved, median.
 */

import type { Job } from '../../src/index.js';
import type { Clients, Suite } from '../lib/context.js';
import { round } from '../lib/report.js';
import type { SimInfo } from '../lib/sim.js';
import { heapDelta, median } from '../measure.js';
import { RawRpc } from '../raw-client.js';

export async function memorySuite(s: Suite, info: SimInfo, clients: Clients): Promise<void> {
  const { report } = s;
  const raw = await RawRpc.open(`${info.vip.ws}/api/${info.apiVersion}`);
  await raw.loginPassword(info.credentials.username, info.credentials.password);
  const m = clients.make();
  await m.connect();
  const rounds = s.size(1, 3);
  try {
    // Subscriptions first, while the client is quiet; then the jobs (whose events keep arriving).
    // Listeners: 10,000 per round (a large sample keeps the heap's noise small), each round undone.
    const listeners = s.size(1_000, 10_000);
    const subs = { client: [] as number[], raw: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const c = await heapDelta(() => Promise.all(Array.from({ length: listeners }, () => m.subscribe('failover.status', () => {}))));
      subs.client.push(c.bytes / listeners);
      await Promise.all(c.kept.map((x) => x.unsubscribe()));
      const b = await heapDelta(async () => new Set(Array.from({ length: listeners }, () => ({ event: 'failover.status', fn: () => {} }))));
      subs.raw.push(b.bytes / listeners);
      b.kept.clear();
    }

    // Jobs: `core.job_wait` on a running upgrade job, each followed (awaited) and observed. The
    // rounds are not undone (the jobs run for minutes); each measures what its own jobs add.
    const jobs = s.size(200, 1_000);
    const upgrade = m.failover.upgrade() as Job<unknown>;
    const target = await upgrade.started;
    const observe = () => {};
    const perJob = { client: [] as number[], raw: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const c = await heapDelta(async () => {
        const list = Array.from({ length: jobs }, () => m.core.job_wait(target) as Job<unknown>);
        await Promise.all(list.map((j) => j.started));
        for (const j of list) j.on('progress', observe);
        // Let the tracker's first query of each job come back.
        await new Promise((res) => setTimeout(res, s.quick ? 200 : 1_000));
        return list;
      });
      perJob.client.push(c.bytes / jobs);
      const ids = c.kept.map((j) => j.id);
      const b = await heapDelta(async () => {
        const found = (await raw.call('core.get_jobs', [[['id', 'in', ids]]])) as { id: number }[];
        return new Map(found.map((j) => [j.id, j]));
      });
      perJob.raw.push(b.bytes / jobs);
      void b.kept;
    }
    const sub = { client: median(subs.client), raw: median(subs.raw) };
    const job = { client: median(perJob.client), raw: median(perJob.raw) };
    report.results.memory = {
      listeners,
      jobs,
      rounds,
      bytesPerListener: round(sub.client),
      bareBytesPerListener: round(sub.raw),
      listenerRatio: round(sub.client / sub.raw, 2),
      bytesPerJob: round(job.client),
      bareBytesPerJob: round(job.raw),
      jobRatio: round(job.client / job.raw, 2),
    };
    const per = (b: number) => `${Math.round(b)} B`;
    report.row('heap per followed job', 'bare: the job object in a Map', per(job.raw), '1.00');
    report.row(
      '',
      'client: Job handle, followed, observed',
      per(job.client),
      (job.client / job.raw).toFixed(2),
      report.goal('heap per job', job.client / job.raw <= 1.5, '≤ 1.5'),
    );
    report.row('heap per subscription listener', 'bare: listener record in a Set', per(sub.raw), '1.00');
    report.row(
      '',
      "client: subscribe('failover.status')",
      per(sub.client),
      (sub.client / sub.raw).toFixed(2),
      report.goal('heap per listener', sub.client / sub.raw <= 1.5, '≤ 1.5'),
    );
  } finally {
    raw.close();
  }
}
