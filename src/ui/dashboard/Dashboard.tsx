import { Box, Text, useInput, useStdout } from 'ink';
import { useRef, useState } from 'react';
import type { DashboardAction, DashboardChoice, DashboardControls } from './dashboard-actions.js';
import type { DashboardStore } from './dashboard-store.js';
import { KeyHelp } from './KeyHelp.js';
import { LogPane } from './LogPane.js';
import { ChoicePicker } from './ChoicePicker.js';
import { matchesLogText } from './matches-log-text.js';
import { ServicesTable } from './ServicesTable.js';
import { useStoreFrame } from './use-store-frame.js';

export interface DashboardProps {
  readonly store: DashboardStore;
  readonly controls: DashboardControls;
  readonly color: boolean;
  /** The redraw pace: 100 ms is 10 frames a second at most. */
  readonly frameMs?: number;
  readonly now?: () => number;
}

const noticeColors = { info: 'yellow', ok: 'green', error: 'red' } as const;

/**
 * `rtlab up` on a terminal: the start's progress lines, then the services table, the newest log
 * lines (filtered with `l`) and the keys that drive the lab.
 */
export function Dashboard({ store, controls, color, frameMs = 100, now = Date.now }: DashboardProps) {
  useStoreFrame(store, frameMs, now);
  const { stdout } = useStdout();
  // Keys can come faster than renders (a paste, a test): each reads the state the one before left, not a render's.
  const [filter, setFilter] = useLatest('');
  const [draft, setDraft] = useLatest<string | undefined>(undefined);
  // A key that offers choices (`r`) waits here for a digit.
  const [picking, setPicking] = useLatest<Picking | undefined>(undefined);
  const [help, setHelp] = useState(false);
  const running = useRef(new Set<string>());
  const quitting = useRef(false);

  useInput((input, key) => {
    const typing = draft.current;
    // Ctrl-C stops the lab even while a filter is being typed; q there is a letter of it.
    if ((key.ctrl && input === 'c') || (input === 'q' && typing === undefined)) {
      if (quitting.current) return;
      quitting.current = true;
      store.notice('info', 'Stopping the lab…');
      controls.quit();
      return;
    }
    if (typing !== undefined) {
      // A paste arrives as one chunk, its Enter included.
      if (key.return || input.endsWith('\r')) {
        setFilter((typing + input.replace(/\r$/, '')).trim());
        setDraft(undefined);
      } else if (key.escape) setDraft(undefined);
      else if (key.backspace || key.delete) setDraft(typing.slice(0, -1));
      else if (!key.ctrl && !key.meta) setDraft(typing + input);
      return;
    }
    const offered = picking.current;
    if (offered !== undefined) {
      setPicking(undefined);
      const choice = /^[1-9]$/.test(input) ? offered.items[Number(input) - 1] : undefined;
      if (choice !== undefined) start(offered.action, choice);
      else if (!key.escape)
        store.notice(
          'info',
          `Nothing picked (${offered.items.length === 1 ? '1' : `1 to ${offered.items.length}`} picks one).`,
        );
      return;
    }
    if (input === '?') return setHelp((shown) => !shown);
    if (input === 'l') return setDraft(filter.current);
    if (key.escape) return setFilter('');
    const action = controls.actions.find((candidate) => candidate.key === input);
    if (action === undefined) return;
    if (running.current.has(action.key)) return store.notice('info', `${action.running} (still running)`);
    if (action.choices === undefined) return start(action);
    void action.choices().then(
      ({ items, none }) => (items.length === 0 ? store.notice('error', none) : setPicking({ action, items })),
      (error: unknown) => store.notice('error', describe(error)),
    );
  });

  /** Runs in the background: the keys keep answering while it goes on. */
  function start(action: DashboardAction, choice?: DashboardChoice) {
    running.current.add(action.key);
    store.notice('info', choice === undefined ? action.running : `${action.running} ${choice.id}`);
    void action
      .run(choice)
      .then(
        (outcome) => store.notice(outcome.ok ? 'ok' : 'error', outcome.text),
        (error: unknown) => store.notice('error', describe(error)),
      )
      .finally(() => running.current.delete(action.key));
  }

  const rows = store.services;
  const starting = rows.length === 0 || rows.some((row) => row.state === 'starting');
  const notices = store.notices.latest(3);
  const pickerLines = picking.current === undefined ? 0 : Math.min(9, picking.current.items.length);
  const fixedLines =
    (starting ? store.progressLines.length : rows.length + 1) + notices.length + 4 + (help ? 8 : 0) + pickerLines;
  const height = Math.max(3, (stdout.rows ?? 24) - fixedLines);
  const entries = store.logs.latest(height, (entry) => matchesLogText(entry, filter.current));
  return (
    <Box flexDirection="column">
      {starting ? (
        store.progressLines.map((line, index) => <Text key={index}>{line}</Text>)
      ) : (
        <ServicesTable rows={rows} now={now()} />
      )}
      <LogPane entries={entries} filter={filter.current} color={color} total={store.logs.total} />
      {notices.map((notice, index) => (
        <Text key={index} color={noticeColors[notice.tone]} wrap="truncate-end">
          {notice.text}
        </Text>
      ))}
      {picking.current !== undefined ? (
        <ChoicePicker label={picking.current.action.label} items={picking.current.items} />
      ) : draft.current === undefined ? (
        <KeyHelp actions={controls.actions} expanded={help} />
      ) : (
        <Text>
          filter logs (service or text, Enter applies, Esc cancels): <Text color="cyan">{draft.current}</Text>
          <Text inverse> </Text>
        </Text>
      )}
    </Box>
  );
}

interface Picking {
  readonly action: DashboardAction;
  readonly items: readonly DashboardChoice[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A value kept in a ref (read at once by the next key) whose every change also redraws. */
function useLatest<T>(initial: T): [{ readonly current: T }, (value: T) => void] {
  const ref = useRef(initial);
  const [, redraw] = useState(0);
  return [
    ref,
    (value) => {
      ref.current = value;
      redraw((count) => count + 1);
    },
  ];
}
