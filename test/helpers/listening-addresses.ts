import { readFileSync } from 'node:fs';

/**
 * The local addresses on which something listens on a TCP port, read from Linux's /proc (as
 * `ss -ltn` shows them): `127.0.0.1`, `0.0.0.0`, `::`… No traffic is sent to find them.
 */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const [table, decode] of [
    ['/proc/net/tcp', decodeIpv4],
    ['/proc/net/tcp6', decodeIpv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [hexAddress, hexPort] = (local ?? '').split(':');
      if (state === '0A' && hexAddress !== undefined && parseInt(hexPort ?? '', 16) === port)
        found.push(decode(hexAddress));
    }
  }
  return found;
}

/** /proc writes an IPv4 address as one little-endian 32-bit word. */
function decodeIpv4(hex: string): string {
  return [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join('.');
}

/** Only the addresses a test needs to tell apart: any (::), loopback (::1), or "other". */
function decodeIpv6(hex: string): string {
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return `ipv6:${hex}`;
}
