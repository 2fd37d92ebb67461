import { Chalk } from 'chalk';
import type { LabProgress } from '../runtime/embedded/lab-progress.js';
import type { LabStatePart } from '../runtime/lab-state/lab-state.js';
import { formatTable } from './format-table.js';
import { toPrintable } from './to-printable.js';

/** The widest part name (webhooks-receiver), so that the lines of a start line up. */
const nameWidth = 17;

/** A progress line of a lab's start or stop, for stderr; undefined for steps not worth a line. */
export function formatLabProgress(progress: LabProgress, color: boolean): string | undefined {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const name = progress.service.padEnd(nameWidth);
  switch (progress.type) {
    case 'starting':
      return `${chalk.gray('…')} ${name} starting`;
    case 'ready':
      return `${chalk.green('✓')} ${name} ready in ${progress.elapsedMs} ms  ${chalk.gray(progress.url)}`;
    case 'failed':
      return `${chalk.red('✗')} ${name} failed: ${toPrintable(progress.reason)}`;
    case 'stopping':
      return undefined;
    case 'stopped':
      if (progress.alreadyStopped !== undefined)
        return `${chalk.gray('■')} ${name} had already stopped: ${toPrintable(progress.alreadyStopped)}`;
      return progress.leftRunning === undefined
        ? `${chalk.gray('■')} ${name} stopped in ${progress.elapsedMs} ms`
        : `${chalk.gray('■')} ${name} disconnected in ${progress.elapsedMs} ms; ${progress.leftRunning} goes on running (this lab did not start it)`;
    case 'finished':
      return progress.exitCode === 0
        ? `${chalk.green('✓')} ${name} ran once and exited 0 (its output: rtlab tail logs ${progress.service})`
        : `${chalk.red('✗')} ${name} exited ${progress.exitCode ?? 'on a signal'} (why: rtlab tail logs ${progress.service})`;
  }
}

/** The running lab's parts and where to reach them: the table `up` prints on stdout. */
export function formatLabParts(parts: readonly LabStatePart[], color: boolean): string {
  return formatTable(
    [{ header: 'SERVICE' }, { header: 'URL' }],
    parts.map((part) => [part.name, part.url]),
    { color },
  );
}
