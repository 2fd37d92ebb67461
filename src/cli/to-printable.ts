/**
 * Code points a terminal acts on or hides rather than shows: control characters (C0 with ESC and
 * NUL, DEL, C1 with its one-byte CSI U+009B), line and paragraph separators, lone surrogates, and
 * format characters (bidi overrides that reorder the rest of the line, zero-width spaces, soft
 * hyphens). ESC alone is enough for text from a chat message or a webhook to clear the screen,
 * set the window title or forge an earlier line.
 */
const unprintable = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cf}]/gu;

/** Format characters that emoji need (ZWNJ, ZWJ in 👩‍💻, the tags of 🏴 region flags): drawn as part of a visible glyph. */
function isPartOfEmoji(code: number): boolean {
  return code === 0x200c || code === 0x200d || (code >= 0xe0020 && code <= 0xe007f);
}

export interface PrintableOptions {
  /** Keep `\n` as a line break, where the output means one (a multi-line error message). */
  readonly newlines?: boolean;
}

/**
 * `text` as it can go to a terminal: every unprintable code point shown as its escape (`\u001b`),
 * the rest unchanged. Also fit for `--json` output (with `newlines`): JSON.stringify escapes C0
 * but writes DEL, C1 and bidi overrides raw, and the escapes added here parse back to the same
 * value, so the JSON stays exact (see printableJson). A backslash is not doubled, so a text
 * that spells `\u001b` looks like one that holds ESC: harmless, and paths stay readable.
 */
export function toPrintable(text: string, options: PrintableOptions = {}): string {
  return text.replace(unprintable, (char) => {
    if (char === '\n' && options.newlines === true) return char;
    if (isPartOfEmoji(char.codePointAt(0) ?? 0)) return char;
    // One \uXXXX per UTF-16 unit, as JSON writes them: the same escapes are valid inside JSON strings.
    return Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(
      '',
    );
  });
}

/** `JSON.stringify(value, null, indent)` with nothing a terminal would act on; parses back to the same value. */
export function printableJson(value: unknown, indent?: number): string {
  return toPrintable(JSON.stringify(value, null, indent), { newlines: true });
}
