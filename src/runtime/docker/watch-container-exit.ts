import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { LogFeed } from '../readiness/log-feed.js';

/**
 * A signal that aborts once the container exits: a service whose container died is not waited
 * for until the deadline. Its reason quotes the container's last 50 lines.
 */
export function watchContainerExit(container: Docker.Container, part: string, feed: LogFeed): AbortSignal {
  const exited = new AbortController();
  container
    .wait()
    .then(({ StatusCode: code }: { StatusCode?: number }) => {
      const tail = feed.lines().slice(-50);
      const logs =
        tail.length === 0
          ? 'It logged nothing.'
          : `Its last log lines:\n${tail.map((line) => `    ${line}`).join('\n')}`;
      exited.abort(
        new EnvironmentError(
          `The ${part} container exited with code ${code ?? 'unknown'} before it was ready. ${logs}`,
          {
            hint: `rtlab tail logs ${part} shows its whole log.`,
          },
        ),
      );
    })
    .catch(() => undefined); // removed meanwhile: the lab is stopping anyway
  return exited.signal;
}
