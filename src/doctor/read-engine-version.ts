import { existsSync } from 'node:fs';
import http from 'node:http';

export interface EngineEndpoint {
  /** How the user would name it: `unix:///run/podman/podman.sock`, `tcp://127.0.0.1:2375`. */
  readonly label: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
}

export interface EngineVersion {
  /** `Docker Engine` or `Podman Engine`, from the engine's own components list. */
  readonly name: string;
  readonly version: string;
  readonly apiVersion: string;
}

/**
 * Where a Docker-API engine should be: `DOCKER_HOST` when set, otherwise the first of the usual
 * sockets that exists (Docker's, then Podman's rootful and rootless ones).
 */
export function findEngineEndpoint(
  dockerHost: string | undefined,
  runtimeDir: string | undefined,
): EngineEndpoint | undefined {
  if (dockerHost !== undefined && dockerHost !== '') {
    if (dockerHost.startsWith('unix://')) return { label: dockerHost, socketPath: dockerHost.slice('unix://'.length) };
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { label: dockerHost, host: url.hostname, port: Number(url.port || 2375) };
  }
  const candidates = [
    '/var/run/docker.sock',
    '/run/podman/podman.sock',
    ...(runtimeDir ? [`${runtimeDir}/podman/podman.sock`] : []),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  return found === undefined ? undefined : { label: `unix://${found}`, socketPath: found };
}

/** Asks the engine for `GET /version`; rejects when nothing answers within the timeout. */
export function readEngineVersion(endpoint: EngineEndpoint, timeoutMs = 2000): Promise<EngineVersion> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        path: '/version',
        timeout: timeoutMs,
        ...(endpoint.socketPath === undefined
          ? { host: endpoint.host, port: endpoint.port }
          : { socketPath: endpoint.socketPath }),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          try {
            const parsed = JSON.parse(body) as {
              Version?: string;
              ApiVersion?: string;
              Components?: Array<{ Name?: string }>;
            };
            const podman = parsed.Components?.some((component) => component.Name?.includes('Podman')) === true;
            resolve({
              name: podman ? 'Podman Engine' : 'Docker Engine',
              version: parsed.Version ?? '?',
              apiVersion: parsed.ApiVersion ?? '?',
            });
          } catch {
            reject(new Error(`the engine answered ${response.statusCode ?? '?'} with no version`));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
