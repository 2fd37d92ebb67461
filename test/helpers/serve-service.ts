import type { ChildProcess } from 'node:child_process';
import { startRtlab } from './run-rtlab.js';

/** Starts `rtlab serve <service>` and resolves once its stderr shows `ready`. */
export async function serveService(service: string, cwd: string, env: Record<string, string>, ready: RegExp = /listening on port/): Promise<ChildProcess> {
  const child = startRtlab(['serve', service], { cwd, env });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (ready.test(stderr)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`rtlab serve ${service} exited with ${code}: ${stderr}`)));
  });
  return child;
}
