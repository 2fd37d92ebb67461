import { render } from 'ink';
import type { RunListener, StepStart } from '../../scenarios/run/run-report.js';
import { ScenarioRunStore } from './scenario-run-store.js';
import { ScenarioRunView } from './ScenarioRunView.js';

export interface RenderScenarioRunOptions {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly formatScenario: ConstructorParameters<typeof ScenarioRunStore>[0]['scenario'];
  readonly formatStep: ConstructorParameters<typeof ScenarioRunStore>[0]['step'];
  readonly title: (step: StepStart) => string;
}

export interface RenderedScenarioRun {
  readonly listener: RunListener;
  /** Draws the last frame and gives the terminal back. Idempotent. */
  close(): void;
}

/** Mounts the pretty reporter on the terminal for the length of a run. */
export function renderScenarioRun(options: RenderScenarioRunOptions): RenderedScenarioRun {
  const store = new ScenarioRunStore({ scenario: options.formatScenario, step: options.formatStep });
  const listener = store.listener();
  const view = () => <ScenarioRunView store={store} title={options.title} />;
  const instance = render(view(), {
    stdout: options.stdout,
    stderr: options.stderr,
    // The run's own Ctrl-C handling (the abort signal) applies; ink must not take the keyboard.
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
  });
  let closed = false;
  const redraw = () => instance.rerender(view());
  return {
    listener: {
      scenarioStarted: (scenario) => (listener.scenarioStarted(scenario), redraw()),
      stepStarted: (step) => (listener.stepStarted?.(step), redraw()),
      stepFinished: (step) => (listener.stepFinished(step), redraw()),
      scenarioFinished: (report) => listener.scenarioFinished(report),
    },
    close() {
      if (closed) return;
      closed = true;
      redraw();
      instance.unmount();
    },
  };
}
