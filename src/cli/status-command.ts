import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { checkLabHealth, type PartHealth } from '../runtime/lab-state/check-lab-health.js';
import { cleanStaleLab, findRecordedLab } from '../runtime/lab-state/find-recorded-lab.js';
import type { LabState } from '../runtime/lab-state/lab-state.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { formatTable } from './format-table.js';
import { loadCliConfig } from './load-cli-config.js';

export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description("show the running lab's services and their health, checked now")
    .option('--json', 'print the lab and the health of each service as JSON')
    .addHelpText(
      'after',
      '\nEach service is asked now, through its readiness check (HTTP, gRPC health, a Socket.IO handshake, a MongoDB ping).\nExit code 0 when every service is healthy; 3 when one is not, when no lab runs, or when the recorded lab is gone (its record and MongoDB are then cleaned up).',
    )
    .action(async (flags: { json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadCliConfig(context, globals, { readOnly: true, reads: ['home'] });
      const recorded = findRecordedLab(config.home);
      const json = flags.json === true;
      if (recorded.kind !== 'running') context.exitCode = ExitCode.environment;
      if (recorded.kind === 'none') {
        if (json) context.stdout.write(`${JSON.stringify({ running: false }, null, 2)}\n`);
        else context.stdout.write('No lab is running here. Start one with: rtlab up -d\n');
        return;
      }
      if (recorded.kind === 'stale') {
        const stoppedEnginePid = await cleanStaleLab(config.home, recorded.state);
        if (json)
          context.stdout.write(
            `${JSON.stringify({ running: false, stale: { pid: recorded.state.pid, startedAt: recorded.state.startedAt, stoppedEnginePid: stoppedEnginePid ?? null } }, null, 2)}\n`,
          );
        else context.stdout.write(describeStale(recorded.state, stoppedEnginePid));
        return;
      }
      const { state } = recorded;
      const health = await checkLabHealth(state);
      const healthy = state.status === 'ready' && health.every((part) => part.ready);
      if (healthy) context.exitCode = ExitCode.ok;
      else context.exitCode = ExitCode.environment;
      if (json) {
        const { pid, runtime, status, startedAt, readyAt, profiles, logDir } = state;
        const uptimeMs = Date.now() - Date.parse(startedAt);
        const report = { running: true, healthy, runtime, status, pid, startedAt, readyAt, uptimeMs, profiles, logDir };
        context.stdout.write(`${JSON.stringify({ ...report, services: health }, null, 2)}\n`);
        return;
      }
      context.stdout.write(renderHealth(state, health, isColorEnabled(context.stdout, context.env, globals.color)));
    });
}

function describeStale(state: LabState, stoppedEnginePid: number | undefined): string {
  const engine =
    stoppedEnginePid === undefined ? '' : ` and stopped the MongoDB it had started (pid ${stoppedEnginePid})`;
  return `The lab recorded here (pid ${state.pid}, started ${state.startedAt}) is no longer running: it was killed or crashed. Removed its state${engine}.\nStart it again with: rtlab up -d\n`;
}

function renderHealth(state: LabState, health: readonly PartHealth[], color: boolean): string {
  const since = `pid ${state.pid}, ${state.runtime}, up ${formatUptime(Date.now() - Date.parse(state.startedAt))}`;
  const head = state.status === 'ready' ? `The lab is running (${since}).` : `The lab is still starting (${since}).`;
  const table = formatTable(
    [
      { header: 'SERVICE' },
      { header: 'URL' },
      { header: 'HEALTH', color: (text) => (text === 'ok' ? 'green' : 'red') },
      { header: 'DETAIL' },
    ],
    health.map((part) => [part.name, part.url, part.ready ? 'ok' : 'failing', part.detail ?? '']),
    { color },
  );
  return `${head}\n${table}`;
}

function formatUptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
