import { z } from 'zod';

/** Every webhook body: `{ type, data, createdAt }`. What `data` holds is each handler's business. */
export const webhookEventSchema = z.object({
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { error: 'must be a dotted event type such as order.created' }),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }),
});

export type WebhookEventBody = z.infer<typeof webhookEventSchema>;
