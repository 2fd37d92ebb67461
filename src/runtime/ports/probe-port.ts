import net from 'node:net';
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
  return { status: 'busy', holder, labService: holder === undefined ? undefined : await toLabService(holder.command) };
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
async function toLabService(command: string): Promise<string | undefined> {
  if (!/rtlab(\.js)?\b/.test(command)) return undefined;
  if (/\bmongo serve\b/.test(command)) return labMongo.name;
  const name = /\bserve ([a-z][a-z-]*)\b/.exec(command)?.[1];
  if (name === undefined) return undefined;
  // Loaded only here: the registry brings every service's libraries (Express, gRPC, Socket.IO),
  // over a second that the engine's start and every port check would otherwise pay for nothing.
  const { findLabPart } = await import('../../services/registry.js');
  return findLabPart(name)?.name;
}
