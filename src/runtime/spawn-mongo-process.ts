import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SpawnedMongo {
  readonly uri: string;
  stop(): Promise<void>;
}

const rtlabBin = fileURLToPath(new URL('../../bin/rtlab.js', import.meta.url));

/**
 * The embedded engine in a process of its own (`rtlab mongo serve`), as the lab runs it: it
 * gets its own core instead of sharing this process's event loop.
 */
export async function spawnMongoProcess(options: { cwd: string; env: Readonly<Record<string, string | undefined>> }): Promise<SpawnedMongo> {
  const child = spawn(process.execPath, [rtlabBin, 'mongo', 'serve', '--port', '0', '--no-persist', '--log-level', 'warn'], { cwd: options.cwd, env: { ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!.trim());
    });
    child.once('exit', (code) => reject(new Error(`rtlab mongo serve exited with ${code}: ${stderr.trim()}`)));
  });
  return {
    uri,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
