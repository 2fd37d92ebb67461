import { Long, Timestamp, type Document } from 'bson';

/** One change, as change streams report it (before the stream's own pipeline). */
export interface ChangeEvent {
  readonly clusterTime: Timestamp;
  readonly wallTime: Date;
  readonly operationType: 'insert' | 'update' | 'replace' | 'delete';
  readonly db: string;
  readonly coll: string;
  readonly documentKey: Document;
  readonly fullDocument?: Document;
  readonly updateDescription?: Document;
}

/** How many change events are kept for streams to resume from, unless configured otherwise. */
export const defaultChangeHistorySize = 10_000;

/**
 * The recent history of changes (an oplog in memory), ordered by cluster time. Cluster times
 * are (seconds, counter) like mongod's, so they keep growing across restarts, and a resume
 * token from before the retained history is refused with code 286 rather than silently
 * skipping events.
 */
export class ChangeLog {
  private readonly events: ChangeEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private lastTime: Timestamp;
  /** Events at or before this time are no longer retained. */
  private horizon: Timestamp;

  /**
   * `whenWritten` delays publishing an event until the journal holds its write, and drops it if
   * that write failed and was undone: change streams never report a change that did not happen.
   */
  /**
   * `journal` is handed each event as it is recorded, in the same turn as its write: the journal
   * keeps it beside the write, so that the history can be rebuilt after a restart (`restore`).
   */
  constructor(
    private readonly retainedEvents = defaultChangeHistorySize,
    private readonly whenWritten: (outcome: (written: boolean) => void) => void = (outcome) => outcome(true),
    private readonly journal: (event: ChangeEvent) => void = () => undefined,
  ) {
    this.lastTime = this.tick();
    this.horizon = this.lastTime;
    this.beforeGroup = this.lastTime;
  }

  /** The cluster time of the latest operation: a new stream starts after it. */
  get latestTime(): Timestamp {
    return this.lastTime;
  }

  /**
   * The latest time up to which every change is published (or dropped with its failed write): a
   * stream with nothing left to read may move its resume point up to here, never past a change
   * still waiting for its journal write, which it would then skip.
   */
  get settledTime(): Timestamp {
    return this.group === undefined ? this.lastTime : this.beforeGroup;
  }

  /** A fresh, ever-increasing cluster time; also used as every write's operationTime. */
  tick(): Timestamp {
    const seconds = Math.floor(Date.now() / 1000);
    const last = this.lastTime as Timestamp | undefined;
    const next =
      last !== undefined && last.high >= seconds
        ? new Timestamp({ t: last.high, i: last.low + 1 })
        : new Timestamp({ t: seconds, i: 1 });
    this.lastTime = next;
    return next;
  }

  record(event: Omit<ChangeEvent, 'clusterTime' | 'wallTime'>): void {
    const before = this.lastTime;
    const recorded = { ...event, clusterTime: this.tick(), wallTime: new Date() };
    this.journal(recorded);
    // Events recorded while a group is open share its one outcome: they are in the same journal
    // write, so they are published or dropped together (a batch of 1,000 inserts waited on 1,000).
    if (this.group !== undefined) {
      this.group.push(recorded);
      return;
    }
    const group = [recorded];
    this.group = group;
    this.beforeGroup = before;
    this.whenWritten((written) => {
      if (this.group === group) this.group = undefined;
      if (written) this.publish(group);
    });
  }

  /** The events waiting for the journal write they belong to (see record). */
  private group: ChangeEvent[] | undefined;
  /** The time just before the waiting group's first event: what is settled while it waits. */
  private beforeGroup: Timestamp;

  private publish(events: readonly ChangeEvent[]): void {
    for (const event of events) this.events.push(event);
    // Old events are dropped in chunks: shifting the array on every write would cost O(n) each.
    const slack = Math.max(1, this.retainedEvents >> 4);
    if (this.events.length > this.retainedEvents + slack) {
      const dropped = this.events.splice(0, this.events.length - this.retainedEvents);
      this.horizon = dropped.at(-1)!.clusterTime;
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Puts back an event read from the data directory at start, as it was published before. */
  restore(event: ChangeEvent): void {
    if (event.clusterTime.compare(this.lastTime) > 0) this.lastTime = event.clusterTime;
    this.publish([event]);
  }

  /** Forgets every event: the history is complete only after `horizon` (a new or repaired data directory). */
  restart(horizon: Timestamp): void {
    this.events.length = 0;
    this.horizon = horizon;
    if (horizon.compare(this.lastTime) > 0) this.lastTime = horizon;
  }

  /** What a snapshot keeps of the history: the events retained and the time they are complete after. */
  retained(): { horizon: Timestamp; events: readonly ChangeEvent[] } {
    return { horizon: this.horizon, events: [...this.events] };
  }

  /** How many events are kept (the lab's MONGO_CHANGE_HISTORY), and the time they are complete after. */
  get limits(): { retainedEvents: number; horizon: Timestamp } {
    return { retainedEvents: this.retainedEvents, horizon: this.horizon };
  }

  /** Whether events right after `time` are still all retained. */
  covers(time: Timestamp): boolean {
    return time.compare(this.horizon) >= 0;
  }

  /** Events strictly after `time`, oldest first. */
  after(time: Timestamp): ChangeEvent[] {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid]!.clusterTime.compare(time) <= 0) low = mid + 1;
      else high = mid;
    }
    return this.events.slice(low);
  }

  /** Resolves when a new event is recorded, the timeout passes or the signal aborts. */
  waitForEvent(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }
}

/** Resume tokens carry the event's cluster time, hex-encoded like mongod's `_data`. */
export function toResumeToken(time: Timestamp): Document {
  return { _data: `82${Long.fromBits(time.low, time.high, true).toString(16).padStart(16, '0').toUpperCase()}` };
}

export function parseResumeToken(token: unknown): Timestamp | undefined {
  const data = (token as { _data?: unknown } | undefined)?._data;
  if (typeof data !== 'string' || !/^82[0-9A-Fa-f]{16}/.test(data)) return undefined;
  const value = Long.fromString(data.slice(2, 18), true, 16);
  return new Timestamp({ t: value.high >>> 0, i: value.low >>> 0 });
}
