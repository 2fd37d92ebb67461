import { expect, it } from 'vitest';
import type { LogEntry } from '../../log/log-entry.js';
import { countsRequests, isRequestLine } from './is-request-line.js';

const line = (service: string, message: string): LogEntry => ({
  timestamp: '2026-11-30T00:00:00.000Z',
  level: 'info',
  service,
  message,
  meta: {},
});

it("counts each service's one line per request, as the registry describes it", () => {
  expect(isRequestLine(line('webhooks-receiver', 'Handling order.created event'))).toBe(true);
  expect(isRequestLine(line('webhooks-receiver', 'Webhook receiver listening on port 3001'))).toBe(false);
  expect(isRequestLine(line('webhooks-sender', 'Webhook delivered'))).toBe(true);
  expect(isRequestLine(line('grpc-server', 'gRPC call'))).toBe(true);
  expect(isRequestLine(line('ws-server', 'order:update'))).toBe(true);
  expect(isRequestLine(line('mongo', 'gRPC call'))).toBe(false);
  expect([
    ...['webhooks-receiver', 'grpc-server', 'ws-server'].map(countsRequests),
    countsRequests('grpc-bridge'),
  ]).toEqual([true, true, true, false]);
});
