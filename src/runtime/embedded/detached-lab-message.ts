import type { LabState } from '../lab-state/lab-state.js';
import type { LabProgress } from './lab-progress.js';

/**
 * What a background lab (`rtlab up --detach`'s child) tells the `rtlab up -d` that waits for it,
 * over the IPC channel, until it is ready or has failed; the channel is then closed.
 */
export type DetachedLabMessage =
  | { readonly type: 'progress'; readonly progress: LabProgress }
  | { readonly type: 'ready'; readonly state: LabState }
  /** An error a user can act on, told as the CLI would tell it, with its exit code. */
  | { readonly type: 'failed'; readonly message: string; readonly hint: string | undefined; readonly exitCode: number };

export function isDetachedLabMessage(value: unknown): value is DetachedLabMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'progress' || type === 'ready' || type === 'failed';
}
