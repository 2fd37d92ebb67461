import { Box, Text } from 'ink';
import type { LogEntry } from '../../log/log-entry.js';
import { formatConsoleLine } from '../../log/format-console-line.js';

/**
 * The newest log lines, as many as the caller fits on the screen (the pane grows up to them),
 * each as the plain terminal prints it: time, service in its colour, level, message.
 */
export function LogPane(props: {
  readonly entries: readonly LogEntry[];
  readonly filter: string;
  readonly color: boolean;
  readonly total: number;
}) {
  const title = props.filter === '' ? 'logs' : `logs matching "${props.filter}"`;
  return (
    <Box flexDirection="column">
      <Text color="gray" wrap="truncate-end">
        {`── ${title} (${props.total} line${props.total === 1 ? '' : 's'} so far) ──`}
      </Text>
      {props.entries.length === 0 ? (
        <Text color="gray">
          {props.filter === '' ? 'no log lines yet' : 'no line matches (l to change the filter)'}
        </Text>
      ) : (
        props.entries.map((entry, index) => (
          <Text key={index} wrap="truncate-end">
            {formatConsoleLine(entry, { color: props.color, serviceWidth: 17 })}
          </Text>
        ))
      )}
    </Box>
  );
}
