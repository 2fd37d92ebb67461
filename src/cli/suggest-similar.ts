/**
 * The candidates a mistyped word was most likely meant to be, as git and npm suggest them:
 * the closest by edit distance (a swap of two neighbours counts as one edit), and only when
 * close enough that the suggestion is not a guess. Empty when nothing is that close.
 */
export function suggestSimilar(word: string, candidates: readonly string[]): string[] {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    // At most a third of the longer word's letters differ, and never more than 3 edits.
    .filter(
      ({ candidate, distance }) =>
        candidate !== word && distance <= Math.min(3, Math.ceil(Math.max(word.length, candidate.length) / 3)),
    );
  const best = Math.min(...scored.map(({ distance }) => distance));
  return scored.filter(({ distance }) => distance === best).map(({ candidate }) => candidate);
}

/** " Did you mean x?" (or "x or y?"), to append to a hint; empty when nothing is close. */
export function toDidYouMean(word: string, candidates: readonly string[]): string {
  const similar = suggestSimilar(word, candidates);
  return similar.length === 0 ? '' : `Did you mean ${similar.join(' or ')}?`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
