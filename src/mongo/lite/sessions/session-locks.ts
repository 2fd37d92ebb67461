/**
 * One operation at a time per session, as mongod checks a session out: a retry that arrives
 * while its first attempt still runs (its connection died, the driver retried at once) waits
 * for that attempt's outcome instead of executing the same statements beside it.
 */
export class SessionLocks {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(sessionKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(sessionKey) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(sessionKey, tail);
    void tail.then(() => {
      if (this.tails.get(sessionKey) === tail) this.tails.delete(sessionKey);
    });
    return result;
  }

  isBusy(sessionKey: string): boolean {
    return this.tails.has(sessionKey);
  }
}

const locksByCatalog = new WeakMap<object, SessionLocks>();

/** The locks of one engine (keyed by its catalog, which every connection shares). */
export function sessionLocksOf(engine: object): SessionLocks {
  let locks = locksByCatalog.get(engine);
  if (locks === undefined) locksByCatalog.set(engine, (locks = new SessionLocks()));
  return locks;
}
