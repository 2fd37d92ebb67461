import type { LogEntry } from '../../log/log-entry.js';

/**
 * The log line each service writes once per request it handles: what the dashboard's REQUESTS
 * column counts (the services write no access log). A service not listed (the gRPC bridge, the
 * ws-client's static files, MongoDB) logs no such line: its column shows "—".
 */
const requestLines: Readonly<Record<string, (message: string) => boolean>> = {
  // One per webhook the receiver accepted and handled (or had no handler for).
  'webhooks-receiver': (message) => /^Handling .+ event$/.test(message) || message.startsWith('No handler for '),
  // One per webhook the sender delivered.
  'webhooks-sender': (message) => message === 'Webhook delivered',
  // One per call, whatever ended it (health checks left out).
  'grpc-server': (message) => message === 'gRPC call',
  // One per chat message broadcast and per order update pushed to /notifications.
  'ws-server': (message) => message === 'Chat message broadcasted' || message === 'order:update',
};

export function countsRequests(service: string): boolean {
  return service in requestLines;
}

export function isRequestLine(entry: LogEntry): boolean {
  return requestLines[entry.service]?.(entry.message) ?? false;
}
