/** What the ws-client service tells the page at /config.json: where the ws-server is and the token. */
export interface DashboardConfig {
  readonly wsServerUrl: string;
  /** The lab's webhooks sender, for the "try curl …/send" hint (absent from an older server). */
  readonly senderUrl?: string;
  readonly token: string;
}

const tokenKey = 'rtlab.apiToken';

/**
 * Reads /config.json. When the lab is open to the network, the page is opened with the
 * `?token=` that `rtlab serve ws-client` prints: it is kept for this tab (so a reload still
 * works), taken out of the address bar (so it is not shared by copying the URL), and sent as a
 * Bearer header.
 */
export async function fetchDashboardConfig(): Promise<DashboardConfig> {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
  }
  const token = sessionStorage.getItem(tokenKey);
  const response = await fetch('/config.json', token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401)
    throw new Error(
      '/config.json answered 401: open the dashboard with the ?token= URL that rtlab serve ws-client printed',
    );
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as DashboardConfig;
}
