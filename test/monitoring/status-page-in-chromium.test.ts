import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient } from '../../src/index.js';
import { launchChromium } from '../browser/chromium.js';
import { baseEnv, cliWithBrowserBuild, freePort, get, root, startPair, tempDir, until, writeFleet } from './helpers.js';

// The screenshot is kept as a test artifact (gitignored). SCREENSHOT_TO_DOCS=1 also writes the
// picture docs/monitoring.md shows.
const ARTIFACTS = join(root, 'test-artifacts');

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('the status page', () => {
  it('shows the new MASTER in Chromium while a pair fails over, with the reasons worded by the browser build', async () => {
    const [nas1, nas2] = await Promise.all([startPair({ seed: 'page-1' }), startPair({ seed: 'page-2' })]);
    onTestFinished(() => Promise.all([nas1.stop(), nas2.stop()]).then(() => undefined));
    const admin = (sim: typeof nas1) =>
      createClient({ url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey }, env: false });
    const admin2 = admin(nas2);
    onTestFinished(() => admin2.close());
    await admin2.failover.update({ disabled: true });

    const dir = tempDir('status-page-');
    const fleet = writeFleet(dir, { 'nas1-lab': nas1, 'nas2-dr': nas2, 'nas3-gone': `ws://127.0.0.1:${await freePort()}` });
    const port = await freePort();
    const exporter = spawn(
      process.execPath,
      [await cliWithBrowserBuild(), 'exporter', '--config', fleet, '--listen', `127.0.0.1:${port}`],
      {
        env: baseEnv() as NodeJS.ProcessEnv,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    onTestFinished(() => stopped(exporter));
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await get(base, '/status.json')).includes('nas1-lab'), 'the exporter to serve');

    const browser = await launchChromium();
    onTestFinished(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${base}/`);

    const card = (name: string) => page.locator(`section.pair[data-pair="${name}"]`);
    await card('nas1-lab').and(page.locator('[data-master="A"][data-state="OK"]')).waitFor({ timeout: 20_000 });
    await expect(card('nas1-lab').locator('[data-node="A"] .status').textContent()).resolves.toBe('MASTER');
    await expect(card('nas1-lab').locator('[data-node="B"] .status').textContent()).resolves.toBe('BACKUP');
    // Failover disabled on nas2: WARNING, and the reason's meaning comes from the browser build (reasonMeaning).
    await card('nas2-dr').and(page.locator('[data-state="WARNING"]')).waitFor();
    await expect(card('nas2-dr').locator('ul.reasons').textContent()).resolves.toBe('NO_FAILOVER: failover is administratively disabled');

    const admin1 = admin(nas1);
    onTestFinished(() => admin1.close());
    await admin1.failover.become_passive();
    // The page follows the failover live (Server-Sent Events): B is MASTER, A the standby again.
    await card('nas1-lab').and(page.locator('[data-master="B"][data-state="OK"]')).waitFor({ timeout: 30_000 });
    await expect(card('nas1-lab').locator('[data-node="B"] .status').textContent()).resolves.toBe('MASTER');
    await expect(card('nas1-lab').locator('[data-node="A"] .status').textContent()).resolves.toBe('BACKUP');
    // The history is worded by describeChange from the browser build.
    await expect(card('nas1-lab').locator('ul.changes').textContent()).resolves.toMatch(/MASTER moved from node A to node B/);
    await card('nas3-gone').and(page.locator('[data-state="UNKNOWN"]')).waitFor({ timeout: 20_000 });
    await expect(page.locator('#live').textContent()).resolves.toBe('live');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });
    if (process.env.SCREENSHOT_TO_DOCS === '1')
      await page.screenshot({ path: join(root, 'docs', 'monitoring-status-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    // Nothing the browser got holds a credential.
    const html = await page.content();
    for (const sim of [nas1, nas2]) expect(html).not.toContain(sim.credentials.apiKey.split('-')[1]);
  }, 90_000);
});
