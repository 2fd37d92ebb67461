import type { Command } from 'commander';
import { resolveLabHome } from '../config/resolve-lab-home.js';
import { stopRecordedLab } from '../runtime/lab-state/stop-recorded-lab.js';
import type { CliContext, GlobalOptions } from './cli-context.js';

export function registerDownCommand(program: Command, context: CliContext): void {
  program
    .command('down')
    .description('stop the running lab (and the MongoDB it started)')
    .addHelpText(
      'after',
      '\nSends SIGTERM to the lab recorded in <RTLAB_HOME>/state.json, which stops its services in reverse order, then its MongoDB; one that has not exited after 10 s is killed. Exit code 0, also when no lab runs.',
    )
    .option('--volumes', "a docker lab's data volume goes too (its MongoDB data)")
    .action(async (flags: { volumes?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const home = resolveLabHome({ cwd: globals.cwd, env: context.env });
      const result = await stopRecordedLab(home, undefined, { volumes: flags.volumes === true });
      if (result.kind === 'none') {
        context.stdout.write('No lab is running here: nothing to stop.\n');
        return;
      }
      if (result.kind === 'stale') {
        const engine =
          result.stoppedEnginePid === undefined
            ? ''
            : `; stopped the MongoDB it had started (pid ${result.stoppedEnginePid})`;
        context.stdout.write(
          `The lab (pid ${result.state.pid}) had already stopped (killed or crashed): removed its state${engine}.\n`,
        );
        return;
      }
      const seconds = (result.elapsedMs / 1000).toFixed(1);
      context.stdout.write(
        result.forced
          ? `The lab (pid ${result.state.pid}) did not stop within ${result.graceMs / 1000} s and was killed; its MongoDB was stopped and its state removed (${seconds} s).\n`
          : `Stopped the lab (pid ${result.state.pid}) in ${seconds} s.\n`,
      );
    });
}
