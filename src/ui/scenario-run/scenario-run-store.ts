import type { RunListener, StepStart } from '../../scenarios/run/run-report.js';

/** A line that will not change again: a scenario's heading or a finished step's report. */
export interface FinishedLine {
  readonly key: number;
  readonly text: string;
  readonly tone: 'heading' | 'passed' | 'failed' | 'skipped';
}

/**
 * What the pretty reporter shows, fed by the run's listener: the lines done (printed once, above),
 * and the step running now (redrawn with its spinner and clock).
 */
export class ScenarioRunStore {
  private readonly done: FinishedLine[] = [];
  private runningStep: { step: StepStart; sinceMs: number } | undefined;
  version = 0;

  constructor(
    private readonly format: {
      scenario: (scenario: Parameters<RunListener['scenarioStarted']>[0]) => string;
      step: (step: Parameters<RunListener['stepFinished']>[0]) => string;
    },
  ) {}

  get finished(): readonly FinishedLine[] {
    return this.done;
  }

  get running(): { step: StepStart; sinceMs: number } | undefined {
    return this.runningStep;
  }

  /** The run's listener that feeds this store. */
  listener(now: () => number = performance.now.bind(performance)): RunListener {
    return {
      scenarioStarted: (scenario) => this.add(this.format.scenario(scenario), 'heading'),
      stepStarted: (step) => {
        this.runningStep = { step, sinceMs: now() };
        this.version += 1;
      },
      stepFinished: (step) => {
        this.runningStep = undefined;
        this.add(this.format.step(step).replace(/\n$/, ''), step.status);
      },
      scenarioFinished: () => undefined,
    };
  }

  private add(text: string, tone: FinishedLine['tone']): void {
    this.done.push({ key: this.done.length, text, tone });
    this.version += 1;
  }
}
