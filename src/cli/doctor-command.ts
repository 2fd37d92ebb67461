import { Chalk } from 'chalk';
import type { Command } from 'commander';
import type { DoctorCheck, DoctorReport } from '../doctor/doctor-check.js';
import { runDoctor } from '../doctor/run-doctor.js';
import { ExitCode } from '../errors.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { ensureEnvFile } from './load-cli-config.js';

export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description('check Node.js, the lab ports, .env, MongoDB, a container engine and Chromium')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit code 3 when a required check fails; optional checks (container engine, Chromium) only warn.',
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      ensureEnvFile(context, globals.cwd);
      const report = await runDoctor({ cwd: globals.cwd, env: context.env, nodeVersion: process.version });
      if (options.json === true) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else context.stdout.write(renderReport(report, isColorEnabled(context.stdout, context.env, globals.color)));
      if (!report.ok) context.exitCode = ExitCode.environment;
    });
}

function renderReport(report: DoctorReport, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = report.checks.map((check) => {
    const [mark, paint] = markOf(check, chalk);
    const head = `${paint(mark)} ${check.title.padEnd(width)}  ${check.detail.replace(/\n/g, `\n${' '.repeat(width + 4)}`)}`;
    return check.status === 'fail' && check.hint !== undefined
      ? `${head}\n${' '.repeat(width + 4)}${chalk.gray(`→ ${check.hint}`)}`
      : head;
  });
  const failed = report.checks.filter((check) => check.required && check.status === 'fail').length;
  const summary =
    failed === 0
      ? chalk.green('All required checks passed.')
      : chalk.red(`${failed} required ${failed === 1 ? 'check' : 'checks'} failed.`);
  return `${lines.join('\n')}\n\n${summary}\n`;
}

function markOf(check: DoctorCheck, chalk: InstanceType<typeof Chalk>): [string, (text: string) => string] {
  if (check.status === 'ok') return ['✓', chalk.green];
  if (check.status === 'skip') return ['–', chalk.gray];
  return check.required ? ['✗', chalk.red] : ['!', chalk.yellow];
}
