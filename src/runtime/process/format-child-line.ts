import { formatConsoleLine } from '../../log/format-console-line.js';

/** A line rtlab's console logger wrote (`12:03:04.567 webhooks-receiver info …`): it names its service already. */
const loggedLine = /^\d\d:\d\d:\d\d\.\d{3} (\S+) /;

/**
 * A service process's output line as the supervisor's terminal shows it, prefixed by its
 * service. Its log lines carry their service already and pass as they are; anything else it
 * prints (a stack trace, a `✗` error) is given the same time and service prefix.
 */
export function formatChildLine(service: string, line: string, color: boolean): string {
  if (isLoggedLine(service, line)) return line;
  return formatConsoleLine(
    { timestamp: new Date().toISOString(), level: 'out', service, message: line, meta: {} },
    { color },
  );
}

/** Whether the line is one of the service's log lines (in its log file too), not other output. */
export function isLoggedLine(service: string, line: string): boolean {
  return loggedLine.exec(line)?.[1] === service;
}
