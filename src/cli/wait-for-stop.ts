/** Resolves when the command is told to stop (Ctrl-C, SIGTERM): how foreground servers wait. */
export function waitForStop(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
