/**
 * Failover: the active controller is killed, the standby promotes itself and takes the VIP. From
 * the moment the new MASTER serves (the simulator's VIP move, at real-time scale: the promotion
 * takes about 2 s) to the first good call of a client that was calling all along, with default
 * options. The bare baseline is a raw client that reconnects to the VIP every 5 ms: the least that
 * reconnecting, logging in and one call cost. Both watch the same failover; one fresh simulated
 * pair per round. In headless chromium (where there is one) the client's browser build watches it
 * too, against a bare browser WebSocket with the same 5 ms cadence: the browser's own pacing of
 * failing WebSocket attempts is part of what both measure.
 */
import { type Client, createClient } from '../../src/index.js';
import { CHROMIUM_PATH } from '../../test/browser/chromium.js';
import { type BrowserCallers, browserBundle, startBrowserCallers } from '../lib/browser-callers.js';
import { epochMs, type Suite, sleep } from '../lib/context.js';
import { round } from '../lib/report.js';
import { type SimInfo, startSimProcess } from '../lib/sim.js';
import { median } from '../measure.js';
import { RawRpc } from '../raw-client.js';

interface Caller {
  /** Times (epoch ms) of good answers. */
  good: number[];
  /** Absent on the browser callers: they stop with their page. */
  stop?(): Promise<void>;
}

type Row = 'bare' | 'vip' | 'all' | 'browserBare' | 'browserClient' | 'browserClientAll';

/** Calls `failover.status` in a loop through `call`, 5 ms apart; on a failure `recover` runs first. */
function callLoop(call: () => Promise<unknown>, recover: () => Promise<void>): Required<Caller> {
  const good: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await call();
        good.push(epochMs());
      } catch {
        await recover().catch(() => {});
      }
      await sleep(5);
    }
  })();
  return {
    good,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

function bareCaller(info: SimInfo): Caller {
  const url = `${info.vip.ws}/api/${info.apiVersion}`;
  let raw: RawRpc | undefined;
  const connect = async () => {
    raw?.close();
    raw = undefined;
    const r = await RawRpc.open(url);
    await r.loginPassword(info.credentials.username, info.credentials.password);
    raw = r;
  };
  const caller = callLoop(
    async () => {
      if (!raw || raw.closed) await connect();
      return raw!.call('failover.status');
    },
    async () => {
      raw?.close();
      raw = undefined;
    },
  );
  return {
    good: caller.good,
    stop: async () => {
      await caller.stop();
      raw?.close();
    },
  };
}

function clientCaller(client: Client): Caller {
  return callLoop(
    () => client.failover.status(),
    async () => {},
  );
}

export async function failoverSuite(s: Suite): Promise<void> {
  const rounds = s.size(1, 3);
  const timeScale = s.quick ? 0.05 : 1;
  const latencies: Record<Row, number[]> = { bare: [], vip: [], all: [], browserBare: [], browserClient: [], browserClientAll: [] };
  const bundle = await browserBundle();
  let hasBrowser = true;
  for (let r = 0; r < rounds; r++) {
    const sim = await startSimProcess({ timeScale });
    const { username, password } = sim.info.credentials;
    const auth = { username, password };
    const vipOnly = createClient({ url: sim.info.vip.ws, auth, env: false });
    const allThree = createClient({ urls: { vip: sim.info.vip.ws, a: sim.info.a.ws, b: sim.info.b.ws }, auth, env: false });
    const callers: Partial<Record<Row, Caller>> = { bare: bareCaller(sim.info), vip: clientCaller(vipOnly), all: clientCaller(allThree) };
    let browser: BrowserCallers | null = null;
    try {
      browser = await startBrowserCallers(sim.info, bundle);
      if (browser)
        Object.assign(callers, {
          browserBare: { good: browser.good.bare },
          browserClient: { good: browser.good.client },
          browserClientAll: { good: browser.good.clientAll },
        });
      else hasBrowser = false;
      const all = Object.values(callers);
      // Everyone has been answered before the failover.
      for (let i = 0; i < 2_000 && all.some((c) => c.good.length === 0); i++) {
        await sleep(5);
        await browser?.sync();
      }
      const ready = sim.nextVipHolder(60_000);
      sim.fault('killController', 'A');
      const at = await ready;
      const deadline = epochMs() + 30_000;
      const firstAfter = (c: Caller) => c.good.find((t) => t >= at);
      while (epochMs() < deadline && all.some((c) => firstAfter(c) === undefined)) {
        await sleep(10);
        await browser?.sync();
      }
      for (const [k, c] of Object.entries(callers)) latencies[k as Row].push((firstAfter(c) ?? Number.POSITIVE_INFINITY) - at);
    } finally {
      await Promise.all(Object.values(callers).map((c) => c.stop?.()));
      await browser?.stop();
      await Promise.all([vipOnly.close(), allThree.close()]);
      await sim.stop();
    }
  }
  const ms = (k: Row) => median(latencies[k]);
  s.report.results.failover = {
    rounds,
    timeScale,
    bareMs: latencies.bare.map((x) => round(x)),
    clientVipMs: latencies.vip.map((x) => round(x)),
    clientAllAddressesMs: latencies.all.map((x) => round(x)),
    ...(hasBrowser
      ? {
          browserBareMs: latencies.browserBare.map((x) => round(x)),
          browserClientMs: latencies.browserClient.map((x) => round(x)),
          browserClientAllAddressesMs: latencies.browserClientAll.map((x) => round(x)),
        }
      : {}),
  };
  const cell = (x: number) => (Number.isFinite(x) ? `${round(x)} ms` : 'none within 30 s');
  s.report.row('failover: new MASTER ready → first good call', 'bare ws client, reconnecting every 5 ms', cell(ms('bare')), '1.00');
  s.report.row(
    '',
    'client, the VIP only (defaults)',
    cell(ms('vip')),
    (ms('vip') / ms('bare')).toFixed(2),
    s.report.goal('failover (VIP)', ms('vip') <= 100, '≤ 100 ms'),
  );
  s.report.row(
    '',
    'client, VIP + A + B (defaults)',
    cell(ms('all')),
    (ms('all') / ms('bare')).toFixed(2),
    s.report.goal('failover (VIP + A + B)', ms('all') <= 100, '≤ 100 ms'),
  );
  if (!hasBrowser) {
    s.report.row('', `in chromium: skipped (no ${CHROMIUM_PATH})`, '', '');
    return;
  }
  const vsBare = (k: Row) => (ms(k) / ms('browserBare')).toFixed(2);
  s.report.row('', 'chromium: bare WebSocket, reconnecting every 5 ms', cell(ms('browserBare')), '1.00');
  s.report.row('', 'chromium: client, the VIP only (defaults)', cell(ms('browserClient')), vsBare('browserClient'));
  s.report.row('', 'chromium: client, VIP + A + B (defaults)', cell(ms('browserClientAll')), vsBare('browserClientAll'));
}
