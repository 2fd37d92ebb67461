/** What an action produced: the step's capture (`{{steps.<id>.…}}`) and what its expectations check. */
export type ActionResult = Readonly<Record<string, unknown>>;

/** The HTTP part of an `http` or `webhook` action's result. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body parsed, when it is JSON. */
  readonly json: unknown;
}
