import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';
import type { Logger } from '../../log/log-entry.js';
import { createLogFeed, type LogFeed } from '../readiness/log-feed.js';

/** `rtlab serve`'s console line inside a container: `12:00:00.123 webhooks-receiver info  message`. */
const consoleLine = /^\d\d:\d\d:\d\d\.\d{3} \S+\s+(error|warn|info|http|verbose|debug|silly)\s+(.*)$/;

export interface FollowedLogs {
  /** The lines so far: what the log-line readiness reads and a failure quotes. */
  readonly feed: LogFeed;
  /** Resolves once the container's output has ended (it exited) and every line is in the feed. */
  readonly ended: Promise<void>;
  /** Stops following (the container's own end also ends it). */
  stop(): void;
}

/**
 * Follows a container's output from its start, each line into the lab's log of that service
 * (`<RTLAB_HOME>/logs/<service>.log`, through the supervisor's logger, so `rtlab tail logs`
 * reads containers as it reads processes). The service's own console prefix (its clock time,
 * name and level) is taken off and its level kept; other output is logged as it is.
 */
export async function followContainerLogs(
  docker: Docker,
  container: Docker.Container,
  logger: Logger,
): Promise<FollowedLogs> {
  const feed = createLogFeed();
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  const logLine = (fallback: 'info' | 'warn') => (line: string) => {
    feed.push(`${line}\n`);
    const parsed = consoleLine.exec(line);
    const level = parsed?.[1] ?? fallback;
    const message = parsed?.[2] ?? line;
    if (level === 'error' || level === 'warn' || level === 'debug') logger[level](message);
    else logger.info(message);
  };
  const closed = (input: PassThrough, level: 'info' | 'warn') =>
    new Promise<void>((resolve) => createInterface({ input }).on('line', logLine(level)).once('close', resolve));
  const ended = Promise.all([closed(stdout, 'info'), closed(stderr, 'warn')]).then(() => undefined);
  stream.on('end', () => {
    stdout.end();
    stderr.end();
  });
  return {
    feed,
    ended,
    stop: () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      stdout.end();
      stderr.end();
    },
  };
}
