import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../src/log/create-logger-factory.js';
import {
  childrenOf,
  eventually,
  isLiving,
  livingMembers,
  signalGroup,
  startRtlabGroupLeader,
} from './helpers/process-group.js';
import { useTempDir } from './helpers/temp-dir.js';

interface Watched {
  readonly leader: ChildProcess & { readonly pid: number };
  /** Resolves once stdout and stderr together contain `text`. */
  printed(text: string): Promise<void>;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Ctrl-C and SIGTERM at every phase, on real processes: the exit code says how the command was
 * stopped, it says so on stderr, and nothing it started is left running — also after a kill -9
 * that leaves it no chance to stop anything.
 */
describe('rtlab stopped by a signal leaves nothing behind', () => {
  const tempDir = useTempDir();
  const groups: number[] = [];
  afterEach(() => {
    // Whatever a failed test left: only the groups this file started, by their own pids.
    for (const group of groups.splice(0)) for (const pid of livingMembers(group)) process.kill(pid, 'SIGKILL');
  });

  function start(args: readonly string[], cwd = tempDir()): Watched {
    const leader = startRtlabGroupLeader(args, { cwd });
    groups.push(leader.pid);
    let output = '';
    const waiting: Array<{ text: string; resolve: () => void }> = [];
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const wait of waiting.filter(({ text }) => output.includes(text))) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve();
      }
    };
    leader.stdout?.on('data', onData);
    leader.stderr?.on('data', onData);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      leader.once('close', (code, signal) => resolve({ code, signal })),
    );
    return {
      leader,
      output: () => output,
      exited,
      printed: (text) =>
        output.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve })),
    };
  }

  it('bench faults: Ctrl-C (SIGINT to the terminal’s process group) during start-up exits 130, says so, and stops every process it started', async () => {
    const run = start(['bench', 'faults', '--duration', '5s']);
    await run.printed('Starting MongoDB');
    // Start-up is under way once its first child (rtlab mongo serve) exists.
    await eventually(() => childrenOf(run.leader.pid).length > 0);
    signalGroup(run.leader.pid, 'SIGINT');
    expect(await run.exited, run.output()).toEqual({ code: 130, signal: null });
    expect(run.output()).toContain('Interrupted by SIGINT (Ctrl-C).');
    // The child the same Ctrl-C stopped is not reported as an error of the environment.
    expect(run.output()).not.toContain('✗');
    await eventually(() => livingMembers(run.leader.pid).length === 0);
  }, 90_000);

  it('bench ws: SIGINT to rtlab alone (kill -INT, its children not signalled) during start-up exits 130 and stops its MongoDB process', async () => {
    const run = start(['bench', 'ws', '--duration', '2s', '--clients', '5']);
    await run.printed('Starting MongoDB');
    await eventually(() => childrenOf(run.leader.pid).length > 0);
    const children = childrenOf(run.leader.pid);
    run.leader.kill('SIGINT');
    expect(await run.exited, run.output()).toEqual({ code: 130, signal: null });
    expect(run.output()).toContain('Interrupted by SIGINT (Ctrl-C).');
    await eventually(() => children.every((pid) => !isLiving(pid)));
    await eventually(() => livingMembers(run.leader.pid).length === 0);
  }, 90_000);

  it('bench ws: SIGTERM while it measures exits 143, says so, and stops its MongoDB process', async () => {
    const run = start(['bench', 'ws', '--duration', '8s', '--clients', '5']);
    await run.printed('Round 1/');
    const children = childrenOf(run.leader.pid);
    expect(children.length).toBeGreaterThan(0);
    run.leader.kill('SIGTERM');
    expect(await run.exited, run.output()).toEqual({ code: 143, signal: null });
    expect(run.output()).toContain('Stopped by SIGTERM.');
    await eventually(() => children.every((pid) => !isLiving(pid)));
  }, 90_000);

  it('kill -9 of bench faults while it runs: MongoDB, the ws-server and the receiver it started exit by themselves', async () => {
    const run = start(['bench', 'faults', '--duration', '30s']);
    await run.printed('Delivering');
    const children = childrenOf(run.leader.pid);
    expect(children.length, run.output()).toBe(3);
    run.leader.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    // Nobody is left to signal them: each notices its parent is gone (its IPC channel closed).
    await eventually(() => children.every((pid) => !isLiving(pid)));
    await eventually(() => livingMembers(run.leader.pid).length === 0);
  }, 90_000);

  it('tail logs -f: SIGTERM exits 143 and says so, as Ctrl-C exits 130', async () => {
    const cwd = tempDir();
    const logs = createLoggerFactory({ logDir: path.join(cwd, '.rtlab', 'logs'), level: 'info', console: false });
    logs.forService('ws-server').info('WebSocket server listening');
    logs.close();
    const run = start(['tail', 'logs', '--follow'], cwd);
    // Following: the history is printed.
    await run.printed('WebSocket server listening');
    run.leader.kill('SIGTERM');
    expect(await run.exited, run.output()).toEqual({ code: 143, signal: null });
    expect(run.output()).toMatch(/Stopped by SIGTERM\.\n$/);
  });

  it('mongo serve: Ctrl-C once it serves is its normal end (exit 0, no interruption reported)', async () => {
    const run = start(['mongo', 'serve', '--port', '0', '--no-persist']);
    await run.printed('mongodb://');
    signalGroup(run.leader.pid, 'SIGINT');
    expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('Interrupted');
  });
});
