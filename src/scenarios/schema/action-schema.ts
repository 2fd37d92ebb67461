import { z } from 'zod';
import { durationSchema } from './duration.js';
import { exactlyOneKey, oneOf } from './one-of.js';

const headersSchema = z.record(z.string(), z.string());

/** An HTTP request; its result is `{ status, headers, json, body }`. */
export const httpActionSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  url: z.string().min(1),
  headers: headersSchema.optional(),
  /** Sent as the JSON body (Content-Type application/json). */
  json: z.unknown().optional(),
  body: z.string().optional(),
});

/**
 * A webhook signed as the lab's sender signs it (Standard Webhooks headers, HMAC-SHA256 with the
 * lab's secret), posted to the receiver; its result adds `id` and the `event` sent.
 */
export const webhookActionSchema = z.strictObject({
  /** Default: the receiver's `/webhooks`. */
  url: z.string().optional(),
  /** The `webhook-id`; a fresh one when left out. Send the same id twice to see a replay deduplicated. */
  id: z.string().optional(),
  type: z.string().default('order.created'),
  /** The event's `data`; a realistic order when left out. */
  data: z.record(z.string(), z.unknown()).optional(),
  /** The whole body to send, such as `"{{steps.first.event}}"` to replay an earlier delivery byte for byte. */
  event: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Sign with this secret instead of the lab's (a forged delivery). */
  secret: z.string().optional(),
  /** Change the body after signing it (a delivery tampered with on the way). */
  tamper: z.boolean().optional(),
});

/** A Socket.IO client: connects to a namespace (with the lab's token unless `token` is given) and optionally emits with an ack. */
export const wsActionSchema = z.strictObject({
  namespace: z.string().regex(/^\//, { error: 'must start with /, such as /chat' }),
  /** The handshake token; `""` connects without one. Default: the lab's WS_TOKEN. */
  token: z.string().optional(),
  emit: z.strictObject({ event: z.string().min(1), data: z.unknown().optional() }).optional(),
});

/** Fixtures or a query on the lab's database. */
export const mongoActionSchema = z
  .strictObject({
    collection: z.string().min(1),
    insert: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    find: z.record(z.string(), z.unknown()).optional(),
    /** The order of a `find`'s documents, as MongoDB's sort: `{ seq: 1 }`. */
    sort: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
    limit: z.number().int().positive().optional(),
  })
  .superRefine(exactlyOneKey('mongo', ['insert', 'find']));

/**
 * A call to the lab's gRPC OrderService through its typed client, with a token minted from the
 * lab's JWT_SECRET (or `token` as given); its result is `{ ok, status, response }` (`responses`
 * and `count` for GetOrders), or `{ ok: false, status: "UNAUTHENTICATED", details }`.
 */
/** One line of a ChatOrders script: a message to send, or a subset the next message received must match. */
const chatLineSchema = z
  .strictObject({
    send: z.strictObject({ orderId: z.string(), author: z.string(), text: z.string() }).optional(),
    receive: z.unknown().optional(),
  })
  .superRefine(exactlyOneKey('script line', ['send', 'receive']));

export const grpcActionSchema = z
  .strictObject({
    call: z.enum(['CreateOrder', 'GetOrder', 'UpdateOrderStatus', 'GetOrders', 'ImportOrders', 'ChatOrders']),
    /** CreateOrder: `{ customerEmail, customerName, currency, items: [{ sku, name, quantity, unitPriceCents }] }`; GetOrder: `{ id }`; UpdateOrderStatus: `{ id, status }`; GetOrders: `{ status, customerEmail, limit }`. */
    request: z.record(z.string(), z.unknown()).default({}),
    /** ImportOrders (client streaming): the CreateOrder requests streamed, in order; the result is the summary. */
    requests: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    /** ChatOrders (bidirectional): send these and expect those, in order (`- send: {…}`, `- receive: {subset}`). */
    script: z.array(chatLineSchema).min(1).optional(),
    token: z.string().optional(),
  })
  .superRefine((action, context) => {
    if (action.call === 'ImportOrders' && action.requests === undefined)
      context.addIssue({ code: 'custom', message: 'ImportOrders needs requests: the orders to stream' });
    if (action.call === 'ChatOrders' && action.script === undefined)
      context.addIssue({ code: 'custom', message: 'ChatOrders needs script: the messages to send and to receive' });
  });

/** An rtlab command (`args`) or a shell command (`shell`); its result is `{ exitCode, stdout, stderr, json }`. */
export const cliActionSchema = z
  .strictObject({
    args: z.array(z.string()).min(1).optional(),
    shell: z.string().min(1).optional(),
  })
  .superRefine(exactlyOneKey('cli', ['args', 'shell']));

const serviceNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'must name a lab service, such as webhooks-receiver' });

/**
 * A fault: stop, start or restart one of the lab's services (not MongoDB) while the rest of the
 * lab runs on; a restarted service comes back on its port. Only on a lab the run started itself.
 */
export const serviceActionSchema = z
  .strictObject({
    stop: serviceNameSchema.optional(),
    start: serviceNameSchema.optional(),
    restart: serviceNameSchema.optional(),
  })
  .superRefine(exactlyOneKey('service', ['stop', 'start', 'restart']));

/**
 * The receiver's fault switch: its next `times` deliveries are answered with status `fail`
 * before anything is stored, as a crashing receiver would. Only the scenario runner can turn it
 * on, on a lab it started itself; no setting does.
 */
export const receiverFaultActionSchema = z.strictObject({
  fail: z.number().int().min(400).max(599),
  times: z.number().int().min(1).max(100).default(1),
});

/** What a step does: exactly one action. */
export const actionSchema = oneOf('do', {
  http: httpActionSchema,
  webhook: webhookActionSchema,
  ws: wsActionSchema,
  mongo: mongoActionSchema,
  cli: cliActionSchema,
  grpc: grpcActionSchema,
  wait: durationSchema,
  service: serviceActionSchema,
  receiver: receiverFaultActionSchema,
});

export type Action = z.output<typeof actionSchema>;
export type HttpAction = z.output<typeof httpActionSchema>;
export type WebhookAction = z.output<typeof webhookActionSchema>;
export type WsAction = z.output<typeof wsActionSchema>;
export type MongoAction = z.output<typeof mongoActionSchema>;
export type CliAction = z.output<typeof cliActionSchema>;
export type GrpcAction = z.output<typeof grpcActionSchema>;
export type ServiceAction = z.output<typeof serviceActionSchema>;
export type ReceiverFaultAction = z.output<typeof receiverFaultActionSchema>;
