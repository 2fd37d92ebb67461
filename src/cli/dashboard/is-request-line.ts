import type { LogEntry } from '../../log/log-entry.js';
import { findLabPart } from '../../services/registry.js';

/** Whether the dashboard counts requests for this service (the registry says which line is one). */
export function countsRequests(service: string): boolean {
  return findLabPart(service)?.isRequestLine !== undefined;
}

export function isRequestLine(entry: LogEntry): boolean {
  return findLabPart(entry.service)?.isRequestLine?.(entry.message) ?? false;
}
