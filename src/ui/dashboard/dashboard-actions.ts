/** What a key press that drives the lab ended with: one line for the dashboard's notices. */
export interface ActionOutcome {
  readonly ok: boolean;
  readonly text: string;
}

/** One of the things a key offers to pick from (a scenario). */
export interface DashboardChoice {
  readonly id: string;
  readonly label: string;
}

/** A key that drives the lab (`s` sends a webhook…). */
export interface DashboardAction {
  readonly key: string;
  /** What the key help says it does. */
  readonly label: string;
  /** Said while it runs. */
  readonly running: string;
  /**
   * What to pick from first, when the key offers a choice (`r`: the scenarios this lab can run);
   * `run` then gets the one picked. An empty list is said as `none`.
   */
  readonly choices?: () => Promise<{ readonly items: readonly DashboardChoice[]; readonly none: string }>;
  run(choice?: DashboardChoice): Promise<ActionOutcome>;
}

export interface DashboardControls {
  readonly actions: readonly DashboardAction[];
  /** A graceful stop of the lab, as Ctrl-C does; asked once. */
  quit(): void;
}
