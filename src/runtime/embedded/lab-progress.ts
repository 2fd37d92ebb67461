/**
 * What a lab tells while it starts and stops, one event per step of one part: the terminal shows
 * a line for each, and a detached lab passes them to the `rtlab up -d` that waits for it (so
 * they stay plain data).
 */
export type LabProgress =
  | { readonly type: 'starting'; readonly service: string }
  | { readonly type: 'ready'; readonly service: string; readonly url: string; readonly elapsedMs: number }
  | { readonly type: 'failed'; readonly service: string; readonly reason: string }
  | { readonly type: 'stopping'; readonly service: string }
  | {
      readonly type: 'stopped';
      readonly service: string;
      readonly elapsedMs: number;
      /** What goes on running, not being this lab's to stop: an engine it found running, a MongoDB at a URL. */
      readonly leftRunning?: string;
      /** Why it had stopped before the lab stopped it (its process was killed and not restarted yet). */
      readonly alreadyStopped?: string;
    }
  /** A one-shot part (the seed's grpc-client) ran and exited. */
  | { readonly type: 'finished'; readonly service: string; readonly exitCode: number | null };

export type OnLabProgress = (progress: LabProgress) => void;
