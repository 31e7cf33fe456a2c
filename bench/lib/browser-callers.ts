/**
 * The failover suite's callers in headless chromium: the client's browser build given the VIP
 * only, the same given the VIP and both controllers, and a bare baseline (the browser's own
 * WebSocket, reconnecting to the VIP every 5 ms with a password login). Each calls
 * `failover.status` in a loop, 5 ms apart, as the Node callers do, and records the time of each
 * good answer. All three live with the browser's own pacing of failing WebSocket attempts, as a
 * browser app does.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../../test/browser/chromium.js';
import { bundleClientForBrowser, openClientPage } from '../../test/browser/page.js';
import type { SimInfo } from './sim.js';

const SCRIPT = `
import * as m from '/client.js';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const good = { client: [], clientAll: [], bare: [] };
const loops = [];
let running = true;
function loop(name, call, recover) {
  loops.push((async () => {
    while (running) {
      try {
        await call();
        good[name].push(now());
      } catch {
        await recover();
      }
      await sleep(5);
    }
  })());
}
function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error('could not open'));
  });
}
// The least a JSON-RPC client over a browser WebSocket does: ids, answers, a close fails what waits.
function rpc(ws) {
  let id = 0;
  const pending = new Map();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  };
  ws.onclose = () => {
    for (const p of pending.values()) p.reject(new Error('closed'));
    pending.clear();
  };
  return (method, params = []) =>
    new Promise((resolve, reject) => {
      if (ws.readyState !== 1) return reject(new Error('closed'));
      id += 1;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
}
window.start = ({ url, a, b, apiVersion, username, password }) => {
  const client = m.createClient({ url, auth: { username, password } });
  loop('client', () => client.failover.status(), async () => {});
  const clientAll = m.createClient({ urls: { vip: url, a, b }, auth: { username, password } });
  loop('clientAll', () => clientAll.failover.status(), async () => {});
  let ws;
  let call;
  loop(
    'bare',
    async () => {
      if (!ws || ws.readyState !== 1) {
        ws = await open(url + '/api/' + apiVersion);
        call = rpc(ws);
        const r = await call('auth.login_ex', [{ mechanism: 'PASSWORD_PLAIN', username, password }]);
        if (r.response_type !== 'SUCCESS') throw new Error('login: ' + r.response_type);
      }
      return call('failover.status');
    },
    async () => {
      ws?.close();
      ws = undefined;
    },
  );
  window.stop = async () => {
    running = false;
    await Promise.all(loops);
    await Promise.all([client.close(), clientAll.close()]);
    ws?.close();
  };
};
window.takeGood = () => ({ client: good.client.splice(0), clientAll: good.clientAll.splice(0), bare: good.bare.splice(0) });
`;

export interface BrowserCallers {
  /** Times (epoch ms) of good answers, copied from the page by `sync`. */
  good: { client: number[]; clientAll: number[]; bare: number[] };
  /** Copies the answers recorded in the page since the last call. */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

/** Null where there is no chromium (the rows then say so). */
export async function startBrowserCallers(info: SimInfo, bundle: string): Promise<BrowserCallers | null> {
  if (!existsSync(CHROMIUM_PATH)) return null;
  const { page, pageErrors, close } = await openClientPage(bundle, SCRIPT, 'takeGood');
  const good: BrowserCallers['good'] = { client: [], clientAll: [], bare: [] };
  const { username, password } = info.credentials;
  await page.evaluate((args) => (window as unknown as { start(a: unknown): void }).start(args), {
    url: info.vip.ws,
    a: info.a.ws,
    b: info.b.ws,
    apiVersion: info.apiVersion,
    username,
    password,
  });
  return {
    good,
    sync: async () => {
      if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.join('; ')}`);
      const taken = (await page.evaluate(() => (window as unknown as { takeGood(): unknown }).takeGood())) as typeof good;
      for (const key of ['client', 'clientAll', 'bare'] as const) good[key].push(...taken[key]);
    },
    stop: async () => {
      await page.evaluate(() => (window as unknown as { stop(): Promise<void> }).stop()).catch(() => {});
      await close();
    },
  };
}

/** The client bundled once per run (esbuild, as a browser app's bundler would). */
export const browserBundle = async (): Promise<string> => (await bundleClientForBrowser()).code;
