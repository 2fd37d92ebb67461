import { Deadline } from './deadline.js';

/**
 * What one command may spend: its maxTimeMS and its memory budgets. mingo calls the engine's
 * operators without a way to pass them along, so the scope of the command whose code is running
 * is kept here; a command that yields to the event loop puts its scope back each time it resumes.
 */
export interface RequestScope {
  readonly deadline: Deadline;
  readonly memory: ExpressionMemory;
  /** The aggregate's allowDiskUse: false asks for mongod's in-memory limit errors. */
  readonly allowDiskUse: boolean;
  /** Aborted when the client is gone: work on a worker thread is stopped, as mongod kills it. */
  readonly clientGone?: AbortSignal;
}

/** The bytes a command's array operators have built so far (see expression-memory.ts). */
export interface ExpressionMemory {
  requestBytes: number;
  expressionBytes: number;
  expressionDepth: number;
  /** False outside commands, where no request total could ever be reset. */
  readonly countsRequest: boolean;
}

export function newScope(
  deadline = Deadline.none,
  allowDiskUse = true,
  countsRequest = true,
  clientGone?: AbortSignal,
): RequestScope {
  const memory = { requestBytes: 0, expressionBytes: 0, expressionDepth: 0, countsRequest };
  return { deadline, memory, allowDiskUse, clientGone };
}

/** Code running outside any command (start-up, the journal) has no deadline. */
let current: RequestScope = newScope(Deadline.none, true, false);

export function currentScope(): RequestScope {
  return current;
}

/** Runs a synchronous slice of a command's work under its scope. */
export function inScope<T>(scope: RequestScope, work: () => T): T {
  const previous = current;
  current = scope;
  try {
    return work();
  } finally {
    current = previous;
  }
}
