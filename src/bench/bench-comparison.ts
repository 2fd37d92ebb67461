/**
 * A goal on a ratio of the same run: at least (throughput, measured ÷ baseline) or at most
 * (latency). Ratios rather than absolute figures, because machines differ up to 5× in speed while
 * the system and its baseline slow down together.
 */
export type RatioGoal = { readonly atLeast: number } | { readonly atMost: number };

/**
 * One goal of a benchmark, the shape every `rtlab bench … --json` shares: the system under test
 * beside its baseline, measured in alternating rounds of one run. The unit is in the name.
 */
export interface BenchComparison {
  readonly name: string;
  readonly measured: number;
  readonly baseline: number;
  /** measured ÷ baseline; null when the baseline measured nothing (then the goal is not met). */
  readonly ratio: number | null;
  readonly goal: RatioGoal;
  readonly met: boolean;
}

export function toComparison(name: string, measured: number, baseline: number, goal: RatioGoal): BenchComparison {
  const quotient = measured / baseline;
  const ratio = Number.isFinite(quotient) ? quotient : null;
  return { name, measured, baseline, ratio, goal, met: ratio !== null && isGoalMet(ratio, goal) };
}

export function isGoalMet(ratio: number, goal: RatioGoal): boolean {
  return 'atLeast' in goal ? ratio >= goal.atLeast : ratio <= goal.atMost;
}

/** `≥ 1.2×`, `≤ 1.5×`. */
export function toGoalText(goal: RatioGoal): string {
  return 'atLeast' in goal ? `≥ ${goal.atLeast}×` : `≤ ${goal.atMost}×`;
}
