/** What the ws-client service tells the page at /config.json: where the ws-server is and the token. */
export interface DashboardConfig {
  readonly wsServerUrl: string;
  readonly token: string;
}

export async function fetchDashboardConfig(): Promise<DashboardConfig> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as DashboardConfig;
}
