import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { rtlabBin, runRtlab, startRtlab, type RtlabRun } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { useServedLab, useServedLabDatabase } from '../helpers/served-lab.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** `printf <input> | rtlab <args>`: the built CLI with `input` on its stdin, closed after it. */
function pipeInto(
  input: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<RtlabRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rtlabBin, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `rtlab mongo serve` in its own process, so that a test can take MongoDB away with kill -9. */
async function serveMongo(cwd: string, port: number): Promise<ChildProcess> {
  const child = startRtlab(['mongo', 'serve', '--port', String(port), '--no-persist'], { cwd });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('mongodb://') && resolve());
    child.once('exit', (code) => reject(new Error(`rtlab mongo serve exited with ${code}`)));
  });
  return child;
}

describe('rtlab ws chat tells the truth', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();
  const mongos: ChildProcess[] = [];
  // One ws-server (with the embedded MongoDB it starts) for the piped chats; each pipes as a user of its own.
  const lab = useServedLab(['ws-server'], ['WS_PORT', 'MONGO_PORT']);
  const database = useServedLabDatabase(lab);

  it.each([
    { name: "the issue's three lines", user: 'pipe-three', lines: ['a', 'b', 'c'] },
    {
      name: 'sixty lines at once, accents and emoji included',
      user: 'pipe-sixty',
      lines: Array.from({ length: 60 }, (_, i) => `línea ${i} ✓`),
    },
  ])(
    'stores every piped line, in order, before it exits 0 ($name)',
    async ({ user, lines }) => {
      const { cwd, env } = lab();
      const run = await pipeInto(`${lines.join('\n')}\n`, ['ws', 'chat', '--user', user], { cwd, env });
      expect(run.stderr).not.toContain('disconnected');
      expect(run.code).toBe(0);
      const stored = await database()
        .collection('chat_messages')
        .find({ user }, { sort: { createdAt: 1, _id: 1 } })
        .toArray();
      expect(stored.map((message) => message['text'])).toEqual(lines);
    },
    60_000,
  );

  it('piped lines are sent without the interactive prompt or an echo of the room in the output', async () => {
    const { cwd, env } = lab();
    const run = await pipeInto('hi\nthere\n', ['ws', 'chat', '--user', 'pipe-quiet'], { cwd, env });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    const stored = await database().collection('chat_messages').find({ user: 'pipe-quiet' }).toArray();
    expect(stored.map((message) => message['text']).sort()).toEqual(['hi', 'there']);
  }, 60_000);

  it('exits 1 naming each line that was not stored: refused as invisible, or MongoDB gone (error ack, /readyz 503)', async () => {
    const cwd = tempDir();
    const mongoPort = await freePort();
    // Not in useChildProcesses: it is killed here with SIGKILL.
    const mongo = await serveMongo(cwd, mongoPort);
    mongos.push(mongo);
    const env = { WS_PORT: String(await freePort()), MONGO_URL: `mongodb://127.0.0.1:${mongoPort}` };
    children.push(await serveService('ws-server', cwd, env));
    const url = `http://127.0.0.1:${env.WS_PORT}`;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // A NUL-only line is refused like an empty one; the others are stored.
    const mixed = await pipeInto('uno\n\u0000\u0000\ndos\n', ['ws', 'chat', '--user', 'pipe'], { cwd, env });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('1 of 3 messages were not stored');
    expect(mixed.stderr).toContain('"\\u0000\\u0000": text: text must not be empty (invalid_message)');
    const history = await runRtlab(['ws', 'history', '--json'], { cwd, env });
    expect(
      (JSON.parse(history.stdout) as { messages: Array<{ text: string }> }).messages.map((message) => message.text),
    ).toEqual(['dos', 'uno']);

    // MongoDB dies (kill -9 of the process hosting it): the ws-server stays alive but not ready.
    const exited = new Promise((resolve) => mongo.once('exit', resolve));
    mongo.kill('SIGKILL');
    await exited;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const unready = await fetch(`${url}/readyz`);
    expect([unready.status, await unready.json()]).toEqual([503, { status: 'database_unavailable' }]);

    const one = await runRtlab(['ws', 'chat', 'hola', '--user', 'ana'], { cwd, env });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('1 of 1 message was not stored');
    expect(one.stderr).toContain('"hola": MongoDB is unreachable; the message was not stored (database_unavailable)');
    expect(one.stderr).toContain('rtlab mongo serve');

    const piped = await pipeInto('a\nb\n', ['ws', 'chat', '--user', 'pipe'], { cwd, env });
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain('2 of 2 messages were not stored');
    expect(piped.stderr).toMatch(/"a": MongoDB is unreachable[^\n]*\n\s+- "b": MongoDB is unreachable/);
  }, 90_000);

  afterEach(() => {
    for (const mongo of mongos.splice(0))
      if (mongo.exitCode === null && mongo.signalCode === null) mongo.kill('SIGKILL');
  });
});
