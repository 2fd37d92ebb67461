import { afterEach, describe, expect, it, vi } from 'vitest';

// ink decides at import whether it runs under CI (then it draws only the last frame): these
// tests look at every frame, whatever the machine that runs them.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

import { stripVTControlCharacters } from 'node:util';
import { cleanup, render } from 'ink-testing-library';
import type { LogEntry } from '../../src/log/log-entry.js';
import type { DashboardAction } from '../../src/ui/dashboard/dashboard-actions.js';
import { Dashboard } from '../../src/ui/dashboard/Dashboard.js';
import { DashboardStore } from '../../src/ui/dashboard/dashboard-store.js';

afterEach(() => cleanup());

const plain = (text: string | undefined) => stripVTControlCharacters(text ?? '');

function entry(service: string, message: string, meta: Record<string, unknown> = {}): LogEntry {
  return { timestamp: new Date().toISOString(), level: 'info', service, message, meta };
}

/** Waits for a frame the check accepts (the view redraws at its own pace, never at once). */
async function frameWhere(lastFrame: () => string | undefined, check: (frame: string) => boolean): Promise<string> {
  await vi.waitFor(
    () => expect(check(plain(lastFrame())), `no frame like that; the last:\n${plain(lastFrame())}`).toBe(true),
    {
      timeout: 5000,
      interval: 20,
    },
  );
  return plain(lastFrame());
}

function startedLab(): DashboardStore {
  const store = new DashboardStore({ countsRequests: (service) => service === 'webhooks-receiver' });
  store.applyProgress({ type: 'starting', service: 'mongo' }, '… mongo starting');
  store.applyProgress({ type: 'ready', service: 'mongo', url: 'mongodb://127.0.0.1:27017/', elapsedMs: 5 });
  store.applyProgress({ type: 'starting', service: 'webhooks-receiver' });
  store.applyProgress({ type: 'ready', service: 'webhooks-receiver', url: 'http://127.0.0.1:3001', elapsedMs: 9 });
  return store;
}

const noKeys = { actions: [], quit: () => undefined };

