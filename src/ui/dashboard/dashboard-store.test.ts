import { describe, expect, it } from 'vitest';
import { DashboardStore } from './dashboard-store.js';

describe('DashboardStore', () => {
  it('forgets why a service failed once it is ready again (a crashed child restarted)', () => {
    const store = new DashboardStore({ countsRequests: () => true });
    const url = 'http://127.0.0.1:3001';
    store.applyProgress({ type: 'ready', service: 'webhooks-receiver', url, elapsedMs: 5 });
    store.applyProgress({
      type: 'failed',
      service: 'webhooks-receiver',
      reason: 'was killed by SIGKILL; restarting in 0.5 s',
    });
    expect(store.services[0]).toMatchObject({ state: 'failed', detail: 'was killed by SIGKILL; restarting in 0.5 s' });
    store.applyProgress({ type: 'starting', service: 'webhooks-receiver' });
    store.applyProgress({ type: 'ready', service: 'webhooks-receiver', url, elapsedMs: 7 });
    expect(store.services[0]).toMatchObject({ state: 'ready' });
    expect(store.services[0]?.detail).toBeUndefined();
  });
});
