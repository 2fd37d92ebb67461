/** What a key press that drives the lab ended with: one line for the dashboard's notices. */
export interface ActionOutcome {
  readonly ok: boolean;
  readonly text: string;
}

/** A key that drives the lab (`s` sends a webhook…). */
export interface DashboardAction {
  readonly key: string;
  /** What the key help says it does. */
  readonly label: string;
  /** Said while it runs. */
  readonly running: string;
  run(): Promise<ActionOutcome>;
}

export interface DashboardControls {
  readonly actions: readonly DashboardAction[];
  /** A graceful stop of the lab, as Ctrl-C does; asked once. */
  quit(): void;
}
