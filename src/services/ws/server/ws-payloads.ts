import { z } from 'zod';

/**
 * Characters that show nothing on their own: whitespace, control characters (NUL included),
 * format characters such as zero-width spaces and joiners, BOMs and bidi marks, the Hangul
 * fillers, the braille blank U+2800 (a "character" that draws an empty cell), and combining
 * marks (\p{M}), which only modify a base letter: "\u0301\u0301" alone has nothing to sit on.
 */
const invisible = /^[\s\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{M}\u115F\u1160\u2800\u3164\uFFA0]*$/u;

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

/**
 * Identifiers (a room, an order id) refuse format characters too: a zero-width space or a bidi
 * override makes a second name that looks exactly like the first (U+202E turns "room" around on
 * screen). ZWNJ and ZWJ stay: Persian words and emoji sequences need them.
 */
const controlOrFormatInId = /(?![\u200C\u200D])[\p{Cc}\p{Cf}]/u;

/** Whether a text shows anything: one made only of invisible characters is as empty as ''. */
export function hasVisibleText(text: string): boolean {
  return !invisible.test(text);
}

/**
 * A string (trimmed unless `trim` is false: an id names something as it is) with at least one
 * visible character; `what` names it in the error.
 */
function visibleText(what: string, max: number, trim = true) {
  return (trim ? z.string().trim() : z.string())
    .max(max, { error: `${what} must be at most ${max.toLocaleString('en')} characters` })
    .refine(hasVisibleText, { error: `${what} must not be empty`, abort: true });
}

/** visibleText without the control characters `refused` matches (an empty text says so first). */
function visibleTextWithout(refused: RegExp, what: string, max: number, trim = true) {
  return visibleText(what, max, trim).refine((text) => !refused.test(text), { error: `${what} must not contain control characters` });
}

/** A chat room's name, wherever a client gives one (`chat:join`, `chat:message`, `chat:history`). */
export const roomSchema = visibleTextWithout(controlOrFormatInId, 'room', 100);

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
  // Not trimmed: the update must name the order exactly as it is stored.
  orderId: visibleTextWithout(controlOrFormatInId, 'orderId', 100, false),
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
