import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { ExitCode, RtlabError, UsageError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { ChosenProfile } from '../runtime/embedded/lab-profiles.js';
import { freeLoopbackPort } from '../runtime/free-loopback-port.js';
import {
  isScenarioPath,
  loadScenarioFile,
  loadScenarioFolders,
  type LoadedScenario,
} from '../scenarios/load/find-scenarios.js';
import type { RunReport } from '../scenarios/run/run-report.js';
import { languages, type Language } from '../scenarios/schema/localized.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { formatLabProgress } from './format-lab-progress.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import { toDidYouMean } from './suggest-similar.js';

const reporters = ['plain', 'json', 'junit'] as const;
type Reporter = (typeof reporters)[number];

interface ScenarioFlags {
  reporter: Reporter;
  out?: string;
  lang?: Language;
  bail?: boolean;
  labs: string[];
}

const scenarioHelp = `
A scenario (labs/<id>.yaml) runs steps against the lab: each step does one thing (an HTTP call, a
signed webhook, a Socket.IO emit, a MongoDB query, an rtlab command) and checks what follows
(the response, log lines, Socket.IO events, documents). It uses the lab running in this folder
(rtlab up) when it has the profiles needed, else starts one for the run and stops it after.
Scenarios: ids from labs/ (and --labs folders), "all", or paths of .yaml files.
Exit codes: 0 every expectation held, 1 one failed, 2 a usage or scenario-file error, 3 environment.

Examples:
  rtlab scenario webhooks                    the seed's scenario 1, step by step
  rtlab scenario all --reporter junit --out report.xml   what CI runs
  rtlab scenario ./my-lab.yaml --lang en     a lab of your own
  rtlab scenario list
  rtlab scenario validate labs/webhooks.yaml`;

export function registerScenarioCommand(program: Command, context: CliContext): void {
  const labsOption = () =>
    new Option('--labs <dir>', 'also read scenarios from this folder (repeatable)')
      .argParser((value: string, previous: string[]) => [...previous, value])
      .default([]);
  const scenario = program
    .command('scenario')
    .description('run step-by-step lab scenarios that check responses, logs, Socket.IO events and MongoDB')
    // The scenarios are read from the operands, not a declared argument: its name would widen the
    // command column of rtlab --help for every command.
    .usage('[options] <id...|all|file.yaml...>')
    .allowExcessArguments()
    .addOption(
      new Option('--reporter <name>', 'how to report')
        .choices(reporters)
        .argParser(parseChoice(reporters))
        .default('plain'),
    )
    .option('--out <file>', 'write the json or junit report to this file (plain lines still go to stdout)')
    .addOption(
      new Option('--lang <lang>', 'language of titles and messages (default: es when the locale is Spanish)')
        .choices(languages)
        .argParser(parseChoice(languages)),
    )
    .option('--bail', 'stop at the first failed step')
    .addOption(labsOption())
    .addHelpText('after', scenarioHelp)
    .action(async (flags: ScenarioFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const targets = command.args;
      if (targets.length === 0)
        throw new UsageError('Name the scenarios to run.', {
          hint: 'rtlab scenario all runs every one; rtlab scenario list shows their ids.',
        });
      if (flags.out !== undefined && flags.reporter === 'plain')
        throw new UsageError('--out writes the json or junit report; the plain one goes to the terminal.', {
          hint: 'Add --reporter junit (what CI reads) or --reporter json.',
        });
      const chosen = selectScenarios(targets, flags.labs, globals.cwd);
      if (flags.out !== undefined) ensureWritable(path.resolve(globals.cwd, flags.out));
      await runChosen(context, globals, flags, chosen);
    });

  scenario
    .command('list')
    .description('the scenarios in labs/ (and --labs folders)')
    .option('--json', 'as JSON')
    .addOption(labsOption())
    .action((flags: { json?: boolean; labs: string[] }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const lang = defaultLanguage(context.env);
      const all = loadScenarioFolders(labFolders(flags.labs, globals.cwd));
      if (flags.json === true) {
        const list = all.map(({ file, scenario }) => ({
          id: scenario.id,
          title: scenario.title,
          profiles: scenario.profiles,
          steps: scenario.steps.length,
          file,
        }));
        context.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const width = Math.max(...all.map(({ scenario }) => scenario.id.length));
      for (const { scenario } of all)
        context.stdout.write(
          `${scenario.id.padEnd(width)}  ${scenario.title[lang]}  [${scenario.profiles.join(', ')}; ${scenario.steps.length} steps]\n`,
        );
    });

  scenario
    .command('validate')
    .description('check scenario files against the schema (file:line:column for each problem)')
    .argument('<files...>', 'the .yaml files')
    .action((files: string[]) => {
      for (const file of files) {
        const { scenario } = loadScenarioFile(file);
        context.stdout.write(`✓ ${file}: scenario "${scenario.id}", ${scenario.steps.length} steps\n`);
      }
    });
}

function labFolders(extra: readonly string[], cwd: string): string[] {
  return [path.join(packageRoot, 'labs'), ...extra.map((folder) => path.resolve(cwd, folder))];
}

/** The scenarios named: `all`, ids from the labs folders, or files. */
function selectScenarios(targets: readonly string[], labs: readonly string[], cwd: string): LoadedScenario[] {
  const files = targets.filter(isScenarioPath).map((target) => loadScenarioFile(path.resolve(cwd, target)));
  const ids = targets.filter((target) => !isScenarioPath(target));
  if (ids.length === 0) return files;
  const known = loadScenarioFolders(labFolders(labs, cwd));
  if (ids.includes('all')) return [...known, ...files];
  return [
    ...ids.map((id) => {
      const found = known.find(({ scenario }) => scenario.id === id);
      if (found !== undefined) return found;
      const ids = known.map(({ scenario }) => scenario.id);
      throw new UsageError(`No scenario "${id}".`, {
        hint: [toDidYouMean(id, ids), `The scenarios are: ${ids.join(', ')} (rtlab scenario list).`]
          .filter(Boolean)
          .join(' '),
      });
    }),
    ...files,
  ];
}

export function defaultLanguage(env: CliContext['env']): Language {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^es([_.-]|$)/i.test(locale) ? 'es' : 'en';
}

async function runChosen(
  context: CliContext,
  globals: GlobalOptions,
  flags: ScenarioFlags,
  chosen: readonly LoadedScenario[],
): Promise<void> {
  const runStartedAt = Date.now();
  const lang = flags.lang ?? defaultLanguage(context.env);
  const profiles = [...new Set(chosen.flatMap(({ scenario }) => scenario.profiles))] as ChosenProfile[];
  const config = await loadScenarioLabConfig(context, globals);
  const color = isColorEnabled(context.stderr, context.env, globals.color);
  // Loaded here: the lab brings every service's libraries.
  const [{ acquireLab }, { runScenarios }, { createPlainListener, formatSummary }, { formatJunit }] = await Promise.all(
    [
      import('../scenarios/lab/acquire-lab.js'),
      import('../scenarios/run/run-scenarios.js'),
      import('../scenarios/report/format-plain.js'),
      import('../scenarios/report/format-junit.js'),
    ],
  );
  const acquired = await acquireLab({
    config,
    profiles,
    env: context.env,
    signal: context.signal,
    runStartedAt,
    scenarios: chosen.map(({ scenario }) => scenario),
    onProgress: (progress) => {
      const line = formatLabProgress(progress, color);
      if (line !== undefined) context.stderr.write(`${line}\n`);
    },
  });
  let report: RunReport;
  try {
    const plain = flags.reporter === 'plain' || flags.out !== undefined;
    const silent = {
      scenarioStarted: () => undefined,
      stepFinished: () => undefined,
      scenarioFinished: () => undefined,
    };
    report = await runScenarios(chosen, {
      lab: acquired.lab,
      env: context.env,
      bail: flags.bail === true,
      signal: context.signal,
      startedAt: runStartedAt,
      listener: plain ? createPlainListener((text) => context.stdout.write(text), lang) : silent,
    });
    if (plain) context.stdout.write(formatSummary(report, lang));
  } finally {
    await acquired.release();
  }
  if (flags.reporter !== 'plain') {
    const text =
      flags.reporter === 'json' ? `${JSON.stringify({ lang, ...report }, null, 2)}\n` : formatJunit(report, lang);
    if (flags.out === undefined) context.stdout.write(text);
    else writeReport(context, path.resolve(globals.cwd, flags.out), text);
  }
  if (!report.passed && !context.signal.aborted) context.exitCode = ExitCode.scenarioFailed;
}

/**
 * The lab's configuration; a service whose port setting is 0 gets a free port picked here, as
 * `rtlab up` does: the lab's services reach each other at the ports configuration gives.
 */
async function loadScenarioLabConfig(context: CliContext, globals: GlobalOptions): Promise<LabConfig> {
  const config = loadCliConfig(context, globals);
  const { labParts } = await import('../services/registry.js');
  const flags: Record<string, string> = {};
  for (const part of labParts)
    if (toConfiguredPort(config, part.portSetting) === 0) flags[part.portSetting] = String(await freeLoopbackPort());
  return Object.keys(flags).length === 0 ? config : loadCliConfig(context, globals, { flags });
}

/** `--out` checked before the run: a report that cannot be written is known before minutes of work. */
function ensureWritable(file: string): void {
  try {
    closeSync(openSync(file, 'w'));
  } catch (error) {
    throw new UsageError(`--out ${file} cannot be written: ${(error as Error).message}.`, {
      hint: 'Give a file in a folder that exists and that you can write to.',
    });
  }
}

/** The report to its file; if that fails now (a full disk), on stdout instead, so the run is not lost. */
function writeReport(context: CliContext, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    context.stdout.write(text);
    throw new RtlabError(
      `The report could not be written to ${file}: ${(error as Error).message}; it is printed above.`,
      {
        exitCode: ExitCode.environment,
        hint: 'Free some space or choose another --out.',
      },
    );
  }
}
