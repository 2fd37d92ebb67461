import { createGuide } from '../../scenarios/guide/create-guide.js';
import { createPlainListener, formatScenarioHeading, formatStep } from '../../scenarios/report/format-plain.js';
import type { RunScenariosOptions } from '../../scenarios/run/run-scenarios.js';
import type { RunListener } from '../../scenarios/run/run-report.js';
import type { Language } from '../../scenarios/schema/localized.js';
import type { CliContext } from '../cli-context.js';
import { toPrintable } from '../to-printable.js';
import { readTerminalKeys } from './read-terminal-keys.js';

/** What the terminal shows while a run goes on. */
export type LiveView = 'pretty' | 'plain' | 'guided' | 'silent';

export interface StartedLiveView {
  readonly listener: RunListener;
  /** The guided mode's pause before each step. */
  readonly beforeStep?: RunScenariosOptions['beforeStep'];
  /** Ends the view: the pretty one's last frame drawn, the keyboard given back. Idempotent. */
  close(): void;
}

const silent: RunListener = {
  scenarioStarted: () => undefined,
  stepFinished: () => undefined,
  scenarioFinished: () => undefined,
};

/** Starts the chosen live view on stdout (ink and react are loaded for the pretty one only). */
export async function startLiveView(view: LiveView, context: CliContext, lang: Language): Promise<StartedLiveView> {
  // Titles, hints and step results come from scenario files and lab output: shown, never obeyed.
  const write = (text: string) => void context.stdout.write(toPrintable(text, { newlines: true }));
  switch (view) {
    case 'silent':
      return { listener: silent, close: () => undefined };
    case 'plain':
      return { listener: createPlainListener(write, lang), close: () => undefined };
    case 'guided': {
      const keys = readTerminalKeys(process.stdin);
      const guide = createGuide({ write, readKey: keys.readKey, lang });
      return { listener: guide.listener, beforeStep: guide.beforeStep, close: keys.close };
    }
    case 'pretty': {
      const { renderScenarioRun } = await import('../../ui/scenario-run/render-scenario-run.js');
      const rendered = renderScenarioRun({
        stdout: context.stdout,
        stderr: context.stderr,
        formatScenario: (scenario) => formatScenarioHeading(scenario, lang).replace(/^\n|\n$/g, ''),
        formatStep: (step) => formatStep(step, lang),
        title: (step) => step.title[lang],
      });
      return { listener: rendered.listener, close: rendered.close };
    }
  }
}
