import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { requireTool } from './require-tool.js';

const chromiumPath = '/usr/bin/chromium';

/** Whether Debian's Chromium is here (browser tests skip with this reason where it is not). */
export const chromiumCheck = requireTool({
  command: chromiumPath,
  args: ['--version'],
  why: "Debian's Chromium",
  install: 'apt-get install chromium',
});

/**
 * One headless Chromium for a describe block, launched with the flags this closed network
 * needs (no background networking, no component updates), closed after the block.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('Chromium is not launched yet');
    return browser;
  };
}
