import { describe, expect, it } from 'vitest';
import { toPrintable } from './to-printable.js';

describe('toPrintable', () => {
  it("escapes the issue's sequences: clear screen, colour, window title", () => {
    expect(toPrintable('\u001b[2J\u001b[31mhacked')).toBe('\\u001b[2J\\u001b[31mhacked');
    expect(toPrintable('\u001b]0;pwn\u0007')).toBe('\\u001b]0;pwn\\u0007');
  });

  it.each([
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['carriage return that would overwrite the line', 'ok\rFAKE', 'ok\\u000dFAKE'],
    ['backspace and DEL', 'x\b\u007f', 'x\\u0008\\u007f'],
    ['C1 CSI, which some terminals take as ESC [', '\u009b2J', '\\u009b2J'],
    ['bidi override (Trojan Source)', 'abc\u202edef', 'abc\\u202edef'],
    ['zero-width space and BOM', 'ad\u200bmin\ufeff', 'ad\\u200bmin\\ufeff'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['lone surrogate', 'a\ud800b', 'a\\ud800b'],
    ['format character beyond the BMP, as JSON would', '\u{e0001}x', '\\udb40\\udc01x'],
    ['newline and tab, on a one-line output', 'a\nb\tc', 'a\\u000ab\\u0009c'],
  ])('escapes %s', (_name, text, printed) => {
    expect(toPrintable(text)).toBe(printed);
  });

  it('keeps newlines only when asked, and still escapes the rest of the line', () => {
    expect(toPrintable('1 of 2:\n  - "\u001b[2J"', { newlines: true })).toBe('1 of 2:\n  - "\\u001b[2J"');
  });

  it('keeps JSON exact: the escaped output parses back to the same value', () => {
    const value = { text: '\u001b[2J\u009b\u007f\u202e\u2028\u{e0001}\ud800 ok\n', user: '\u001b]0;pwn\u0007' };
    const printed = toPrintable(JSON.stringify(value, null, 2), { newlines: true });
    expect(printed).not.toMatch(/(?!\n)[\p{Cc}\u202e\u2028]/u);
    expect(JSON.parse(printed)).toEqual(value);
  });

  it('leaves visible text alone: accents, CJK, RTL letters, emoji sequences, combining marks', () => {
    for (const text of ['línea ✓', '你好', 'مرحبا', '👩‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿 👍🏽', 'é', 'C:\\path\\u001b'])
      expect(toPrintable(text)).toBe(text);
  });
});
