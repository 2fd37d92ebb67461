import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testJwtSecret } from '../grpc/test-tokens.js';
import { chromiumCheck as browserCheck, useChromium } from '../helpers/chromium.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useOrdersLab } from './orders-lab.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/**
 * Every rendered element that reaches past the viewport's left or right edge, and the page's
 * scroll width (a script for the page: this file is compiled without the DOM's types).
 */
function horizontalOverflow(page: Page): Promise<{ outside: string[]; scrollWidth: number; width: number }> {
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.querySelectorAll('body *')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
      .map(({ element, box }) => element.tagName.toLowerCase() + '.' + element.className + ' ' + box.left + '..' + box.right);
    return { outside, scrollWidth: document.documentElement.scrollWidth, width };
  })()`);
}

async function expectNothingCutOff(page: Page): Promise<void> {
  const overflow = await horizontalOverflow(page);
  expect(overflow.outside).toEqual([]);
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
}

describe.skipIf(!browserCheck.available)(
  `the dashboard's Orders panel in headless Chromium${browserCheck.available ? '' : ` (skipped: ${browserCheck.reason})`}`,
  () => {
    const start = useOrdersLab();
    const browser = useChromium();

    it('lists orders from gRPC, shows a CLI order live, creates one through the form, shows refused fields and moves, at laptop and phone width', async () => {
      const lab = await start();
      const before = await lab.createOrderByGrpc('antes@example.com');
      const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(lab.dashboard.url);
      await page.getByRole('heading', { name: /Pedidos/ }).waitFor();
      await page.locator('[data-testid="orders-state"][data-state="live"]').waitFor();
      await page.locator(`[data-order-id="${before.id}"]`, { hasText: 'antes@example.com' }).waitFor();
      // The other domains' panels are there and connected on the same page.
      await page.locator('[data-testid="connection-state"][data-state="connected"]').nth(1).waitFor();

      // What the seed's grpc-client container runs, against this server: the order appears without a reload.
      const cli = await runRtlab(['grpc', 'create-order', '--target', lab.grpc.target], {
        cwd: lab.cwd,
        env: { JWT_SECRET: testJwtSecret },
      });
      expect(cli.code).toBe(0);
      const fromCli = JSON.parse(cli.stdout.replace('Order created via CLI: ', '')) as { id: string };
      await page.locator(`[data-order-id="${fromCli.id}"]`).waitFor();
      expect(await page.locator('[data-testid="orders-state"]').getAttribute('data-state')).toBe('live');

      const form = page.getByRole('form', { name: 'Nuevo pedido' });
      await form.getByLabel('Email del cliente').fill('formulario@example.com');
      await form.getByLabel('SKU').fill('CB-01');
      await form.getByLabel('Producto').fill('Cable USB-C');
      await form.getByLabel('Cantidad').fill('2');
      await form.getByLabel('Precio unitario').fill('7,99');
      await form.getByRole('button', { name: 'Crear pedido' }).click();
      await page
        .getByTestId('order-form-outcome')
        .filter({ hasText: /Pedido ord_\S+ creado/ })
        .waitFor();
      const stored = await lab.grpc.connection.db
        .collection('orders')
        .findOne({ customerEmail: 'formulario@example.com' });
      expect(stored).toMatchObject({ source: 'http', items: [{ sku: 'CB-01', quantity: 2, unitPrice: 7.99 }] });
      const created = page.locator(`[data-order-id="${String(stored!['orderId'])}"]`);
      await created.filter({ hasText: 'formulario@example.com' }).waitFor();
      await expectNothingCutOff(page);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'orders-panel.png'), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await form.getByLabel('Email del cliente').fill('no-es-un-email');
      await form.getByLabel('SKU').fill('MS-02');
      await form.getByLabel('Producto').fill('Mouse');
      await form.getByLabel('Precio unitario').fill('19.90');
      await form.getByRole('button', { name: 'Crear pedido' }).click();
      const emailError = form.locator('.field', { has: page.getByLabel('Email del cliente') }).locator('.field-error');
      await emailError.filter({ hasText: 'debe ser una dirección de email' }).waitFor();
      expect(await form.getByLabel('Email del cliente').getAttribute('aria-invalid')).toBe('true');
      expect(
        await lab.grpc.connection.db.collection('orders').countDocuments({ customerEmail: 'no-es-un-email' }),
      ).toBe(0);

      // A move the server allows, then one it refuses (409), both from the list.
      await created.getByRole('button', { name: 'Pagar' }).click();
      await created.locator('[data-status="PAID"]').waitFor();
      const original = page.locator(`[data-order-id="${before.id}"]`);
      await original.getByRole('button', { name: 'Despachar' }).click();
      await original.getByTestId('order-problem').filter({ hasText: '409' }).waitFor();
      expect(await original.locator('[data-status]').getAttribute('data-status')).toBe('CREATED');
      await expectNothingCutOff(page);
      await page.screenshot({ path: path.join(artifacts, 'orders-panel-phone.png'), fullPage: true });
    }, 90_000);

    it('says in Spanish that the bridge is down while the other panels keep working, and comes back by itself', async () => {
      const lab = await start();
      const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(lab.dashboard.url);
      await page.locator('[data-testid="orders-state"][data-state="live"]').waitFor();

      await lab.stopBridge();
      await page.locator('[data-testid="orders-state"][data-state="bridge-down"]').waitFor();
      await page
        .getByTestId('orders-problem')
        .filter({ hasText: 'El puente gRPC (grpc-bridge) no responde' })
        .waitFor();
      await page.getByLabel('Mensaje').fill('el chat sigue andando');
      await page.getByRole('button', { name: 'Enviar' }).click();
      await page.locator('[data-testid="chat-messages"] li.own', { hasText: 'el chat sigue andando' }).waitFor();

      await lab.startBridge();
      await page.locator('[data-testid="orders-state"][data-state="live"]').waitFor({ timeout: 20_000 });
      const order = await lab.createOrderByGrpc('de-vuelta@example.com');
      await page.locator(`[data-order-id="${order.id}"]`).waitFor();
      expect(await page.getByTestId('orders-problem').count()).toBe(0);
    }, 60_000);
  },
);
