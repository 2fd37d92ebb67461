import type { Evidence } from '../evidence/tally.js';
import type { ChainExpectation, Expectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation, ExpectationOutcome } from './expectation-outcome.js';

type Hop = ChainExpectation['hops'][number];
type ArmOne = (expectation: Expectation, context: ArmContext) => Promise<ArmedExpectation>;

/** A hop that held: when (its first evidence, on the run's clock) and what proved it. */
interface HopTime {
  readonly outcome: ExpectationOutcome;
  readonly atMs: number;
}

/**
 * Every hop is armed as its own expectation before the action (a `/notifications` listener joins
 * with the last position stored, so a replay reaches it), then decided; the chain holds when
 * each hop holds, no hop is seen before the one it follows, and each comes within its budget.
 * Times are of the thing itself on one clock (Date.now() of this machine): a log line's own stamp,
 * an event's arrival, a document's change (the change stream's wallTime), a response's arrival.
 */
export async function watchChain(
  chain: ChainExpectation,
  context: ArmContext,
  armOne: ArmOne,
): Promise<ArmedExpectation> {
  const armed: ArmedExpectation[] = [];
  try {
    for (const hop of chain.hops) armed.push(await armOne(toExpectation(hop), context));
  } catch (error) {
    await Promise.all(armed.map((hop) => hop.close()));
    throw error;
  }
  const actionStartedAtMs = Date.now() - context.runStartedAt;
  return {
    settle: async (settle) => {
      const filled = (settle.expectation.chain ?? chain) as ChainExpectation;
      const outcomes = await Promise.all(
        armed.map((hop, index) => hop.settle({ ...settle, expectation: toExpectation(filled.hops[index]!) })),
      );
      const times = outcomes.map((outcome) => ({ outcome, atMs: firstAt(outcome) ?? Number.NaN }));
      const problem = findProblem(filled, times, actionStartedAtMs);
      const summary = `chain ${filled.id}: ${outcomes.map((outcome) => outcome.summary).join(' → ')}`;
      return {
        kind: 'chain',
        ok: problem === undefined,
        summary,
        expected: filled.hops
          .map(
            (hop, index) =>
              `${index + 1}. ${outcomes[index]!.summary}${hop.budget === undefined ? '' : ` (≤ ${hop.budget} ms)`}`,
          )
          .join('; '),
        received: problem ?? describeTimes(times, actionStartedAtMs),
        evidence: toHopEvidence(times, actionStartedAtMs, filled.id),
        service: problem === undefined ? undefined : problemService(outcomes),
      };
    },
    close: async () => void (await Promise.all(armed.map((hop) => hop.close()))),
  };
}

function toExpectation(hop: Hop): Expectation {
  const { budget: _budget, ...expectation } = hop;
  return expectation as Expectation;
}

function firstAt(outcome: ExpectationOutcome): number | undefined {
  return outcome.evidence.length === 0 ? undefined : Math.min(...outcome.evidence.map((evidence) => evidence.atMs));
}

/** The first broken link: a hop that failed, one seen before the hop it follows, or one over its budget. */
function findProblem(chain: ChainExpectation, times: readonly HopTime[], startMs: number): string | undefined {
  let previous = startMs;
  for (const [index, { outcome, atMs }] of times.entries()) {
    const name = `hop ${index + 1} (${outcome.summary})`;
    if (!outcome.ok) return `${name} failed: expected ${outcome.expected}, received ${outcome.received}`;
    if (atMs < previous) return `${name} came at ${atMs} ms, ${previous - atMs} ms before hop ${index}: out of order`;
    const budget = chain.hops[index]!.budget;
    if (budget !== undefined && atMs - previous > budget)
      return `${name} came ${atMs - previous} ms after ${index === 0 ? 'the action' : `hop ${index}`}, over its budget of ${budget} ms`;
    previous = atMs;
  }
  return undefined;
}

function describeTimes(times: readonly HopTime[], startMs: number): string {
  return times
    .map(
      ({ atMs }, index) =>
        `${index + 1}. at ${atMs} ms (+${atMs - (index === 0 ? startMs : times[index - 1]!.atMs)} ms)`,
    )
    .join('; ');
}

/** Each hop's first evidence, in the lane of its service, named by the chain, its place and its latency. */
function toHopEvidence(times: readonly HopTime[], startMs: number, id: string): Evidence[] {
  return times.flatMap(({ outcome, atMs }, index) => {
    const first = outcome.evidence.find((evidence) => evidence.atMs === atMs);
    if (first === undefined) return [];
    const latencyMs = atMs - (index === 0 ? startMs : times[index - 1]!.atMs);
    return [
      {
        atMs,
        value: first.value,
        lane: laneOf(outcome),
        from: index === 0 ? 'runner' : laneOf(times[index - 1]!.outcome),
        what: `chain ${id} · hop ${index + 1}/${times.length} (+${latencyMs} ms): ${outcome.summary}`,
      },
    ];
  });
}

function laneOf(outcome: ExpectationOutcome): string {
  return outcome.service ?? (outcome.kind === 'ws' ? 'ws-server' : 'runner');
}

function problemService(outcomes: readonly ExpectationOutcome[]): string | undefined {
  return (outcomes.find((outcome) => !outcome.ok) ?? outcomes.at(-1))?.service;
}
