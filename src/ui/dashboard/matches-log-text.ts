import type { LogEntry } from '../../log/log-entry.js';
/** Whether a line matches the `l` filter: its service's name, or the text of its message or metadata. */
export function matchesLogText(entry: LogEntry, filter: string): boolean {
  if (filter === '') return true;
  const wanted = filter.toLowerCase();
  if (entry.service.toLowerCase().includes(wanted) || entry.message.toLowerCase().includes(wanted)) return true;
  return Object.keys(entry.meta).length > 0 && JSON.stringify(entry.meta).toLowerCase().includes(wanted);
}
