import net from 'node:net';
import { findLabPart } from '../../services/registry.js';
import { labMongo } from '../../services/registry/mongo.js';
import { findPortHolder, type PortHolder } from './find-port-holder.js';

export type PortProbe =
  | { readonly status: 'free' }
  /** `labService`: the lab service the holder runs (`rtlab serve <service>`, `rtlab mongo serve` → mongo). */
  | { readonly status: 'busy'; readonly holder: PortHolder | undefined; readonly labService: string | undefined }
  | { readonly status: 'unavailable'; readonly code: string };

/**
 * Whether a port can be listened on, by listening and releasing it at once (no traffic is sent),
 * and when it is busy, which process holds it. Without a host, every interface is tried.
 */
export async function probePort(port: number, host?: string): Promise<PortProbe> {
  const code = await tryListen(port, host);
  if (code === undefined) return { status: 'free' };
  if (code !== 'EADDRINUSE') return { status: 'unavailable', code };
  const holder = await findPortHolder(port);
  return { status: 'busy', holder, labService: holder === undefined ? undefined : toLabService(holder.command) };
}

function tryListen(port: number, host: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, exclusive: true, ...(host === undefined ? {} : { host }) }, () =>
      server.close(() => resolve(undefined)),
    );
  });
}

/** The lab service a command line runs, when it is rtlab's own: `… rtlab.js serve ws-server` → ws-server. */
export function toLabService(command: string): string | undefined {
  if (!/rtlab(\.js)?\b/.test(command)) return undefined;
  if (/\bmongo serve\b/.test(command)) return labMongo.name;
  const name = /\bserve ([a-z][a-z-]*)\b/.exec(command)?.[1];
  return name === undefined ? undefined : findLabPart(name)?.name;
}
