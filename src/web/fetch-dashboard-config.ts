import { keepApiTokenFromAddress, toApiTokenHeaders } from './api-token.js';

/** What the ws-client service tells the page at /config.json: where the ws-server is and the token. */
export interface DashboardConfig {
  readonly wsServerUrl: string;
  /** The lab's webhooks sender, for the "try curl …/send" hint (absent from an older server). */
  readonly senderUrl?: string;
  /** Where this server passes the gRPC bridge's /orders through (absent: no Orders panel). */
  readonly ordersUrl?: string;
  readonly token: string;
}

/**
 * Reads /config.json, presenting the `?token=` the page was opened with (see api-token.ts) as a
 * Bearer header when the lab is open to the network.
 */
export async function fetchDashboardConfig(): Promise<DashboardConfig> {
  keepApiTokenFromAddress();
  const response = await fetch('/config.json', { headers: toApiTokenHeaders() });
  if (response.status === 401)
    throw new Error(
      '/config.json answered 401: open the dashboard with the ?token= URL that rtlab serve ws-client printed',
    );
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as DashboardConfig;
}
