import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { LabState } from '../../src/runtime/lab-state/lab-state.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput, type LabOutput } from './lab-output.js';

const labTimeoutMs = 300_000;

function readState(lab: LabFolder): LabState {
  return JSON.parse(readFileSync(path.join(lab.home, 'state.json'), 'utf8')) as LabState;
}

async function withClient<T>(url: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 30_000 });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Takes `port` as soon as the process that held it is gone (retried until then). */
async function squat(port: number): Promise<net.Server> {
  for (;;) {
    // The services' drivers keep knocking: each connection is closed at once, so that close() does not wait on them.
    const server = net.createServer((socket) => socket.destroy());
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) return server;
    await sleep(2);
  }
}

describe('rtlab up: the lab MongoDB', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    'a kill -9 of the engine is reported and restarted on the same port and data (a j:true write survives, services reach it again); one that stays down is said to have stopped already',
    async () => {
      const lab = await labFolder();
      const up = startRtlab(['--cwd', lab.cwd, 'up', '--no-ui', '--runtime', 'process', '--profile', 'webhooks'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/The lab is running/);
      const first = readState(lab);
      const mongoUrl = first.mongoUrl!;
      const enginePid = first.startedEnginePid!;
      await writeAcknowledged(mongoUrl);

      process.kill(enginePid, 'SIGKILL');
      await output.waitFor(/✗ mongo +failed: was killed by SIGKILL; restarting in 0\.5 s[^]*✓ mongo +ready in \d+ ms/);
      const restartedPid = readState(lab).startedEnginePid!;
      expect(restartedPid).not.toBe(enginePid);
      expect(isRunning(restartedPid)).toBe(true);
      expect(readState(lab)).toMatchObject({ status: 'ready', mongoUrl });
      expect(readFileSync(path.join(lab.home, 'logs', 'mongo.log'), 'utf8')).toContain(
        'mongo was killed by SIGKILL; restarting in 0.5 s',
      );
      await expectLabRecovered(mongoUrl, lab, output);

      // Killed again, and its port taken meanwhile: it cannot come back before the lab is stopped.
      const mongoPort = Number(lab.env.MONGO_PORT);
      process.kill(restartedPid, 'SIGKILL');
      const squatter = await squat(mongoPort);
      try {
        await output.waitFor(/✗ mongo +failed: could not be restarted: [^\n]*; restarting in \d+ s/, 60_000);
        up.kill('SIGINT');
        expect(await output.exited()).toBe(0);
        expect(output.stderr()).toMatch(/^■ mongo +had already stopped: could not be restarted: /m);
        expect(output.stderr()).not.toMatch(/^■ mongo +stopped in/m);
        expect(processesIn(lab.cwd)).toEqual([]);
        expect(heldPorts(lab).filter((port) => port !== mongoPort)).toEqual([]);
        expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
      } finally {
        await new Promise<void>((resolve) => squatter.close(() => resolve()));
      }
    },
    labTimeoutMs,
  );

  it(
    'embedded: a kill -9 of the engine is reported and restarted on the same port and data; the services reach it again',
    async () => {
      const lab = await labFolder();
      const up = startRtlab(['--cwd', lab.cwd, 'up', '--no-ui', '--profile', 'webhooks'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/The lab is running/);
      const { mongoUrl, startedEnginePid } = readState(lab);
      await writeAcknowledged(mongoUrl!);

      process.kill(startedEnginePid!, 'SIGKILL');
      await output.waitFor(/✗ mongo +failed: was killed by SIGKILL; restarting in 0\.5 s[^]*✓ mongo +ready in \d+ ms/);
      const restartedPid = readState(lab).startedEnginePid!;
      expect(restartedPid).not.toBe(startedEnginePid);
      await expectLabRecovered(mongoUrl!, lab, output);

      up.kill('SIGTERM');
      expect(await output.exited()).toBe(0);
      expect(output.stderr()).toMatch(/^■ mongo +stopped in \d+ ms/m);
      expect(isRunning(restartedPid)).toBe(false);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
    },
    labTimeoutMs,
  );
});

/** A write the engine acknowledged as journaled (j: true): it must survive a kill -9. */
async function writeAcknowledged(mongoUrl: string): Promise<void> {
  await withClient(mongoUrl, (client) =>
    client
      .db('durability')
      .collection('probe')
      .insertOne({ _id: 'acknowledged' as never, n: 1 }, { writeConcern: { w: 1, j: true } }),
  );
}

/** The acknowledged write reads back, and the services' connections find the engine again: the seed's scenario 1 is stored. */
async function expectLabRecovered(mongoUrl: string, lab: LabFolder, output: LabOutput): Promise<void> {
  const found = await withClient(mongoUrl, (client) =>
    client
      .db('durability')
      .collection('probe')
      .findOne({ _id: 'acknowledged' as never }),
  );
  expect(found).toEqual({ _id: 'acknowledged', n: 1 });
  const response = await fetch(`http://127.0.0.1:${lab.env.SENDER_PORT}/send`);
  expect(await response.json()).toEqual({ status: 'sent', count: 2 });
  await output.waitFor(/(Handling order\.created event[^]*){2}/, 60_000);
}
