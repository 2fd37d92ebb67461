import { render } from 'ink';
import type { DashboardControls } from './dashboard-actions.js';
import type { DashboardStore } from './dashboard-store.js';
import { Dashboard } from './Dashboard.js';

export interface RenderDashboardOptions {
  readonly store: DashboardStore;
  readonly controls: DashboardControls;
  readonly color: boolean;
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

export interface RenderedDashboard {
  /** Leaves the last frame on the terminal and gives the keyboard back. Idempotent. */
  close(): void;
}

/** Mounts the dashboard on the terminal until `close()`. */
export function renderDashboard(options: RenderDashboardOptions): RenderedDashboard {
  const view = () => <Dashboard store={options.store} controls={options.controls} color={options.color} />;
  const instance = render(view(), {
    stdout: options.stdout,
    stdin: options.stdin,
    stderr: options.stderr,
    // Ctrl-C arrives as a key in raw mode: the dashboard stops the lab gracefully, as SIGINT would.
    exitOnCtrlC: false,
    maxFps: 10,
  });
  let closed = false;
  return {
    close() {
      if (closed) return;
      closed = true;
      // The frame left on the terminal shows the stop as it ended, not as the last tick saw it.
      instance.rerender(view());
      instance.unmount();
    },
  };
}
