import { describe, expect, it, onTestFinished } from 'vitest';
import { startSimulator } from '../../src/simulator.js';
import { bundleClientForBrowser, openClientPage } from './page.js';

// The same client runs in a real browser (headless Debian chromium): the bundle of the main entry
// (nothing Node-only in it), the browser's own WebSocket and WebCrypto, against the simulator.

// Runs in the page (a module script there, so that no test tooling rewrites it).
const PAGE_SCRIPT = `
import * as m from '/client.js';
// Returns what the scenario saw, or where it failed, with the client's own log, timed (a browser
// says nothing of why a socket failed, so the log is what tells a failure apart).
window.runScenario = async (args) => {
  const log = [];
  const t0 = performance.now();
  const line = (level) => (message) => log.push(Math.round(performance.now() - t0) + ' ms ' + level + ' ' + message);
  const logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  try {
    return { out: await scenario(args, logger), log };
  } catch (e) {
    return { failed: String(e?.stack ?? e), log };
  }
};
async function scenario({ url, username, apiKey }, logger) {
  // Generous call timeouts: this checks what works in a browser, not how fast (npm run bench measures
  // that). Chromium holds back a failing page's WebSocket attempts by up to 5 s each, so on a busy
  // machine the reconnect after become_passive may take several of those.
  const client = m.createClient({ url, auth: { username, apiKey }, logger, timeout: 45000, reconnect: { initialDelay: 25, maxDelay: 400 } });
  const out = {};
  out.status = await client.failover.status();
  out.node = await client.failover.node();
  out.apiVersion = client.apiVersion;
  out.update = await client.failover.update({ timeout: 11 });
  try {
    await client.failover.update({ timeout: 'soon' });
  } catch (e) {
    out.validation = { isValidationError: e instanceof m.ValidationError, issues: e.issues };
  }
  const job = client.failover.reboot.other_node();
  let progress = 0;
  job.on('progress', () => progress++);
  out.job = { result: await job, state: job.state, progress };
  const events = [];
  await client.subscribe('failover.disabled.reasons', (fields) => events.push(fields));
  await client.failover.update({ disabled: true });
  await client.failover.disabled.reasons();
  await client.failover.update({ disabled: false });
  await client.failover.disabled.reasons();
  const failovers = [];
  client.on('failover', (e) => failovers.push([e.from.node, e.to.node]));
  out.passive = await client.failover.become_passive();
  out.nodeAfter = await client.failover.node();
  out.failovers = failovers;
  out.events = events;
  out.state = client.state;
  // A file path is for Node: the browser build refuses it before anything is sent.
  try {
    await client.upload('failover.upgrade', [{}], '/srv/images/update.sqsh');
  } catch (e) {
    out.filePath = { isTypeError: e instanceof TypeError, message: e.message };
  }
  await client.close();
  out.closed = client.state;
  // Node-only TLS options are refused with a typed error in a browser.
  const tls = m.createClient({ url, auth: { username, apiKey }, tls: { ca: 'x' }, reconnect: false });
  try {
    await tls.connect();
  } catch (e) {
    out.tlsRefused = e instanceof m.NotSupportedByTransportError;
  }
  await tls.close();
  return out;
}
`;

describe('the client in headless chromium', () => {
  it('logs in (SCRAM on WebCrypto), calls, validates, follows a job and an event, survives become_passive', async () => {
    // The simulator's log, timed, goes with a failure too: with the client's, it shows where a wait went.
    const started = Date.now();
    const simLog: string[] = [];
    const sim = await startSimulator({
      apiVersion: 'v27.0.0',
      seed: 'browser',
      logger: (line) => simLog.push(`${Date.now() - started} ms ${line}`),
    });
    onTestFinished(() => sim.stop());
    // As a bundler builds it from the package for a browser (the "browser" condition of `#platform`):
    // none of the Node-only code (node:http, ws, the key file, channel binding) is in it.
    const { code: bundle, inputs } = await bundleClientForBrowser();
    expect(bundle).not.toMatch(/from ["']node:/);
    expect(inputs).toContain('src/transport/platform/browser.ts');
    expect(inputs.filter((f) => /platform\/node|node-http|node-websocket|channel-binding/.test(f))).toEqual([]);
    const { page, pageErrors, close } = await openClientPage(bundle, PAGE_SCRIPT, 'runScenario');
    onTestFinished(close);

    const {
      out: report,
      failed,
      log,
    } = (await page.evaluate((args) => (window as unknown as { runScenario(a: unknown): Promise<unknown> }).runScenario(args), {
      url: sim.vip.ws,
      username: sim.credentials.username,
      apiKey: sim.credentials.apiKey,
    })) as { out?: Record<string, unknown>; failed?: string; log: string[] };

    expect(failed, `the scenario failed; the client's log:\n${log.join('\n')}\nthe simulator's log:\n${simLog.join('\n')}`).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(report).toMatchObject({
      status: 'MASTER',
      node: 'A',
      apiVersion: 'v27.0.0',
      update: { timeout: 11 },
      validation: {
        isValidationError: true,
        issues: [{ attribute: 'data.timeout', message: 'Input should be a valid integer', errno: 22 }],
      },
      job: { result: null, state: 'SUCCESS' },
      passive: null,
      nodeAfter: 'B',
      failovers: [['A', 'B']],
      state: 'ready',
      closed: 'closed',
      tlsRefused: true,
      filePath: { isTypeError: true, message: 'upload: a file path works only in Node; pass a Blob, File, bytes or a stream' },
    });
    expect((report!.job as { progress: number }).progress).toBeGreaterThan(0);
    expect((report!.events as unknown[]).length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
