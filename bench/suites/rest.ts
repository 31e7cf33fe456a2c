/**
 * REST /api/v2.0 (TrueNAS 25.x): sequential `failover.config` calls of the client over REST with
 * keep-alive, against a bare `fetch` loop asking the same route with the same credential, rounds
 * interleaved, median calls/s.
 */
import { createClient } from '../../src/index.js';
import type { Suite } from '../lib/context.js';
import { round } from '../lib/report.js';
import { startSimProcess } from '../lib/sim.js';
import { interleaved, median } from '../measure.js';

export const REST_VERSION = 'v25.10.5';

export async function restSuite(s: Suite): Promise<void> {
  const sim = await startSimProcess({ apiVersion: REST_VERSION, timeScale: 1 });
  const { http } = sim.info.vip;
  const { username, apiKey } = sim.info.credentials;
  const client = createClient({ url: http, transport: 'rest', apiVersion: REST_VERSION, auth: { username, apiKey }, env: false });
  try {
    await client.connect();
    const headers = { Authorization: `Bearer ${apiKey}` };
    const route = `${http}/api/v2.0/failover`;
    const bare = async () => {
      const response = await fetch(route, { headers });
      if (!response.ok) throw new Error(`GET /failover: HTTP ${response.status}`);
      return response.json();
    };
    const count = s.size(50, 1_000);
    const rate = async (call: () => Promise<unknown>) => {
      const t = performance.now();
      for (let i = 0; i < count; i++) await call();
      return (count * 1000) / (performance.now() - t);
    };
    for (let i = 0; i < s.size(10, 200); i++) {
      await bare();
      await client.failover.config();
    }
    const rates = await interleaved(s.size(1, 5), { bare: () => rate(bare), client: () => rate(() => client.failover.config()) });
    const bareRate = median(rates.bare);
    const clientRate = median(rates.client);
    const ratio = clientRate / bareRate;
    s.report.results.rest = {
      apiVersion: REST_VERSION,
      calls: count,
      bareCallsPerSecond: Math.round(bareRate),
      clientCallsPerSecond: Math.round(clientRate),
      ratio: round(ratio, 3),
    };
    s.report.row(
      'REST calls, keep-alive, one at a time',
      'bare fetch loop (GET /api/v2.0/failover)',
      `${Math.round(bareRate)} calls/s`,
      '1.00',
    );
    s.report.row(
      '',
      "client over REST, validate 'args'",
      `${Math.round(clientRate)} calls/s`,
      ratio.toFixed(2),
      s.report.goal('REST calls/s', ratio >= 0.9, '≥ 0.9'),
    );
  } finally {
    await client.close();
    await sim.stop();
  }
}
