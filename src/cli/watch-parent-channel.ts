let watching: (() => void) | undefined;

/**
 * A child rtlab (a benchmark's `rtlab mongo serve`, `rtlab serve ws-server`) is started with an
 * IPC channel to its parent (see spawnRtlab). The channel closes when the parent exits however
 * it exits — Ctrl-C, SIGTERM, or `kill -9`, when it can signal nobody — so a closed channel
 * calls `onGone` (and the child stops as on Ctrl-C) instead of leaving an orphan holding a port.
 * This is Ryuk's idea (a connection whose end means "clean up") without a sidecar. A process
 * started without a channel — from a shell, by npm, as a container's command — watches nothing.
 */
export function watchParentChannel(onGone: () => void): void {
  if (process.channel === undefined) return;
  watching = onGone;
  process.once('disconnect', onGone);
  // Listening for 'disconnect' holds the event loop open: a finished command must still exit.
  process.channel.unref();
}

/**
 * Closes the channel on purpose: a process meant to outlive its parent (the lab `rtlab up -d`
 * leaves running) lets go of it once it has reported, and that close is no parent's death.
 */
export function releaseParentChannel(): void {
  if (watching !== undefined) process.off('disconnect', watching);
  watching = undefined;
  if (process.connected) process.disconnect();
}
