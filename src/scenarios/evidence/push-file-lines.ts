import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface PushFileLinesOptions {
  readonly signal: AbortSignal;
  /** Each complete line, in order, as soon as it is read. */
  readonly onLine: (line: string) => void;
  /**
   * A read this often whatever the watcher says: fs.watch misses changes on some file systems
   * (network mounts, some container bind mounts), and a rotated file is noticed here too.
   */
  readonly fallbackIntervalMs?: number;
}

/**
 * Hands on the lines of a file as they are appended: from its start, then at each change the
 * kernel reports for it (fs.watch on its folder, so a file that does not exist yet, or is
 * replaced by a rotation, is still seen), reading only what was appended. Resolves once the
 * lines already there have been handed on. A rotated file is read to its end before the new one.
 */
export async function pushFileLines(file: string, options: PushFileLinesOptions): Promise<void> {
  const reader = new AppendedReader(file, options.onLine);
  let running: Promise<void> | undefined;
  let again = false;
  // Reads one after another; changes reported during a read start one more read after it.
  const drain = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await reader.readAppended().catch(() => undefined);
      } while (again && !options.signal.aborted);
      running = undefined;
    })();
    return running;
  };
  // One listener on the caller's signal, which every followed file shares: the watcher's own
  // and the clean-up below would make two each, and Node warns of a leak past ten.
  const ending = new AbortController();
  options.signal.addEventListener('abort', () => ending.abort(), { once: true });
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path.dirname(file), { signal: ending.signal }, (_event, name) => {
      if (name === null || name.startsWith(path.basename(file))) void drain();
    });
    watcher.on('error', () => undefined);
  } catch {
    // No folder yet, or no watcher here: the fallback reads still come.
  }
  const timer = setInterval(() => void drain(), options.fallbackIntervalMs ?? 500);
  timer.unref();
  ending.signal.addEventListener(
    'abort',
    () => {
      clearInterval(timer);
      watcher?.close();
      void reader.close();
    },
    { once: true },
  );
  await drain();
}

class AppendedReader {
  private handle: FileHandle | undefined;
  private ino = -1;
  private position = 0;
  private partial = '';
  // A chunk may end inside a multi-byte character: the decoder carries it over.
  private decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.alloc(64 * 1024);

  constructor(
    private readonly file: string,
    private readonly onLine: (line: string) => void,
  ) {}

  async readAppended(): Promise<void> {
    if (this.handle === undefined && !(await this.reopen())) return;
    await this.readToEnd();
    const now = await stat(this.file).catch(() => undefined);
    if (now === undefined) return;
    if (now.ino !== this.ino) {
      // Rotated: the old file's last lines first, then the new one from its start.
      await this.readToEnd();
      if (this.partial !== '') this.onLine(this.partial);
      await this.close();
      if (await this.reopen()) await this.readToEnd();
    } else if (now.size < this.position) {
      // Truncated: read again from the start.
      this.position = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
      await this.readToEnd();
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async reopen(): Promise<boolean> {
    try {
      this.handle = await open(this.file, 'r');
      this.ino = (await this.handle.stat()).ino;
      this.position = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
      return true;
    } catch {
      return false;
    }
  }

  private async readToEnd(): Promise<void> {
    for (;;) {
      const handle = this.handle;
      if (handle === undefined) return;
      const { bytesRead } = await handle.read(this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      const lines = (this.partial + this.decoder.write(this.buffer.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') this.onLine(line);
    }
  }
}
