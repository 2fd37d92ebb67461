import type { Document } from 'bson';

/** An aggregation handed to a worker thread: everything it reads, packed (packed-documents.ts). */
export interface PipelineJob {
  /** `{ stages: [...] }`, the stages after any leading `$match` the main thread answered. */
  readonly pipeline: Uint8Array;
  /** The documents entering the pipeline, as query views. */
  readonly input: Uint8Array;
  /** The collections `$lookup`, `$graphLookup` and `$unionWith` read, by name. */
  readonly collections: Record<string, Uint8Array>;
  /** The command's deadline (Date.now() time), Infinity without maxTimeMS. */
  readonly expiresAt: number;
  readonly allowDiskUse: boolean;
}

/**
 * What the worker answers. A result document that is one of the inputs untouched (filtered,
 * sorted, limited) comes back as its input's index, so the command returns the stored document
 * with its BSON number types; `origins[i]` is -1 for a computed one, taken in turn from `computed`.
 */
export type PipelineOutcome =
  | { readonly ok: true; readonly origins: Int32Array; readonly computed: Uint8Array }
  | { readonly ok: false; readonly code: number; readonly message: string; readonly extra?: Document };
