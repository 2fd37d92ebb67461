import type { RunListener, StepStart } from '../run/run-report.js';
import { formatScenarioHeading, formatStep } from '../report/format-plain.js';
import { pick, say } from '../report/messages.js';
import type { Language } from '../schema/localized.js';

export interface GuideOptions {
  readonly write: (text: string) => void;
  /** The next key the learner presses (`\r` for Enter); rejects or gives `\u0003` when the keyboard closes. */
  readonly readKey: () => Promise<string>;
  readonly lang: Language;
}

/** The guided mode's two halves: the pause before each step, and what it shows after it. */
export interface Guide {
  readonly beforeStep: (step: StepStart) => Promise<'run' | 'stop'>;
  readonly listener: RunListener;
}

const enter = new Set(['\r', '\n']);
const stop = new Set(['q', 'Q', '\u0003', '\u0004', '\u001b']);

/**
 * `rtlab scenario --step`, the mode for learners: before each step its title and explanation
 * (what happens on the wire, which log line proves it), then Enter runs it, `h` shows its hint,
 * `q` stops; after it, every expectation with ✓ or ✗, and for a failure what was expected, what
 * was received and the service's last log lines.
 */
export function createGuide(options: GuideOptions): Guide {
  const { write, lang } = options;
  let number = 0;
  return {
    beforeStep: async (step) => {
      number += 1;
      const phase = step.phase === 'steps' ? '' : ` [${step.phase}]`;
      write(`\n${say('step', lang)} ${number}${phase} · ${step.id}: ${pick(step.title, lang)}\n`);
      if (step.explain !== undefined) write(`${indent(pick(step.explain, lang))}\n`);
      write(`  ${say('guideKeys', lang)}\n`);
      for (;;) {
        const key = await options.readKey().catch(() => '\u0004');
        if (enter.has(key)) return 'run';
        if (stop.has(key)) {
          write(`  ${say('stoppedAt', lang)}\n`);
          return 'stop';
        }
        if (key === 'h' || key === 'H')
          write(`  ${say('hint', lang)}: ${step.hint === undefined ? say('noHint', lang) : pick(step.hint, lang)}\n`);
      }
    },
    listener: {
      scenarioStarted: (scenario) => write(formatScenarioHeading(scenario, lang)),
      stepStarted: () => undefined,
      stepFinished: (step) => {
        // Cleanup steps run unasked, and skipped steps were never shown: a line each.
        if (step.status === 'skipped' || step.phase === 'cleanup') return write(formatStep(step, lang));
        write(`  ${say('checked', lang)}:\n${formatStep(step, lang, { everyCheck: true })}`);
      },
      scenarioFinished: () => undefined,
    },
  };
}

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
