import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { packageRoot } from '../../src/package-root.js';
import { startDashboardServer } from '../../src/services/ws/dashboard/start-dashboard-server.js';
import { startWebhookReceiver } from '../../src/services/webhooks/receiver/start-webhook-receiver.js';
import { startWebhookSender } from '../../src/services/webhooks/sender/start-webhook-sender.js';
import { startOrderUpdatePublisher } from '../../src/services/ws/start-order-update-publisher.js';
import { chromiumCheck as browserCheck, useChromium } from '../helpers/chromium.js';
import { testSecret } from '../helpers/webhook-lab.js';
import { clientToken, internalToken, nextEvent, useWsLab } from '../helpers/ws-lab.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe.skipIf(!browserCheck.available)(
  `dashboard in headless Chromium${browserCheck.available ? '' : ` (skipped: ${browserCheck.reason})`}`,
  () => {
    const start = useWsLab();
    const browser = useChromium();

    it('shows the title, sends chat to other clients, and puts order updates at the top of Notifications', async () => {
      const lab = await start();
      const logs = createLoggerFactory({ logDir: lab.logDir, level: 'info', console: false });
      const dashboard = await startDashboardServer({
        port: 0,
        host: '127.0.0.1',
        webRoot: path.join(packageRoot, 'dist', 'web'),
        wsServerUrl: lab.server.url,
        token: clientToken,
        logger: logs.forService('ws-client'),
      });
      const publisher = startOrderUpdatePublisher({
        wsServerUrl: lab.server.url,
        internalToken,
        logger: logs.forService('webhooks-receiver'),
      });
      const receiver = await startWebhookReceiver({
        port: 0,
        host: '127.0.0.1',
        db: lab.connection.db,
        secrets: [testSecret],
        publisher,
        logger: logs.forService('webhooks-receiver'),
      });
      const sender = await startWebhookSender({
        port: 0,
        host: '127.0.0.1',
        db: lab.connection.db,
        receiverUrl: receiver.url,
        secret: testSecret,
        logger: logs.forService('webhooks-sender'),
      });
      const watcher = io(`${lab.server.url}/chat`, { auth: { token: clientToken }, transports: ['websocket'] });
      try {
        const page = await browser().newPage({ viewport: { width: 1100, height: 700 } });
        await page.goto(dashboard.url);
        await expect(page.title()).resolves.toBe('Realtime Labs Websocket Client');
        await page.getByRole('heading', { name: 'Realtime Labs Websocket Client' }).waitFor();
        await page.locator('[data-testid="connection-state"][data-state="connected"]').nth(1).waitFor();

        await nextEvent(watcher, 'connect').catch(() => undefined);
        const heard = nextEvent<{ text: string }>(watcher, 'chat:message');
        await page.getByLabel('Mensaje').fill('hola desde Chromium');
        await page.getByRole('button', { name: 'Enviar' }).click();
        expect((await heard).text).toBe('hola desde Chromium');
        await page.locator('[data-testid="chat-messages"] li.own', { hasText: 'hola desde Chromium' }).waitFor();

        publisher.publish({
          orderId: 'ord_from_test',
          status: 'shipped',
          source: 'grpc',
          eventId: 'evt_test',
          at: new Date().toISOString(),
        });
        const first = page.locator('[data-testid="notifications"] li').first();
        await first.locator('.order', { hasText: 'ord_from_test' }).waitFor();

        // The lab's third scenario: the sender's /send makes the newest order update appear first.
        expect(await (await fetch(`${sender.url}/send`)).json()).toEqual({ status: 'sent', count: 2 });
        await page.locator('[data-testid="notification-count"]', { hasText: '3' }).waitFor();
        const newest = await lab.connection.db
          .collection('notifications')
          .find({}, { sort: { at: -1, _id: -1 }, limit: 1 })
          .next();
        await first.locator('.order', { hasText: String(newest!['orderId']) }).waitFor();

        mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: path.join(artifacts, 'dashboard.png') });
        await page.setViewportSize({ width: 390, height: 800 });
        await page.screenshot({ path: path.join(artifacts, 'dashboard-phone.png'), fullPage: true });
      } finally {
        watcher.close();
        await sender.stop();
        await receiver.stop();
        await publisher.stop();
        await dashboard.stop();
        logs.close();
      }
    });
  },
);
