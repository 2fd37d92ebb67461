import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchDashboardConfig } from './fetch-dashboard-config.js';

/**
 * The browser around the page, as small as fetchDashboardConfig needs: the address bar, the
 * tab's sessionStorage, and a server that answers /config.json only with the right Bearer token
 * (as the ws-client service does with HOST open; the service itself is tested end to end).
 */
function browserAt(href: string, serverToken: string | undefined) {
  const location = { href };
  const storage = new Map<string, string>();
  const requests: Array<{ url: string; authorization: string | undefined }> = [];
  vi.stubGlobal('window', {
    location,
    history: { replaceState: (_state: unknown, _title: string, url: URL) => void (location.href = url.toString()) },
  });
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
  });
  vi.stubGlobal('fetch', async (url: string, init: { headers?: Record<string, string> } = {}) => {
    const authorization = init.headers?.['authorization'];
    requests.push({ url, authorization });
    const allowed = serverToken === undefined || authorization === `Bearer ${serverToken}`;
    return new Response(
      allowed
        ? JSON.stringify({ wsServerUrl: 'http://127.0.0.1:3003', token: 'ws-token' })
        : '{"error":"unauthorized"}',
      { status: allowed ? 200 : 401 },
    );
  });
  return { location, requests };
}

describe('fetchDashboardConfig', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('on loopback, reads /config.json with no token', async () => {
    const browser = browserAt('http://127.0.0.1:5173/', undefined);
    await expect(fetchDashboardConfig()).resolves.toEqual({ wsServerUrl: 'http://127.0.0.1:3003', token: 'ws-token' });
    expect(browser.requests).toEqual([{ url: '/config.json', authorization: undefined }]);
  });

  it('with HOST open, presents the ?token= of the printed URL as a Bearer header, takes it out of the address bar, and keeps it for a reload', async () => {
    const browser = browserAt('http://127.0.0.1:5173/?token=api-token-0123456789&tab=chat', 'api-token-0123456789');
    await expect(fetchDashboardConfig()).resolves.toMatchObject({ token: 'ws-token' });
    expect(browser.location.href).toBe('http://127.0.0.1:5173/?tab=chat');
    await expect(fetchDashboardConfig()).resolves.toMatchObject({ token: 'ws-token' });
    expect(browser.requests.map((request) => request.authorization)).toEqual([
      'Bearer api-token-0123456789',
      'Bearer api-token-0123456789',
    ]);
  });

  it('opened without the token, says which URL to open', async () => {
    browserAt('http://127.0.0.1:5173/', 'api-token-0123456789');
    await expect(fetchDashboardConfig()).rejects.toThrow(
      '/config.json answered 401: open the dashboard with the ?token= URL that rtlab serve ws-client printed',
    );
  });
});
