import { z } from 'zod';

/**
 * Characters that show nothing: whitespace, control characters (NUL included), and format
 * characters such as zero-width spaces and joiners, BOMs and bidi marks.
 */
const invisible = /^[\s\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]*$/u;

/** Whether a text shows anything: one made only of invisible characters is as empty as ''. */
export function hasVisibleText(text: string): boolean {
  return !invisible.test(text);
}

/** A trimmed string with at least one visible character; `what` names it in the error. */
function visibleText(what: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `${what} must be at most ${max.toLocaleString('en')} characters` })
    .refine(hasVisibleText, { error: `${what} must not be empty` });
}

export const chatSendSchema = z.object({
  text: visibleText('text', 2000),
  user: visibleText('user', 100),
  room: visibleText('room', 100).optional(),
});

export const chatHistorySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  room: visibleText('room', 100).optional(),
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
