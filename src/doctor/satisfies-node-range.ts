/**
 * Whether a version satisfies an `engines` range made of `^x.y.z` and `>=x.y.z` alternatives
 * joined by `||`, the only forms rtlab's package.json uses. Other forms count as unsatisfied.
 */
export function satisfiesNodeRange(version: string, range: string): boolean {
  const have = toTriple(version);
  if (have === undefined) return false;
  return range.split('||').some((alternative) => {
    const match = /^\s*(\^|>=)\s*v?(\d+\.\d+\.\d+)\s*$/.exec(alternative);
    const want = match === null ? undefined : toTriple(match[2] ?? '');
    if (match === null || want === undefined) return false;
    if (compare(have, want) < 0) return false;
    return match[1] === '>=' || have[0] === want[0];
  });
}

type Triple = readonly [number, number, number];

function toTriple(version: string): Triple | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match === null ? undefined : [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
