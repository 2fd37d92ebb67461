import { afterEach, describe, expect, it, vi } from 'vitest';

// ink decides at import whether it runs under CI (then it draws only the last frame).
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { cleanup, render } from 'ink-testing-library';
import { startLabDashboard, type LabDashboard } from '../../src/cli/dashboard/start-lab-dashboard.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { selectLabParts } from '../../src/runtime/embedded/select-lab-parts.js';
import { startEmbeddedLab } from '../../src/runtime/embedded/start-embedded-lab.js';
import type { LabState } from '../../src/runtime/lab-state/lab-state.js';
import { labParts } from '../../src/services/registry.js';
import { Dashboard } from '../../src/ui/dashboard/Dashboard.js';
import type { DashboardStore } from '../../src/ui/dashboard/dashboard-store.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { testSecret } from '../helpers/webhook-lab.js';

const plain = (text: string | undefined) => stripVTControlCharacters(text ?? '');

describe('the rtlab up dashboard on a real embedded lab', () => {
  const tempDir = useTempDir('rtlab-dashboard-');
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    cleanup();
  });

  /** The webhooks profile started in this process, its progress and logs shown by the dashboard drawn in a test terminal. */
  async function startWebhooksLab() {
    const database = await startLabDatabase();
    stops.push(database.stop);
    const ports: Record<string, string> = {};
    for (const part of labParts) ports[part.portSetting] = String(await freePort());
    const config = loadConfig({
      cwd: tempDir(),
      env: {
        WEBHOOK_SECRET: testSecret,
        JWT_SECRET: 'jwt-secret-for-tests-0123',
        WS_TOKEN: 'ws-token-for-tests',
        LOG_LEVEL: 'info',
        MONGO_URL: database.mongo.uri,
        ...ports,
      },
    });
    const logDir = path.join(config.home, 'logs');
    const logs = createLoggerFactory({ logDir, level: 'info', console: false });
    stops.push(async () => logs.close());
    const stopping = new AbortController();
    let view: ReturnType<typeof render> | undefined;
    let shown: DashboardStore | undefined;
    const since = new Date();
    const dashboard: LabDashboard = await startLabDashboard({
      context: { stdout: process.stdout, stderr: process.stderr, env: {}, signal: stopping.signal, exitCode: 0 },
      config,
      logDir,
      color: false,
      since,
      quit: () => stopping.abort(),
      mount: (store, controls) => {
        shown = store;
        view = render(<Dashboard store={store} controls={controls} color={false} />);
        return { close: () => view!.unmount() };
      },
    });
    stops.push(() => dashboard.close());
    const lab = await startEmbeddedLab({
      config,
      logs,
      selection: selectLabParts(['webhooks']),
      signal: stopping.signal,
      onProgress: dashboard.progress,
    });
    stops.push(() => lab.stop());
    const state: LabState = {
      runtime: 'embedded',
      pid: process.pid,
      status: 'ready',
      startedAt: since.toISOString(),
      cwd: config.cwd,
      profiles: ['webhooks'],
      mongoUrl: lab.mongoUrl,
      parts: lab.parts,
      logDir,
    };
    await dashboard.ready(state);
    return { view: view!, store: shown!, logs, receiverPort: ports['RECEIVER_PORT']! };
  }

  async function frameWhere(view: ReturnType<typeof render>, check: (frame: string) => boolean): Promise<string> {
    await vi.waitFor(
      () =>
        expect(check(plain(view.lastFrame())), `no frame like that; the last:\n${plain(view.lastFrame())}`).toBe(true),
      { timeout: 20_000, interval: 50 },
    );
    return plain(view.lastFrame());
  }

  it('s sends a webhook as rtlab webhooks send does: the receiver logs it, the table counts it, the outcome is shown', async () => {
    const { view, receiverPort } = await startWebhooksLab();
    await frameWhere(view, (frame) =>
      new RegExp(`webhooks-receiver +http://127\\.0\\.0\\.1:${receiverPort} +ready +ok +\\d+s +0`).test(frame),
    );

    view.stdin.write('s');
    const frame = await frameWhere(
      view,
      (text) => /and processed/.test(text) && /webhooks-receiver +info +Handling order\.created event/.test(text),
    );
    expect(frame).toMatch(/✓ msg_\S+ order\.created delivered \(202, \d+ ms, attempt 1\) and processed/);
    await frameWhere(view, (text) =>
      new RegExp(`webhooks-receiver +http://127\\.0\\.0\\.1:${receiverPort} +ready +ok +\\d+s +1`).test(text),
    );

    // A key whose profile this lab does not run says which one would.
    view.stdin.write('g');
    await frameWhere(view, (text) =>
      text.includes('grpc-server is not running in this lab: the grpc profile runs it (rtlab up --profile grpc).'),
    );
  });

  it('a burst of 50,000 log lines keeps 2,000 in memory, and s still sends a webhook meanwhile', async () => {
    const { view, store, logs } = await startWebhooksLab();
    await frameWhere(view, (frame) => /webhooks-sender +\S+ +ready +ok/.test(frame));
    const noisy = logs.forService('ws-noise');
    for (let line = 0; line < 50_000; line++) {
      noisy.info(`burst line ${line}`);
      if (line === 1000) view.stdin.write('s');
      if (line % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await frameWhere(view, (text) => text.includes('burst line 49999') && text.includes('and processed'));
    expect(store.logs.size).toBeLessThanOrEqual(2000);
    expect(store.logs.total).toBeGreaterThanOrEqual(50_000);
  });
});