describe('the rtlab up dashboard', () => {
  it('shows the progress lines while the lab starts, then the services table with health and requests', async () => {
    const store = new DashboardStore({ countsRequests: () => false });
    store.applyProgress({ type: 'starting', service: 'mongo' }, '… mongo starting');
    const { lastFrame } = render(<Dashboard store={store} controls={noKeys} color={false} />);
    expect(plain(lastFrame())).toContain('… mongo starting');

    const lab = startedLab();
    const view = render(<Dashboard store={lab} controls={noKeys} color={false} />);
    lab.setHealth([
      { name: 'mongo', ready: true },
      { name: 'webhooks-receiver', ready: false, detail: 'GET /healthz: no answer (ECONNREFUSED)' },
    ]);
    lab.addLog(entry('webhooks-receiver', 'Handling order.created event'), true);
    const frame = await frameWhere(view.lastFrame, (text) => text.includes('failing'));
    expect(frame).toMatch(/SERVICE +URL +STATE +HEALTH +UPTIME +REQUESTS/);
    expect(frame).toMatch(/mongo +mongodb:\/\/127\.0\.0\.1:27017\/ +ready +ok +\d+s +—/);
    expect(frame).toMatch(
      /webhooks-receiver +http:\/\/127\.0\.0\.1:3001 +ready +failing +\d+s +1 +GET \/healthz: no answer/,
    );
  });

  it('draws log lines as they arrive, and l filters them by service or text (Esc clears)', async () => {
    const store = startedLab();
    const { lastFrame, stdin } = render(<Dashboard store={store} controls={noKeys} color={false} />);
    store.addLog(entry('webhooks-receiver', 'Handling order.created event', { eventId: 'msg_1' }), true);
    store.addLog(entry('grpc-server', 'CreateOrder succeeded', { orderId: 'ord_7' }), false);
    let frame = await frameWhere(lastFrame, (text) => text.includes('CreateOrder succeeded'));
    expect(frame).toMatch(/webhooks-receiver +info +Handling order\.created event eventId=msg_1/);

    stdin.write('l');
    await frameWhere(lastFrame, (text) => text.includes('filter logs'));
    stdin.write('grpc');
    await frameWhere(lastFrame, (text) => text.includes('filter logs') && text.includes('grpc'));
    stdin.write('\r');
    frame = await frameWhere(lastFrame, (text) => text.includes('logs matching "grpc"'));
    expect(frame).toMatch(/grpc-server +info +CreateOrder succeeded orderId=ord_7/);
    expect(frame).not.toContain('Handling order.created event');

    // Text of the metadata matches too.
    stdin.write('l');
    await frameWhere(lastFrame, (text) => text.includes('filter logs'));
    for (let i = 0; i < 4; i++) stdin.write('\x7f');
    stdin.write('msg_1\r');
    frame = await frameWhere(lastFrame, (text) => text.includes('logs matching "msg_1"'));
    expect(frame).toContain('Handling order.created event');
    expect(frame).not.toContain('CreateOrder succeeded');

    stdin.write('\x1b');
    frame = await frameWhere(lastFrame, (text) => text.includes('── logs (2 lines'));
    expect(frame).toContain('Handling order.created event');
    expect(frame).toContain('CreateOrder succeeded');
  });

  it('draws the start-up log lines in time order, also those of a log file found later', async () => {
    const store = startedLab();
    const { lastFrame } = render(<Dashboard store={store} controls={noKeys} color={false} />);
    const at = (second: number, service: string, message: string): LogEntry => ({
      ...entry(service, message),
      timestamp: `2026-11-29T10:00:0${second}.000Z`,
    });
    store.addLog(at(3, 'webhooks-receiver', 'Webhook receiver listening on port 3001'), false);
    // mongo.log is found a second later: its lines were written before the receiver's.
    store.addLog(at(1, 'mongo', 'MongoDB-compatible server listening'), false);
    store.addLog(at(2, 'ws-server', 'WebSocket server listening on port 3003'), false);
    store.addLog(at(4, 'webhooks-sender', 'Webhook sender listening on port 3002'), false);
    const frame = await frameWhere(lastFrame, (text) => text.includes('Webhook sender listening'));
    const order = ['MongoDB-compatible', 'WebSocket server', 'Webhook receiver', 'Webhook sender'].map((text) =>
      frame.indexOf(text),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('r offers the scenarios to pick by number, runs the one picked in the background (its steps in the log pane), and the keys keep answering', async () => {
    const store = startedLab();
    let finish: () => void = () => undefined;
    const picked: string[] = [];
    let sent = 0;
    const actions: DashboardAction[] = [
      {
        key: 's',
        label: 'send a webhook',
        running: 'Sending…',
        run: async () => ({ ok: true, text: `sent ${++sent}` }),
      },
      {
        key: 'r',
        label: 'run a scenario against this lab',
        running: 'Running the scenario',
        choices: async () => ({
          items: [
            { id: 'webhooks', label: 'Webhooks end to end (4 steps)' },
            { id: 'security', label: 'Forged and replayed webhooks (3 steps)' },
          ],
          none: 'no scenario',
        }),
        run: async (choice) => {
          picked.push(choice!.id);
          store.addLog({ ...entry('scenario', '✓ Trigger the sender'), level: 'info' }, false);
          await new Promise<void>((resolve) => (finish = resolve));
          store.addLog({ ...entry('scenario', '✗ Notified: expected 1, got 0'), level: 'error' }, false);
          return { ok: false, text: `Scenario ${choice!.id} failed: 1 of 2 steps passed` };
        },
      },
    ];
    const { lastFrame, stdin } = render(
      <Dashboard store={store} controls={{ actions, quit: () => undefined }} color={false} />,
    );
    stdin.write('r');
    let frame = await frameWhere(lastFrame, (text) => text.includes('press its number'));
    expect(frame).toMatch(/1 +webhooks +Webhooks end to end \(4 steps\)/);
    expect(frame).toMatch(/2 +security +Forged and replayed webhooks/);

    stdin.write('2');
    frame = await frameWhere(lastFrame, (text) => text.includes('✓ Trigger the sender'));
    expect(picked).toEqual(['security']);
    expect(frame).toMatch(/scenario +info +✓ Trigger the sender/);
    expect(frame).toContain('Running the scenario security');

    // The run goes on; the keys answer meanwhile, and r says it is still running.
    stdin.write('s');
    await frameWhere(lastFrame, (text) => text.includes('sent 1'));
    stdin.write('r');
    await frameWhere(lastFrame, (text) => text.includes('Running the scenario (still running)'));

    finish();
    frame = await frameWhere(lastFrame, (text) => text.includes('Scenario security failed'));
    expect(frame).toMatch(/scenario +error +✗ Notified: expected 1, got 0/);

    // Esc cancels a pick: nothing runs.
    stdin.write('r');
    await frameWhere(lastFrame, (text) => text.includes('press its number'));
    stdin.write('\u001b');
    await frameWhere(lastFrame, (text) => !text.includes('press its number'));
    expect(picked).toEqual(['security']);
  });

  it('keeps 2,000 lines of a 50,000-line burst, draws the newest, and still answers a key', async () => {
    const store = startedLab();
    let pressed = 0;
    const probe: DashboardAction = {
      key: 's',
      label: 'send a webhook',
      running: 'Sending…',
      run: async () => ({ ok: true, text: `✓ pressed ${++pressed}` }),
    };
    const { lastFrame, stdin } = render(
      <Dashboard store={store} controls={{ actions: [probe], quit: () => undefined }} color={false} />,
    );
    // As a follower delivers them: chunks of a file's read, with the event loop turning between.
    for (let chunk = 0; chunk < 50; chunk++) {
      for (let line = 0; line < 1000; line++)
        store.addLog(entry('ws-server', `burst line ${chunk * 1000 + line}`), false);
      if (chunk === 25) stdin.write('s');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(store.logs.size).toBe(2000);
    expect(store.logs.total).toBe(50_000);
    const frame = await frameWhere(lastFrame, (text) => text.includes('burst line 49999'));
    expect(frame).toContain('✓ pressed 1');
    expect(frame).toContain('50000 lines so far');
    stdin.write('s');
    await frameWhere(lastFrame, (text) => text.includes('✓ pressed 2'));
  });

  it('q (Ctrl-C too, even while typing a filter) asks for the graceful stop once, and says so', async () => {
    const store = startedLab();
    const quit = vi.fn();
    const { lastFrame, stdin } = render(<Dashboard store={store} controls={{ actions: [], quit }} color={false} />);
    // While a filter is typed, q is a letter of it.
    stdin.write('l');
    await frameWhere(lastFrame, (text) => text.includes('filter logs'));
    stdin.write('q');
    await frameWhere(lastFrame, (text) => /filter logs .*: q/.test(text));
    expect(quit).not.toHaveBeenCalled();
    // Ctrl-C stops the lab whatever is being typed.
    stdin.write('\x03');
    await frameWhere(lastFrame, (text) => text.includes('Stopping the lab…'));
    stdin.write('q');
    stdin.write('\x03');
    expect(quit).toHaveBeenCalledTimes(1);
  });
});
