import { Box, Static, Text } from 'ink';
import { useEffect, useState } from 'react';
import { toPrintable } from '../../cli/to-printable.js';
import type { FinishedLine, ScenarioRunStore } from './scenario-run-store.js';

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const frameMs = 100;

const colors: Record<FinishedLine['tone'], string | undefined> = {
  heading: 'cyan',
  passed: 'green',
  failed: 'red',
  skipped: 'gray',
};

export interface ScenarioRunViewProps {
  readonly store: ScenarioRunStore;
  readonly title: (step: NonNullable<ScenarioRunStore['running']>['step']) => string;
  readonly now?: () => number;
}

/**
 * The pretty reporter, as a test runner reads: the finished steps stay above (✓ or ✗ with their
 * duration, a failure's details under it), the running one spins below with its clock.
 */
export function ScenarioRunView({ store, title, now = () => performance.now() }: ScenarioRunViewProps) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((value) => value + 1), frameMs);
    return () => clearInterval(timer);
  }, []);
  const running = store.running;
  return (
    <Box flexDirection="column">
      <Static items={[...store.finished]}>
        {(line) => (
          <Box key={line.key} marginTop={line.tone === 'heading' ? 1 : 0}>
            <Text color={colors[line.tone]}>{toPrintable(line.text, { newlines: true })}</Text>
          </Box>
        )}
      </Static>
      {running === undefined ? null : (
        <Text>
          {'  '}
          <Text color="yellow">{spinner[tick % spinner.length]}</Text> {running.step.id}{' '}
          {toPrintable(title(running.step))} <Text dimColor>({((now() - running.sinceMs) / 1000).toFixed(1)} s)</Text>
        </Text>
      )}
    </Box>
  );
}
