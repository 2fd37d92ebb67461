import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { FollowedLogs } from './follow-container-logs.js';

/**
 * A signal that aborts once the container exits: a service whose container died is not waited
 * for until the deadline. Its reason quotes the container's last 50 lines.
 */
export function watchContainerExit(container: Docker.Container, part: string, logs: FollowedLogs): AbortSignal {
  const exited = new AbortController();
  container
    .wait()
    .then(async ({ StatusCode: code }: { StatusCode?: number }) => {
      // Its last lines may still be on their way: quoted once its output has ended (or after 2 s).
      await Promise.race([logs.ended, sleep(2000)]);
      const tail = logs.feed.lines().slice(-50);
      const quoted =
        tail.length === 0
          ? 'It logged nothing.'
          : `Its last log lines:\n${tail.map((line) => `    ${line}`).join('\n')}`;
      exited.abort(
        new EnvironmentError(
          `The ${part} container exited with code ${code ?? 'unknown'} before it was ready. ${quoted}`,
          {
            hint: `rtlab tail logs ${part} shows its whole log.`,
          },
        ),
      );
    })
    .catch(() => undefined); // removed meanwhile: the lab is stopping anyway
  return exited.signal;
}
