import { z } from 'zod';

/**
 * Characters that show nothing on their own: whitespace, control characters (NUL included),
 * format characters such as zero-width spaces and joiners, BOMs and bidi marks, the Hangul
 * fillers, the braille blank U+2800 (a "character" that draws an empty cell), and combining
 * marks (\p{M}), which only modify a base letter: "\u0301\u0301" alone has nothing to sit on.
 */
const invisible = /^[\s\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{M}\u115F\u1160\u2800\u3164\uFFA0]*$/u;

/**
 * Identifiers (a room, an order id) refuse format characters too: a zero-width space or a bidi
 * override makes a second name that looks exactly like the first (U+202E turns "room" around on
 * screen), and a line or paragraph separator (U+2028, U+2029) breaks the one line an id is shown
 * on. ZWNJ and ZWJ stay: Persian words and emoji sequences need them.
 */
const controlOrFormatInId = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Whether a text shows anything: one made only of invisible characters is as empty as ''. */
function hasVisibleText(text: string): boolean {
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
export function visibleTextWithout(refused: RegExp, what: string, max: number, trim = true) {
  return visibleText(what, max, trim).refine((text) => !refused.test(text), {
    error: `${what} must not contain control characters`,
  });
}

/** An identifier shown to people and used as a key: visible, one line, no control or format character. */
export function identifierSchema(what: string, max: number, trim = true) {
  return visibleTextWithout(controlOrFormatInId, what, max, trim);
}

/**
 * An order id as every service must accept it: the ws-server refuses an `order:update` naming
 * any other, so the webhooks receiver refuses such an event before storing it (an event it
 * acknowledged would otherwise never be published). Not trimmed: the id names the order exactly
 * as it is stored.
 */
export const orderIdSchema = identifierSchema('orderId', 100, false);
