import type { ChildProcess } from 'node:child_process';
import { settingsSchema } from '../../src/config/settings-schema.js';
import { feedFromStreams } from '../../src/runtime/readiness/log-feed.js';
import { toLogReadinessCheck, toReadinessCheck } from '../../src/runtime/readiness/to-readiness-check.js';
import { waitUntilReady } from '../../src/runtime/readiness/wait-until-ready.js';
import { findLabService } from '../../src/services/registry.js';
import { startRtlab } from './run-rtlab.js';

/**
 * Starts `rtlab serve <service>` and resolves once it is ready by the registry's own readiness:
 * its log line on the child's output, then (when `env` gives its port) its HTTP or Socket.IO
 * check. Rejects, with the child's last output, if it exits or is not ready in time.
 */
export async function serveService(service: string, cwd: string, env: Record<string, string>): Promise<ChildProcess> {
  const definition = findLabService(service);
  if (definition === undefined) throw new Error(`${service} is not a service of the registry`);
  const child = startRtlab(['serve', service], { cwd, env });
  const logs = feedFromStreams(child.stdout, child.stderr);
  const exited = new AbortController();
  child.once('exit', (code) =>
    exited.abort(new Error(`rtlab serve ${service} exited with ${code}: ${logs.lines().slice(-20).join('\n')}`)),
  );
  // The port as the child's configuration gives it: the setting in `env`, else configuration's default.
  const port = Number(env[definition.portSetting] ?? settingsSchema.shape[definition.portSetting].parse(undefined));
  const check = port === 0 ? toLogReadinessCheck(definition.readiness) : toReadinessCheck(definition.readiness);
  try {
    await waitUntilReady(
      check,
      { service, url: `http://127.0.0.1:${port}`, port, logs },
      { timeoutMs: 30_000, signal: exited.signal },
    );
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    throw error;
  }
  return child;
}
