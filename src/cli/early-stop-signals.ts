/**
 * Ctrl-C or SIGTERM that arrive while the CLI's modules still load (a few hundred milliseconds,
 * seconds on a busy machine) would end the process silently, by the signal's default action:
 * imported first by main, this module notes them instead, and main stops as for any other once
 * it listens. Evaluated before every other module of main, so the window is the loading alone.
 */
let early: NodeJS.Signals | undefined;
const note = (signal: NodeJS.Signals) => (early ??= signal);
process.on('SIGINT', note);
process.on('SIGTERM', note);

/** Stops noting; returns the first signal that arrived before, if any. */
export function takeEarlyStopSignal(): NodeJS.Signals | undefined {
  process.off('SIGINT', note);
  process.off('SIGTERM', note);
  return early;
}
