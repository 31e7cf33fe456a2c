/**
 * A page in headless chromium that loads the client as a browser app would: the main entry bundled
 * for the browser (`#platform` resolved to the browser platform module, as the package's "browser"
 * condition does), served from loopback. Used by the browser tests and by the browser rows of
 * `npm run bench -- failover`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** The main entry bundled for the browser: the code, and the source files it holds. */
export async function bundleClientForBrowser(): Promise<{ code: string; inputs: string[] }> {
  const browserPlatform = fileURLToPath(new URL('../../src/transport/platform/browser.ts', import.meta.url));
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'browser-platform',
        setup(b) {
          b.onResolve({ filter: /\/platform\/node\.js$/ }, () => ({ path: browserPlatform }));
        },
      },
    ],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

export interface ClientPage {
  page: Page;
  /** Messages of errors the page did not catch. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens a page whose module script is `script`; it imports the client from `/client.js` (the
 * bundle given). Resolves once `window[readyGlobal]` is defined.
 */
export async function openClientPage(bundle: string, script: string, readyGlobal: string): Promise<ClientPage> {
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html', body: `<!doctype html><title>truenas-failover</title><script type="module">${script}</script>` },
    '/client.js': { type: 'text/javascript', body: bundle },
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction((name) => (window as unknown as Record<string, unknown>)[name] !== undefined, readyGlobal);
    return { page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
