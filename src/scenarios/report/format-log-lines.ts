import { formatConsoleLine } from '../../log/format-console-line.js';
import { parseLogLine } from '../../log/log-entry.js';

const maxLineChars = 300;

/**
 * A failed step's last log lines as a person reads them — time, service, level, message, the
 * key fields — instead of the JSON the files hold. A line that is not rtlab's JSON is shown as
 * it was written.
 */
export function toReadableLogLines(service: string, lines: readonly string[], color = false): string[] {
  return lines.map((line) => {
    const readable = formatConsoleLine(parseLogLine(line, service), { color });
    return readable.length > maxLineChars ? `${readable.slice(0, maxLineChars)}…` : readable;
  });
}
