/** The keyboard of a terminal, one key at a time. */
export interface TerminalKeys {
  /** The next key pressed (`\r` for Enter, `\u0003` for Ctrl-C); `\u0004` once the keyboard closes. */
  readKey(): Promise<string>;
  /** Gives the terminal back as it was (line mode). Idempotent. */
  close(): void;
}

/**
 * Reads keys from a terminal in raw mode, so that Enter, `h` and `q` act at once. Ctrl-C arrives
 * as a key in raw mode: at a pause it is handed on as `\u0003` (the guided mode stops on it),
 * during a step it is turned back into the SIGINT it would have been.
 */
export function readTerminalKeys(stdin: NodeJS.ReadStream): TerminalKeys {
  const queued: string[] = [];
  let waiting: ((key: string) => void) | undefined;
  let ended = false;
  const deliver = (key: string) => {
    if (waiting === undefined) return void queued.push(key);
    const resolve = waiting;
    waiting = undefined;
    resolve(key);
  };
  const onData = (chunk: Buffer | string) => {
    // An escape sequence (an arrow key) is one key; anything else is a key per character.
    const text = chunk.toString();
    if (text.startsWith('\u001b[')) return;
    for (const key of text) {
      // Ctrl-C while a step runs (no key awaited) interrupts the run, as it does without --step.
      if (key === '\u0003' && waiting === undefined) process.kill(process.pid, 'SIGINT');
      else deliver(key);
    }
  };
  const onEnd = () => {
    ended = true;
    deliver('\u0004');
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.resume();
  let closed = false;
  return {
    readKey: () => {
      const key = queued.shift();
      if (key !== undefined) return Promise.resolve(key);
      if (ended) return Promise.resolve('\u0004');
      return new Promise((resolve) => (waiting = resolve));
    },
    close() {
      if (closed) return;
      closed = true;
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode(false);
      stdin.pause();
    },
  };
}
