import { Box, Text } from 'ink';
import type { DashboardAction } from './dashboard-actions.js';

/** One line of keys; `?` expands it to a line per key. */
export function KeyHelp({
  actions,
  expanded,
}: {
  readonly actions: readonly DashboardAction[];
  readonly expanded: boolean;
}) {
  const keys = [
    ...actions.map((action) => [action.key, action.label] as const),
    ['l', 'filter the logs by service or text (Esc clears)'] as const,
    ['q', 'stop the lab and quit (as Ctrl-C)'] as const,
    ['?', expanded ? 'hide this help' : 'help'] as const,
  ];
  if (!expanded)
    return (
      <Text color="gray" wrap="truncate-end">
        {keys.map(([key, label]) => `${key} ${label.split(' (')[0]}`).join(' · ')}
      </Text>
    );
  return (
    <Box flexDirection="column">
      {keys.map(([key, label]) => (
        <Text key={key}>
          <Text bold color="cyan">
            {key}
          </Text>
          {`  ${label}`}
        </Text>
      ))}
    </Box>
  );
}
