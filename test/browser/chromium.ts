/** Headless Debian chromium for the browser tests (playwright-core drives the system browser). */
import { type Browser, chromium } from 'playwright-core';

// The flags this machine needs: no sandbox (root in a container), no GPU, nothing fetched from outside.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's chromium, which `.ci/run` installs. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
