import path from 'node:path';
import { Option, type Command } from 'commander';
import { portSettings, toConfiguredPort, type LabConfig, type PortSetting } from '../config/lab-config.js';
import { UsageError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { freeLoopbackPort } from '../runtime/free-loopback-port.js';
import { labRuntimes, type LabRuntimeName } from '../runtime/lab-runtime.js';
import {
  isScenarioPath,
  loadScenarioFile,
  loadScenarioFolders,
  type LoadedScenario,
} from '../scenarios/load/find-scenarios.js';
import { languages, type Language } from '../scenarios/schema/localized.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { showsDashboard } from './dashboard/shows-dashboard.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import { runChosenScenarios } from './scenario/run-chosen-scenarios.js';
import type { LiveView } from './scenario/start-live-view.js';
import { documentReporters, ensureWritable, type DocumentReporter } from './scenario/write-scenario-report.js';
import { validateScenarioFiles } from './scenario-validate.js';
import { toDidYouMean } from './suggest-similar.js';
import { printableJson, toPrintable } from './to-printable.js';

const reporters = ['pretty', 'plain', ...documentReporters] as const;
type Reporter = (typeof reporters)[number];

interface ScenarioFlags {
  reporter?: Reporter;
  out?: string;
  lang?: Language;
  bail?: boolean;
  labs: string[];
  step?: boolean;
  timeline?: boolean;
  watch?: string;
  runtime?: LabRuntimeName;
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
  rtlab scenario webhooks --step             guided: each step explained, Enter runs it, h hints, q stops
  rtlab scenario all --reporter junit --out report.xml   what CI runs
  rtlab scenario all --reporter html --out report.html   a page with a lane per service
  rtlab scenario --watch ./my-lab.yaml       rerun your lab on each save, the lab kept running
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
      new Option('--reporter <name>', 'how to report (default: pretty on a terminal, plain otherwise and under CI)')
        .choices(reporters)
        .argParser(parseChoice(reporters)),
    )
    .option('--out <file>', 'write the json, junit or html report to this file (the steps still show on the terminal)')
    .addOption(
      new Option('--lang <lang>', 'language of titles and messages (default: es when the locale is Spanish)')
        .choices(languages)
        .argParser(parseChoice(languages)),
    )
    .option('--bail', 'stop at the first failed step')
    .option('--step', 'guided mode: explain each step and wait for Enter (h: hint, q: stop); needs a terminal')
    .option('--timeline', 'after the run, print each action and the evidence of each expectation, in time order')
    .option('--watch <file>', 'run this scenario file, then again whenever it changes, against the same lab')
    .addOption(
      new Option('--runtime <name>', 'where a lab started for the run runs its services (default: embedded)')
        .choices(labRuntimes)
        .argParser(parseChoice(labRuntimes)),
    )
    .addOption(labsOption())
    .addHelpText('after', scenarioHelp)
    .action(async (flags: ScenarioFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const targets = [...command.args, ...(flags.watch === undefined ? [] : [flags.watch])];
      if (targets.length === 0)
        throw new UsageError('Name the scenarios to run.', {
          hint: 'rtlab scenario all runs every one; rtlab scenario list shows their ids.',
        });
      const view = chooseLiveView(context, flags);
      const chosen = selectScenarios(targets, flags.labs, globals.cwd);
      if (flags.out !== undefined) ensureWritable(path.resolve(globals.cwd, flags.out));
      const runStartedAt = Date.now();
      const { config, portFlags } = await loadScenarioLabConfig(context, globals);
      await runChosenScenarios({
        context,
        labEnv: { ...context.env, ...portFlags },
        globals,
        config,
        chosen,
        all: command.args.includes('all'),
        lang: flags.lang ?? defaultLanguage(context.env),
        view,
        document: toDocumentReporter(flags.reporter),
        out: flags.out,
        bail: flags.bail === true,
        timeline: flags.timeline === true,
        watch: flags.watch === undefined ? undefined : watchedFile(flags.watch, chosen, globals.cwd),
        runtime: flags.runtime,
        runStartedAt,
      });
    });

  scenario
    .command('list')
    .description('the scenarios in labs/ (and --labs folders)')
    .option('--json', 'as JSON')
    .addOption(labsOption())
    .action((flags: { json?: boolean; labs: string[] }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const lang = defaultLanguage(context.env);
      // `scenario list --labs x`: commander gives the --labs to `scenario` (it has one too), not to list.
      const labs = [...(command.parent?.opts<{ labs?: string[] }>().labs ?? []), ...flags.labs];
      const all = loadScenarioFolders(labFolders(labs, globals.cwd));
      if (flags.json === true) {
        const list = all.map(({ file, scenario }) => ({
          id: scenario.id,
          title: scenario.title,
          profiles: scenario.profiles,
          steps: scenario.steps.length,
          file,
        }));
        context.stdout.write(`${printableJson(list, 2)}\n`);
        return;
      }
      const width = Math.max(...all.map(({ scenario }) => scenario.id.length));
      for (const { scenario } of all)
        context.stdout.write(
          `${toPrintable(scenario.id.padEnd(width))}  ${toPrintable(scenario.title[lang])}  [${scenario.profiles.join(', ')}; ${scenario.steps.length} steps]\n`,
        );
    });

  scenario
    .command('validate')
    .description('check scenario files against the schema (file:line:column for each problem)')
    .argument('<files...>', 'the .yaml files')
    .action((files: string[]) => validateScenarioFiles(context, files));
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

/** The file `--watch` follows: the path given, or the file of the lab an id names (`--watch webhooks`). */
function watchedFile(target: string, chosen: readonly LoadedScenario[], cwd: string): string {
  if (isScenarioPath(target)) return path.resolve(cwd, target);
  const named = chosen.find(({ scenario }) => scenario.id === target);
  if (named === undefined || target === 'all')
    throw new UsageError(`--watch follows one scenario file; "${target}" names none.`, {
      hint: 'Give it the path of a .yaml scenario (rtlab scenario --watch ./my-lab.yaml) or one lab id.',
    });
  return named.file;
}

export function defaultLanguage(env: CliContext['env']): Language {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^es([_.-]|$)/i.test(locale) ? 'es' : 'en';
}

/**
 * The lab's configuration; a service whose port setting is 0 gets a free port picked here, as
 * `rtlab up` does: the lab's services reach each other at the ports configuration gives.
 */
async function loadScenarioLabConfig(
  context: CliContext,
  globals: GlobalOptions,
): Promise<{ config: LabConfig; portFlags: Record<string, string> }> {
  const config = loadCliConfig(context, globals);
  // The settings, not the registry: loading every service's libraries here would hold back the
  // MongoDB head start by seconds.
  const portFlags: Record<string, string> = {};
  for (const setting of Object.keys(portSettings) as PortSetting[])
    if (toConfiguredPort(config, setting) === 0) portFlags[setting] = String(await freeLoopbackPort());
  return {
    config: Object.keys(portFlags).length === 0 ? config : loadCliConfig(context, globals, { flags: portFlags }),
    // A process or docker lab's children learn the ports picked from their environment.
    portFlags,
  };
}

/**
 * What the terminal shows during the run: the guided mode with --step; the pretty view on a
 * terminal (not under CI); plain lines otherwise; nothing beside a document printed on stdout.
 */
function chooseLiveView(context: CliContext, flags: ScenarioFlags): LiveView {
  const document = toDocumentReporter(flags.reporter);
  if (document === undefined && flags.out !== undefined)
    throw new UsageError(
      `--out writes the json, junit or html report; ${flags.reporter === undefined ? 'no --reporter chose one' : `the ${flags.reporter} one goes to the terminal`}.`,
      {
        hint: 'Add --reporter junit (what CI reads) or --reporter json. --reporter html draws a page of the run.',
      },
    );
  // The keyboard does not matter to the pretty view: only whether its output is a live terminal.
  const terminal = showsDashboard(context, { isTTY: true }, true);
  if (flags.step === true) {
    if (process.stdin.isTTY !== true || context.stdout.isTTY !== true)
      throw new UsageError('--step needs a terminal: it waits for your keys (Enter, h, q) before each step.', {
        hint: 'Run it in a terminal, or leave out --step to run every step at once (CI: --reporter junit --out report.xml).',
      });
    if (document !== undefined && flags.out === undefined)
      throw new UsageError(`--step shows the steps on the terminal; the ${flags.reporter} report needs a file.`, {
        hint: `Add --out report.${flags.reporter === 'junit' ? 'xml' : flags.reporter}.`,
      });
    return 'guided';
  }
  if (document !== undefined && flags.out === undefined) return 'silent';
  // Asked for or not, the pretty view falls back to plain lines where it cannot redraw (a pipe, CI).
  return flags.reporter !== 'plain' && terminal ? 'pretty' : 'plain';
}

function toDocumentReporter(reporter: Reporter | undefined): DocumentReporter | undefined {
  return documentReporters.find((name) => name === reporter);
}
