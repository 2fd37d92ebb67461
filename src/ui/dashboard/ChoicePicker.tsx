import { Box, Text } from 'ink';
import type { DashboardChoice } from './dashboard-actions.js';

/** What a key offers, numbered: a digit picks one, Esc (or any other key) cancels. */
export function ChoicePicker({ label, items }: { readonly label: string; readonly items: readonly DashboardChoice[] }) {
  return (
    <Box flexDirection="column">
      <Text>{`${label}: press its number (Esc cancels)`}</Text>
      {items.slice(0, 9).map((item, index) => (
        <Text key={item.id} wrap="truncate-end">
          <Text bold color="cyan">
            {index + 1}
          </Text>
          {`  ${item.id}  `}
          <Text color="gray">{item.label}</Text>
        </Text>
      ))}
    </Box>
  );
}
