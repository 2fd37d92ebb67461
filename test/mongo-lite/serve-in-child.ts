import { spawn, type ChildProcess } from 'node:child_process';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { afterEach } from 'vitest';
import { rtlabBin } from '../helpers/run-rtlab.js';

export interface ServedChild {
  readonly child: ChildProcess;
  readonly uri: string;
  /** Everything the process wrote to stderr so far (its log lines). */
  stderr(): string;
}

export interface ServeInChildOptions {
  readonly args?: readonly string[];
  /** RLIMIT_FSIZE (soft) for the process, in KiB (`ulimit -S -f`): a disk that fills up. */
  readonly fileSizeLimitKiB?: number;
}

/**
 * Starts `rtlab mongo serve` as its own process (through bash when a file-size limit is set, so
 * the limit applies to the node process itself) and waits for the URI it prints.
 */
export async function serveInChild(
  cwd: string,
  dbPath: string,
  options: ServeInChildOptions = {},
): Promise<ServedChild> {
  const args = [rtlabBin, 'mongo', 'serve', '--port', '0', '--dbpath', dbPath, ...(options.args ?? [])];
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    NO_COLOR: '1',
    RTLAB_HOME: `${cwd}/.rtlab`,
  };
  const child =
    options.fileSizeLimitKiB === undefined
      ? spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -S -f ${options.fileSizeLimitKiB} && exec "$0" "$@"`, process.execPath, ...args], {
          cwd,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`rtlab mongo serve exited with ${code}: ${stderr}`)));
  });
  return { child, uri, stderr: () => stderr };
}

/** SIGKILL, and resolves once the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Engines in child processes and the clients connected to them, for one test file: each test's
 * clients are closed and its engines killed after it.
 */
export function useChildEngines(): {
  serve(cwd: string, dbPath: string, options?: ServeInChildOptions): Promise<ServedChild>;
  connect(uri: string, options?: MongoClientOptions): Promise<MongoClient>;
} {
  const clients: MongoClient[] = [];
  const children: ServedChild[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const served of children.splice(0)) await killHard(served.child);
  });
  return {
    serve: async (cwd, dbPath, options) => {
      const served = await serveInChild(cwd, dbPath, options);
      children.push(served);
      return served;
    },
    connect: async (uri, options) => {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ...options });
      clients.push(client);
      await client.connect();
      return client;
    },
  };
}
