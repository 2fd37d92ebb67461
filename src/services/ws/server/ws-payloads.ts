import { z } from 'zod';
import { identifierSchema, orderIdSchema, visibleTextWithout } from '../../visible-text-schema.js';

/**
 * Control characters refused inside a chat text even next to visible ones: NUL, the C0 controls
 * but tab and newline, DEL and C1. None is writing: they are commands to whoever displays the
 * text (ESC [2J clears a terminal, ESC ]0; retitles its window, CR overwrites a line, U+009B is
 * a one-byte CSI), and NUL truncates the text in C-string consumers. Every reader of the history
 * (the dashboard, `rtlab ws history`, other Socket.IO clients, log viewers) would otherwise have
 * to defend itself, and a chat text has no use for them; tab and newline are how people write.
 * The CLI escapes them anyway (src/cli/to-printable.ts), for messages stored before this rule or
 * written to MongoDB by something else. Bidi and zero-width format characters stay accepted:
 * right-to-left languages and emoji (👩‍💻) need them.
 */
const controlInText = /(?![\t\n])\p{Cc}/u;

/** A name (user) is one line: no control character at all, tab and newline included. */
const controlInName = /\p{Cc}/u;

/** A chat room's name, wherever a client gives one (`chat:join`, `chat:message`, `chat:history`). */
export const roomSchema = identifierSchema('room', 100);

export const chatSendSchema = z.object({
  text: visibleTextWithout(controlInText, 'text', 2000),
  user: visibleTextWithout(controlInName, 'user', 100),
  room: roomSchema.optional(),
});

export const chatHistorySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  room: roomSchema.optional(),
});

export const orderUpdateSchema = z.object({
  orderId: orderIdSchema,
  status: z.enum(['created', 'paid', 'shipped', 'cancelled']),
  source: z.enum(['webhook', 'grpc', 'http', 'cli']),
  eventId: z.string().min(1).max(255),
  at: z.iso.datetime({ offset: true }),
});

/** The first problem of a payload, said plainly for an error ack. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid payload' : `${issue.path.join('.') || 'payload'}: ${issue.message}`;
}
