import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/**
 * A command's `maxTimeMS`, checked inside scan loops: a command that runs past it stops with
 * MaxTimeMSExpired (50), as in mongod, instead of holding the event loop.
 */
export class Deadline {
  static readonly none = new Deadline(Infinity);
  private checks = 0;

  /** `at` is a Date.now() time: the same clock in every thread, so a worker can take it over. */
  constructor(private readonly at: number) {}

  get expiresAt(): number {
    return this.at;
  }

  /** From a command's maxTimeMS; `alwaysExpired` is mongod's maxTimeAlwaysTimeOut fail point. */
  static fromMaxTimeMS(maxTimeMS: number | undefined, alwaysExpired: boolean): Deadline {
    if (maxTimeMS === undefined || maxTimeMS <= 0) return Deadline.none;
    return new Deadline(alwaysExpired ? -Infinity : Date.now() + maxTimeMS);
  }

  /** Cheap enough to call for every document: the clock is read on every 64th call. */
  check(): void {
    if (this.at === Infinity || (this.checks++ & 63) !== 0) return;
    if (Date.now() >= this.at) throw new MongoCommandError(ErrorCode.MaxTimeMSExpired, 'operation exceeded time limit');
  }
}
