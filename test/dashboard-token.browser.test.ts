import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../src/log/create-logger-factory.js';
import { packageRoot } from '../src/package-root.js';
import { startDashboardServer } from '../src/services/ws/dashboard/start-dashboard-server.js';
import { listeningAddresses } from './helpers/listening-addresses.js';
import { chromiumCheck as browserCheck, useChromium } from './helpers/chromium.js';
import { clientToken, useWsLab } from './helpers/ws-lab.js';

const apiToken = 'api-token-for-the-browser-test';

describe.skipIf(!browserCheck.available)(
  `the dashboard with HOST open, in headless Chromium${browserCheck.available ? '' : ` (skipped: ${browserCheck.reason})`}`,
  () => {
    const start = useWsLab();
    const browser = useChromium();

    it('works when opened with the printed ?token= URL (also after a reload), and says what to open without it', async () => {
      const lab = await start();
      const logs = createLoggerFactory({ logDir: lab.logDir, level: 'info', console: false });
      // Open to the network as in a container; the browser still talks to 127.0.0.1 only.
      const dashboard = await startDashboardServer({
        port: 0,
        host: '0.0.0.0',
        apiToken,
        webRoot: path.join(packageRoot, 'dist', 'web'),
        wsServerUrl: lab.server.url,
        token: clientToken,
        logger: logs.forService('ws-client'),
      });
      try {
        expect(listeningAddresses(dashboard.port)).toEqual(['0.0.0.0']);
        const page = await browser().newPage();
        await page.goto(`${dashboard.url}/?token=${apiToken}`);
        await page.locator('[data-testid="connection-state"][data-state="connected"]').nth(1).waitFor();
        // The token left the address bar (a copied URL does not share it) and the tab kept it.
        expect(page.url()).toBe(`${dashboard.url}/`);
        await page.reload();
        await page.locator('[data-testid="connection-state"][data-state="connected"]').nth(1).waitFor();

        const stranger = await browser().newPage();
        await stranger.goto(dashboard.url);
        await stranger
          .getByText('open the dashboard with the ?token= URL that rtlab serve ws-client printed')
          .waitFor();
        expect(await stranger.locator('[data-testid="connection-state"]').count()).toBe(0);
      } finally {
        await dashboard.stop();
        logs.close();
      }
    });
  },
);
