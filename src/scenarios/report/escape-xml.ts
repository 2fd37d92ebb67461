/** XML (and XHTML) text and attribute escaping; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // XML 1.0's Char: tab, newline, carriage return, and the planes without surrogates and U+FFFE/U+FFFF.
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
