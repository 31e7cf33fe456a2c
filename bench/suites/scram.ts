/**
 * SCRAM login with an API key at TrueNAS's 500,000 PBKDF2 iterations: the client's first
 * `connect()` and its re-login after the connection is cut (from its derived-key cache), against
 * a bare SCRAM login that derives the keys each time, and one with precomputed keys.
 */
import { createClient } from '../../src/index.js';
import type { Clients, Suite } from '../lib/context.js';
import { round } from '../lib/report.js';
import type { SimInfo } from '../lib/sim.js';
import { interleaved, median, medianMs } from '../measure.js';
import { RawRpc } from '../raw-client.js';
import { ResetProxy } from '../reset-proxy.js';

export async function scramSuite(s: Suite, info: SimInfo, clients: Clients, iterations: number): Promise<void> {
  const { report } = s;
  const url = `${info.vip.ws}/api/${info.apiVersion}`;
  const { username, apiKey } = info.credentials;
  const rounds = s.size(1, 3);
  const keyHolder = await RawRpc.open(url);
  const keys = await keyHolder.loginScram(username, apiKey);
  keyHolder.close();
  const cold = await interleaved(rounds, {
    raw: async () => {
      const t = performance.now();
      const r = await RawRpc.open(url);
      await r.loginScram(username, apiKey);
      r.close();
      return performance.now() - t;
    },
    client: async () => {
      const t = performance.now();
      const fresh = createClient({ url: info.vip.ws, auth: { username, apiKey }, env: false, keepAlive: false });
      await fresh.connect();
      const ms = performance.now() - t;
      await fresh.close();
      return ms;
    },
  });
  const rawWarm = await medianMs(s.size(1, 5), async () => {
    const r = await RawRpc.open(url);
    await r.loginScram(username, apiKey, keys);
    r.close();
  });
  const proxy = new ResetProxy(Number(new URL(info.vip.ws).port));
  await proxy.listen();
  try {
    const relogging = clients.make({
      url: proxy.url,
      auth: { username, apiKey },
      apiVersion: info.apiVersion,
      reconnect: { initialDelay: 1, jitter: 0 },
    });
    await relogging.connect();
    const clientWarm = await medianMs(s.size(1, 5), async () => {
      const back = new Promise<void>((r) => relogging.once('connected', () => r()));
      proxy.dropAll();
      await back;
    });
    const rawCold = median(cold.raw);
    const clientCold = median(cold.client);
    report.results.scram = {
      iterations,
      rawColdMs: round(rawCold),
      rawPrecomputedMs: round(rawWarm),
      clientFirstLoginMs: round(clientCold),
      clientReloginWithCacheMs: round(clientWarm),
      cacheSpeedup: round(clientCold / clientWarm, 1),
    };
    report.row(`SCRAM login (${iterations.toLocaleString('en')} iterations)`, 'bare, PBKDF2 each time', `${round(rawCold)} ms`, '1.00');
    report.row('', 'client, first login (connect)', `${round(clientCold)} ms`, (clientCold / rawCold).toFixed(2));
    report.row('', 'bare, precomputed keys', `${round(rawWarm)} ms`, '1.00');
    report.row('', 'client, re-login from its key cache', `${round(clientWarm)} ms`, (clientWarm / rawWarm).toFixed(2));
  } finally {
    await proxy.close();
  }
}
