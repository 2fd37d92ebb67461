import { z } from 'zod';
import { durationSchema } from './duration.js';
import { exactlyOneKey, oneOf } from './one-of.js';

/**
 * Expected values are subsets: an object matches when each key it names matches (others are
 * ignored), an array when each element it lists matches the element at that index. Operators:
 * `{ $regex: "…" }`, `{ $exists: true|false }`, `{ $gte: n }`, `{ $lte: n }`.
 */
const subsetSchema = z.unknown();

/** How many: `2`, or `{ gte: 1 }`, `{ lte: 3 }`, `{ eq: 0 }` (combinable). */
export const countSchema = z.union([
  z.number().int().nonnegative(),
  z
    .strictObject({
      eq: z.number().int().nonnegative().optional(),
      gte: z.number().int().nonnegative().optional(),
      lte: z.number().int().nonnegative().optional(),
    })
    .refine((count) => Object.values(count).some((value) => value !== undefined), {
      error: 'count needs eq, gte or lte',
    }),
]);

/**
 * Time semantics shared by the expectations that listen (log, ws): at least `count` (default 1)
 * within `within` (default 5s); `exactly` N, counted over the whole `within` window and failed as
 * soon as one too many arrives; `absent`: nothing matching during that window.
 */
const listeningFields = {
  count: z.number().int().positive().optional(),
  exactly: z.number().int().nonnegative().optional(),
  within: durationSchema.optional(),
  absent: durationSchema.optional(),
};

/**
 * JSONPath checks, as Step CI writes them: each path (`$.status`, `$.items[0].sku`,
 * `$.responses[*].status`) and the value, or subset, found there. A path with `[*]` gives the
 * list of what it found.
 */
export const jsonPathSchema = z.record(
  z.string().regex(/^\$/, { error: 'a JSONPath starts with $, such as $.status or $.items[0].sku' }),
  z.unknown(),
);

/** The response of the step's `http` or `webhook` action. */
export const httpExpectationSchema = z.strictObject({
  status: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
  json: subsetSchema.optional(),
  /** Header names are matched case-insensitively. */
  headers: z.record(z.string(), subsetSchema).optional(),
  /** Text the body contains. */
  body: z.string().optional(),
  /** JSONPath checks on the JSON body. */
  jsonpath: jsonPathSchema.optional(),
});

/** Lines of a service's log (`<RTLAB_HOME>/logs/<service>.log`) written since the step started. */
export const logExpectationSchema = z
  .strictObject({
    service: z.string().min(1),
    /** Text the message contains (the seed's messages, verbatim). */
    match: z.string().min(1).optional(),
    /** A regular expression the message matches. */
    regex: z.string().min(1).optional(),
    /** A subset of the line's metadata (`{ eventId: "{{steps.send.id}}" }`). */
    meta: z.record(z.string(), subsetSchema).optional(),
    ...listeningFields,
    /** A line that fails the expectation as soon as it is written (`failIf: { match: "Webhook handling failed" }`). */
    failIf: z
      .strictObject({
        match: z.string().min(1).optional(),
        regex: z.string().min(1).optional(),
        meta: z.record(z.string(), subsetSchema).optional(),
      })
      .optional(),
  })
  .superRefine(exactlyOneKey('log', ['match', 'regex']));

/** Events on a Socket.IO namespace, received by a client connected before the step's action. */
export const wsExpectationSchema = z.strictObject({
  namespace: z.string().regex(/^\//, { error: 'must start with /, such as /notifications' }),
  event: z.string().min(1),
  /** A subset of the event's first argument. */
  match: subsetSchema.optional(),
  ...listeningFields,
  /** An event of the same name that fails the expectation as soon as it arrives: a subset of its payload. */
  failIf: subsetSchema.optional(),
});

/** Documents in the lab's database, checked after the action and again on each change until `within`. */
export const mongoExpectationSchema = z.strictObject({
  collection: z.string().min(1),
  filter: z.record(z.string(), z.unknown()).default({}),
  count: countSchema.optional(),
  /** A subset that at least one document matching the filter matches. */
  document: subsetSchema.optional(),
  within: durationSchema.optional(),
  /**
   * The documents matching the filter are the same after the action as before it (read as the
   * step begins, so the filter cannot name the action's own result).
   */
  unchanged: z.boolean().optional(),
});

/** An rtlab or shell command run by the step's `cli` action. */
export const cliExpectationSchema = z.strictObject({
  exitCode: z.number().int().optional(),
  /** Text the output contains. */
  stdout: z.string().optional(),
  stderr: z.string().optional(),
});

/** One hop of a chain: an http, log, ws or mongo expectation, and its latency budget from the hop before. */
export const hopSchema = z
  .strictObject({
    http: httpExpectationSchema.optional(),
    log: logExpectationSchema.optional(),
    ws: wsExpectationSchema.optional(),
    mongo: mongoExpectationSchema.optional(),
    /** At most this long after the hop before it (the first hop: after the action started). */
    budget: durationSchema.optional(),
  })
  .superRefine(exactlyOneKey('hop', ['http', 'log', 'ws', 'mongo']));

/**
 * A causal chain: hops that must each hold, happen in this order on one clock (each at or after
 * the one before) and each within its budget; `id` is the id that correlates them (an order's).
 */
export const chainSchema = z.strictObject({
  id: z.string().min(1),
  hops: z.array(hopSchema).min(2, { error: 'a chain has at least two hops' }),
});

/** One check of a step: exactly one kind. `result` is a subset of the action's result (a ws ack, a query). */
export const expectationSchema = oneOf('expect', {
  http: httpExpectationSchema,
  log: logExpectationSchema,
  ws: wsExpectationSchema,
  mongo: mongoExpectationSchema,
  cli: cliExpectationSchema,
  result: subsetSchema,
  /** JSONPath checks on the action's result (`$.response.status` of a grpc call, `$.json.count` of an http one). */
  jsonpath: jsonPathSchema,
  chain: chainSchema,
});

export type Expectation = z.output<typeof expectationSchema>;
export type HttpExpectation = z.output<typeof httpExpectationSchema>;
export type LogExpectation = z.output<typeof logExpectationSchema>;
export type WsExpectation = z.output<typeof wsExpectationSchema>;
export type MongoExpectation = z.output<typeof mongoExpectationSchema>;
export type ChainExpectation = z.output<typeof chainSchema>;
export type CliExpectation = z.output<typeof cliExpectationSchema>;
export type Count = z.output<typeof countSchema>;
