import { describe, expect, it } from 'vitest';
import { formatChildLine } from './format-child-line.js';

describe('formatChildLine', () => {
  it("passes a service's own log line as it is, and prefixes anything else with the time and the service", () => {
    const logged = '12:03:04.567 webhooks-receiver info  Handling order.created event type=order.created';
    expect(formatChildLine('webhooks-receiver', logged, false)).toBe(logged);
    expect(formatChildLine('webhooks-receiver', '    at listen (node:net:1)', false)).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} webhooks-receiver out + {4}at listen \(node:net:1\)$/,
    );
    expect(formatChildLine('ws-server', logged, false)).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ws-server out +12:03:04/);
  });
});
