import type { MeasureResult } from './measure-loop.js';

/**
 * Alternating rounds of one side as one result: operations add up, throughput is the mean of the
 * rounds, percentiles are weighted by each round's count (an approximation: the rounds'
 * histograms are not merged).
 */
export function mergeRounds(rounds: readonly MeasureResult[]): MeasureResult {
  const operations = rounds.reduce((sum, round) => sum + round.operations, 0);
  const weighted = (pick: (round: MeasureResult) => number) =>
    operations === 0 ? 0 : rounds.reduce((sum, round) => sum + pick(round) * round.operations, 0) / operations;
  return {
    name: rounds[0]?.name ?? '',
    operations,
    opsPerSecond: rounds.reduce((sum, round) => sum + round.opsPerSecond, 0) / Math.max(1, rounds.length),
    p50Ms: weighted((round) => round.p50Ms),
    p99Ms: weighted((round) => round.p99Ms),
    maxMs: Math.max(0, ...rounds.map((round) => round.maxMs)),
  };
}
