/**
 * `startInProcess()`: wires the state machine, the accounts, controller A and B servers and the
 * VIP proxy together on loopback in this thread, and returns the handle tests and users work with.
 * `startSimulator()` (launch.ts) runs it in the caller's thread or in its worker thread.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emitter } from '../util/emitter.js';
import { Accounts, totp } from './auth/accounts.js';
import { RateLimiter } from './auth/rate-limit.js';
import { TokenStore } from './auth/tokens.js';
import { Faults } from './faults.js';
import { resolveOptions } from './options.js';
import { attachLifecycle } from './pair/lifecycle.js';
import { Pair } from './pair/pair.js';
import type { NodeLetter } from './pair/types.js';
import { serveRestApi } from './rest/index.js';
import type { SimulatorRuntime } from './rpc/runtime.js';
import { ControllerServer } from './server/controller-server.js';
import { httpRoutes } from './server/http-routes.js';
import { channelBindingFor } from './server/tls.js';
import { snapshot } from './state.js';
import type { Simulator, SimulatorEvents, SimulatorOptions } from './types.js';
import { Clock } from './util/clock.js';
import { SeededRandom } from './util/random.js';
import { serverRelease } from './versions.js';
import { VipProxy } from './vip/proxy.js';

const STOP_LIMIT_MS = 10_000;

function bounded(promise: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STOP_LIMIT_MS);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

// REST /api/v2.0 on every controller (API versions before v26.0.0). A call, not a bare import:
// the package is marked side-effect free, so bundlers would drop a bare import.
serveRestApi();

/** Starts a simulated HA pair in this thread (worker mode runs this in its worker). */
export async function startInProcess(options: SimulatorOptions = {}): Promise<Simulator> {
  const o = resolveOptions(options);
  const random = new SeededRandom(o.seed);
  const release = serverRelease(o.apiVersion);
  const clock = new Clock(o.timeScale);
  const faults = new Faults(new SeededRandom(`${o.seed}:frames`));
  const log = o.logger ?? undefined;
  const pair = new Pair({
    release,
    licensed: o.licensed,
    criticalInterfaces: o.criticalInterfaces,
    clock,
    random,
    faults,
    upgradeVersion: o.upgradeVersion,
    log,
  });
  attachLifecycle(pair);
  faults.pair = pair;
  const accounts = new Accounts(random, o.scramIterations);
  const nodes: NodeLetter[] = o.licensed ? ['A', 'B'] : ['A'];
  const tokens = { A: new TokenStore(random), B: new TokenStore(random) };
  const rateLimits = o.rateLimit ? { A: new RateLimiter(o.rateLimit), B: new RateLimiter(o.rateLimit) } : null;
  pair.on('power', (e) => {
    // A rebooted controller forgets its tokens and its rate-limit table (they live in memory).
    if (e.power !== 'booting') return;
    tokens[e.node].clear();
    rateLimits?.[e.node].clear();
  });
  const scheme = o.tls ? { ws: 'wss', http: 'https' } : { ws: 'ws', http: 'http' };
  const urls: SimulatorRuntime['urls'] = {
    vip: { ws: '', http: '' },
    nodes: { A: { ws: '', http: '' }, B: { ws: '', http: '' } },
  };
  const rt: SimulatorRuntime = {
    pair,
    accounts,
    release,
    faults,
    random,
    clock,
    tokens,
    rateLimits,
    enforceSecureTransport: o.enforceSecureTransport,
    uploadLimit: o.uploadLimit,
    urls,
  };

  const tmp = o.unixSockets ? await mkdtemp(join(tmpdir(), 'truenas-sim-')) : null;
  const tls = o.tls ? { ...o.tls, channelBinding: channelBindingFor(o.tls.cert) } : undefined;
  const servers: Partial<Record<NodeLetter, ControllerServer>> = {};
  let proxy: VipProxy | null = null;
  const cleanup = async () => {
    pair.stop();
    if (proxy) await bounded(proxy.close());
    await Promise.all(Object.values(servers).map((s) => bounded(s.stop())));
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };

  try {
    for (const node of nodes) {
      const server = new ControllerServer({
        rt,
        node,
        host: o.host,
        port: node === 'A' ? o.ports.a : o.ports.b,
        tls,
        unixPath: tmp ? join(tmp, `${node.toLowerCase()}.sock`) : undefined,
        routes: httpRoutes,
        log,
      });
      servers[node] = server;
      await server.open();
    }
    const bPort = servers.B?.port ?? (await reservePort(o.host, o.ports.b));
    proxy = new VipProxy({
      host: o.host,
      port: o.ports.vip,
      target: () => {
        const holder = pair.vipHolder();
        return holder ? (servers[holder]?.port ?? null) : null;
      },
      partitioned: () => faults.vipPartitioned,
    });
    await proxy.listen();
    const vipProxy = proxy;
    pair.on('vip', () => vipProxy.dropAll());
    faults.onEndSubscriptions = (event, error) =>
      Object.values(servers).reduce((sum, server) => sum + (server?.endSubscriptions(event, error) ?? 0), 0);
    faults.onVipPartition = (partitioned) => {
      if (partitioned) vipProxy.dropAll();
    };
    const base = (port: number) => ({
      ws: `${scheme.ws}://${hostForUrl(o.host)}:${port}`,
      http: `${scheme.http}://${hostForUrl(o.host)}:${port}`,
    });
    Object.assign(urls.vip, base(proxy.port));
    Object.assign(urls.nodes.A, base(servers.A!.port));
    Object.assign(urls.nodes.B, base(bPort));
  } catch (err) {
    await cleanup();
    throw err;
  }

  const events = new Emitter<SimulatorEvents>(() => {}); // a test's faulty listener must not break the simulator
  for (const name of ['transition', 'power', 'vip', 'hang', 'heartbeat'] as const) {
    pair.on(name, (payload) => events.emit(name, payload as never));
  }
  pair.on('event', (e) => {
    if (e.name === 'core.get_jobs') events.emit('job', { node: e.node, msg: e.msg, job: e.fields as Record<string, unknown> });
  });

  let stopping: Promise<void> | null = null;
  const admin = accounts.users.get('truenas_admin')!;
  const viewer = accounts.users.get('ha_viewer')!;
  const otpUser = accounts.users.get('otp_admin')!;
  const endpoint = (node: NodeLetter) => ({
    ...urls.nodes[node],
    ...(tmp && pair.present(node) ? { unix: join(tmp, `${node.toLowerCase()}.sock`) } : {}),
  });
  pair.log(`simulator up: ${release.apiVersion}, VIP ${urls.vip.ws}, A ${urls.nodes.A.ws}${o.licensed ? `, B ${urls.nodes.B.ws}` : ''}`);
  return {
    vip: { ...urls.vip },
    a: endpoint('A'),
    b: endpoint('B'),
    credentials: {
      username: admin.username,
      password: admin.password,
      apiKey: accounts.rawKey(1),
      readonly: { username: viewer.username, password: viewer.password, apiKey: accounts.rawKey(2) },
      otp: { username: otpUser.username, password: otpUser.password, secret: otpUser.otpSecret! },
    },
    apiVersion: release.apiVersion,
    faults,
    state: () => snapshot(pair, faults),
    on: (event, listener) => events.on(event, listener),
    otpToken: () => totp(otpUser.otpSecret!, Date.now()),
    stop: () => {
      stopping ??= cleanup();
      return stopping;
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A free port for the absent controller B of an unlicensed system (nothing listens on it). */
async function reservePort(host: string, wanted: number): Promise<number> {
  if (wanted) return wanted;
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
