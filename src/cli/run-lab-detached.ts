import type { LabConfig } from '../config/lab-config.js';
import { startDetachedLab } from '../runtime/embedded/start-detached-lab.js';
import { ensureNoLabRunning } from '../runtime/lab-state/claim-lab-state.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { formatLabParts, formatLabProgress } from './format-lab-progress.js';
import type { UpFlags } from './up-command.js';

export interface RunLabDetachedOptions {
  readonly context: CliContext;
  readonly globals: GlobalOptions;
  readonly flags: UpFlags;
  readonly config: LabConfig;
}

/**
 * `rtlab up -d`: the same lab as a background process, whose progress is shown here; returns
 * (exit 0) once every service is ready, printing the URLs. A failed start is told as the lab
 * told it (the failing service, its last log lines) with its exit code, nothing left running.
 */
export async function runLabDetached(options: RunLabDetachedOptions): Promise<void> {
  const { context, globals, flags, config } = options;
  ensureNoLabRunning(config.home);
  const color = isColorEnabled(context.stderr, context.env, globals.color);
  const state = await startDetachedLab({
    cwd: config.cwd,
    home: config.home,
    args: [
      ...(globals.logLevel === undefined ? [] : ['--log-level', globals.logLevel]),
      'up',
      ...flags.profile.flatMap((profile) => ['--profile', profile]),
      ...(flags.mongo === undefined ? [] : ['--mongo', flags.mongo]),
      '--runtime',
      flags.runtime,
      ...(flags.watch === true ? ['--watch'] : []),
      '--lab-child',
    ],
    env: withoutNpmExec(context.env),
    signal: context.signal,
    onProgress: (progress) => {
      const line = formatLabProgress(progress, color);
      if (line !== undefined) context.stderr.write(`${line}\n`);
    },
  });
  if (flags.json === true) {
    context.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
    return;
  }
  context.stdout.write(formatLabParts(state.parts, isColorEnabled(context.stdout, context.env, globals.color)));
  context.stderr.write(
    `The lab runs in the background (pid ${state.pid}, logs in ${state.logDir}): rtlab status, rtlab tail logs, rtlab down.\n`,
  );
}

/**
 * Under `npx rtlab up -d`, npm's marker would make the background lab watch for npm and stop
 * with it: it must outlive the command that started it.
 */
function withoutNpmExec(env: CliContext['env']): CliContext['env'] {
  const { npm_command: _ignored, ...rest } = env;
  return rest;
}
