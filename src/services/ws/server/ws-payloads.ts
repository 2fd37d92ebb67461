import { z } from 'zod';

export const chatSendSchema = z.object({
  text: z.string().trim().min(1, { error: 'text must not be empty' }).max(2000, { error: 'text must be at most 2,000 characters' }),
  user: z.string().trim().min(1).max(100),
  room: z.string().trim().min(1).max(100).optional(),
});

export const chatHistorySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  room: z.string().trim().min(1).max(100).optional(),
});

export const orderUpdateSchema = z.object({
  orderId: z.string().min(1).max(100),
  status: z.enum(['created', 'paid', 'shipped', 'cancelled']),
  source: z.enum(['webhook', 'grpc', 'cli']),
  eventId: z.string().min(1).max(255),
  at: z.iso.datetime({ offset: true }),
});

/** The first problem of a payload, said plainly for an error ack. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid payload' : `${issue.path.join('.') || 'payload'}: ${issue.message}`;
}
