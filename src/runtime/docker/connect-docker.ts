import Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';

/**
 * The container engine at `DOCKER_HOST`, or the default socket (dockerode reads both), checked
 * with a ping: no engine is told once, with what to do, before anything is built.
 */
export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw new EnvironmentError(
      `No container engine answers at ${describeEngine(docker)}: ${(error as Error).message}`,
      {
        hint: "Start Docker, or Podman's Docker API (podman system service --time=0 unix:///run/podman.sock) and set DOCKER_HOST=unix:///run/podman.sock.",
        cause: error,
      },
    );
  }
  return docker;
}

function describeEngine(docker: Docker): string {
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: number };
  if (typeof modem.socketPath === 'string') return modem.socketPath;
  if (modem.host !== undefined) return `${modem.host}:${modem.port ?? ''}`;
  return 'the default socket';
}
