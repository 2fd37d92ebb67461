const tokenKey = 'rtlab.apiToken';

/**
 * When the lab is open to the network, the page is opened with the `?token=` that `rtlab serve
 * ws-client` prints: it is kept for this tab (so a reload still works) and taken out of the
 * address bar (so it is not shared by copying the URL).
 */
export function keepApiTokenFromAddress(): void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return;
  sessionStorage.setItem(tokenKey, fromUrl);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url);
}

/** The headers that present the kept token to this page's server (none on loopback, where none is given). */
export function toApiTokenHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(tokenKey);
  return token === null ? {} : { authorization: `Bearer ${token}` };
}
