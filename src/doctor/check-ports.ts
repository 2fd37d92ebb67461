import net from 'node:net';
import { portKeys, type LabPorts } from '../config/lab-config.js';
import type { DoctorCheck } from './doctor-check.js';
import { findPortHolder } from './find-port-holder.js';

/** One check per lab port: free, or which process holds it. */
export async function checkPorts(ports: LabPorts): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const [name, { key, service }] of Object.entries(portKeys)) {
    const port = ports[name as keyof LabPorts];
    const id = `port:${service}`;
    if (port === 0) {
      checks.push({ id, title: `Port for ${service}`, status: 'ok', required: true, detail: `${key}=0: a free port is picked at start` });
      continue;
    }
    const error = await tryListen(port);
    if (error === undefined) {
      checks.push({ id, title: `Port ${port} (${service})`, status: 'ok', required: true, detail: 'free' });
      continue;
    }
    const holder = error === 'EADDRINUSE' ? await findPortHolder(port) : undefined;
    if (holder !== undefined && isLabService(holder.command, service)) {
      checks.push({ id, title: `Port ${port} (${service})`, status: 'ok', required: true, detail: `in use by the lab's own ${service} (pid ${holder.pid}): it is running` });
      continue;
    }
    const who = holder === undefined ? 'another process' : `pid ${holder.pid} (${holder.command})`;
    checks.push({
      id,
      title: `Port ${port} (${service})`,
      status: 'fail',
      required: true,
      detail: error === 'EADDRINUSE' ? `in use by ${who}` : `cannot listen: ${error}`,
      hint: `Stop ${holder === undefined ? 'the process using it' : `pid ${holder.pid}`} or set ${key} to another port in .env.`,
    });
  }
  return checks;
}

/** Binds the port on every interface, as the lab's services do, and releases it at once. */
function tryListen(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * Whether the holder is rtlab itself serving that service (`rtlab serve <service>`, or
 * `rtlab mongo serve` for mongo, or another service hosting the embedded MongoDB).
 */
function isLabService(command: string, service: string): boolean {
  if (!/rtlab(\.js)?\b/.test(command)) return false;
  if (service === 'mongo') return /\b(mongo serve|serve [a-z-]+)\b/.test(command);
  return new RegExp(`\\bserve ${service}\\b`).test(command);
}
