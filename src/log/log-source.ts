import type { FollowItem } from './follow-file.js';

/**
 * Where one service's log lines come from. Files under `<RTLAB_HOME>/logs` are one kind; a
 * runtime adds its own (a container's log stream) without the reader changing.
 */
export interface LogSource {
  readonly service: string;
  /**
   * Every line held so far, oldest first, then one `caught-up` item; when following, new lines
   * after it as they are written, until the signal aborts.
   */
  read(options: { readonly follow: boolean; readonly signal: AbortSignal }): AsyncIterable<FollowItem>;
}
