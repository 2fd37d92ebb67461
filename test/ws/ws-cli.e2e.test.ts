import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { rtlabBin, runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { useServedLab } from '../helpers/served-lab.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('rtlab serve ws-* and rtlab ws', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();
  // The ws-server and its dashboard, and the webhooks services whose orders it announces, started together once.
  const lab = useServedLab(
    ['ws-server', 'ws-client', 'webhooks-receiver', 'webhooks-sender'],
    ['WS_PORT', 'WEB_PORT', 'MONGO_PORT', 'RECEIVER_PORT', 'SENDER_PORT'],
  );

  it('chats, lists history and listens to notifications from the terminal; the dashboard is served with its config', async () => {
    const { cwd, env } = lab();

    const listener = startRtlab(['ws', 'listen', '--json'], { cwd, env });
    children.push(listener);
    let heard = '';
    listener.stdout?.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    await new Promise<void>((resolve) =>
      listener.stderr?.on('data', (chunk: Buffer) => chunk.toString().includes('Listening on') && resolve()),
    );

    const chat = await runRtlab(['ws', 'chat', 'hola desde la terminal', '--user', 'ana'], { cwd, env });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/^✓ sent [0-9a-f]{24}$/m);
    const history = await runRtlab(['ws', 'history', '--json'], { cwd, env });
    expect((JSON.parse(history.stdout) as { messages: Array<{ user: string; text: string }> }).messages).toEqual([
      expect.objectContaining({ user: 'ana', text: 'hola desde la terminal' }),
    ]);

    // Interactive: a terminal (a pseudo-terminal from util-linux's script), one message per line,
    // until Ctrl-D. A pipe is not interactive: no prompt, no echo (test/ws/ws-chat-cli.e2e.test.ts).
    const interactive = spawn('script', ['-qfec', `${process.execPath} ${rtlabBin} ws chat --user beto`, '/dev/null'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let interactiveOut = '';
    const chatting = new Promise<void>((resolve) =>
      interactive.stdout.on('data', (chunk: Buffer) => {
        interactiveOut += chunk.toString();
        if (interactiveOut.includes('Chatting in general')) resolve();
      }),
    );
    await chatting;
    interactive.stdin.write('primera línea\rsegunda línea\r');
    for (let i = 0; i < 100 && !interactiveOut.includes('beto: segunda línea'); i++)
      await new Promise((resolve) => setTimeout(resolve, 30));
    interactive.stdin.write('\u0004');
    expect(await new Promise((resolve) => interactive.once('exit', resolve))).toBe(0);
    expect(interactiveOut).toContain('[general] beto: primera línea');
    expect(interactiveOut).toContain('[general] beto: segunda línea');

    const empty = await runRtlab(['ws', 'chat', '   ', '--user', 'ana'], { cwd, env });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('The ws-server refused the message: text: text must not be empty.');

    expect(await (await fetch(`http://127.0.0.1:${env.SENDER_PORT}/send`)).json()).toEqual({
      status: 'sent',
      count: 2,
    });
    for (let i = 0; i < 100 && heard.split('\n').filter(Boolean).length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const events = heard
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; data: { status: string; source: string } });
    expect(events).toEqual([
      expect.objectContaining({
        event: 'order:update',
        data: expect.objectContaining({ status: 'created', source: 'webhook' }),
      }),
      expect.objectContaining({ event: 'order:update' }),
    ]);

    const page = await fetch(`http://127.0.0.1:${env.WEB_PORT}/`);
    expect(await page.text()).toContain('<title>Realtime Labs Websocket Client</title>');
    expect(await (await fetch(`http://127.0.0.1:${env.WEB_PORT}/config.json`)).json()).toMatchObject({
      wsServerUrl: `http://127.0.0.1:${env.WS_PORT}`,
      token: expect.any(String),
    });
    // Four services and six CLI runs: on a loaded 2-core machine this takes longer than the default 30 s.
  }, 90_000);

  it('says how to start the ws-server when none answers', async () => {
    // WS_TOKEN given: a reading command in a folder without .env no longer writes one to find it in.
    const run = await runRtlab(['ws', 'history'], {
      cwd: tempDir(),
      env: { WS_PORT: String(await freePort()), WS_TOKEN: 'token-1234' },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/No ws-server answers at http:\/\/127\.0\.0\.1:\d+\./);
    expect(run.stderr).toContain('rtlab serve ws-server');
  });
});
