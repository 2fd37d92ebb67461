import { Box, Text } from 'ink';
import type { ServiceRow, ServiceState } from './dashboard-store.js';

const stateColors: Record<ServiceState, string> = {
  starting: 'yellow',
  ready: 'green',
  failed: 'red',
  stopping: 'yellow',
  stopped: 'gray',
  'ran once': 'green',
};

const headers = ['SERVICE', 'URL', 'STATE', 'HEALTH', 'UPTIME', 'REQUESTS'] as const;

/** The lab's parts: where each is, whether it answers its health check now, since when, how busy. */
export function ServicesTable({ rows, now }: { readonly rows: readonly ServiceRow[]; readonly now: number }) {
  const cells = rows.map((row) => [
    row.name,
    row.url ?? '',
    row.state,
    toHealth(row),
    row.readyAt === undefined || row.state !== 'ready' ? '' : toUptime(now - row.readyAt),
    row.requests === undefined ? '—' : String(row.requests),
  ]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const pad = (text: string, column: number) => text.padEnd(widths[column] ?? 0);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {headers.map(pad).join('  ')}
      </Text>
      {rows.map((row, index) => {
        const line = cells[index]!;
        return (
          <Text key={row.name} wrap="truncate-end">
            {pad(line[0]!, 0)}
            {'  '}
            <Text color="gray">{pad(line[1]!, 1)}</Text>
            {'  '}
            <Text color={stateColors[row.state]}>{pad(line[2]!, 2)}</Text>
            {'  '}
            <Text color={row.health === undefined ? 'gray' : row.health.ok ? 'green' : 'red'}>{pad(line[3]!, 3)}</Text>
            {'  '}
            {pad(line[4]!, 4)}
            {'  '}
            {line[5]}
            {toDetail(row) === undefined ? '' : <Text color="red">{`  ${toDetail(row)}`}</Text>}
          </Text>
        );
      })}
    </Box>
  );
}

function toHealth(row: ServiceRow): string {
  if (row.state !== 'ready') return '';
  if (row.health === undefined) return '…';
  return row.health.ok ? 'ok' : 'failing';
}

/** Why a part failed or fails its health check, after the columns (it can be long). */
function toDetail(row: ServiceRow): string | undefined {
  if (row.state === 'ready' && row.health?.ok === false) return row.health.detail;
  return row.detail;
}

/** `42s`, `3m 05s`, `2h 07m`: as precise as a glance needs. */
export function toUptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${two(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${two(Math.floor(seconds / 60) % 60)}m`;
}
