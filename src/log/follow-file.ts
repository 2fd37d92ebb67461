import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FollowFileOptions {
  readonly signal: AbortSignal;
  /** Poll this often for new lines, rotation and truncation. */
  readonly intervalMs?: number;
}

export type FollowItem = { readonly type: 'line'; readonly line: string } | { readonly type: 'caught-up' };

/**
 * Yields the lines of a file from its start (then one `caught-up` item), then, as they are appended, forever (until the
 * signal aborts). Survives rotation (the name now points at a new file: the old one is read to
 * its end first, then the new one from its start), truncation (read again from the start) and
 * a file that does not exist yet.
 */
export async function* followFile(file: string, options: FollowFileOptions): AsyncGenerator<FollowItem> {
  const intervalMs = options.intervalMs ?? 150;
  let current: OpenFile | undefined;
  let caughtUp = false;
  try {
    while (!options.signal.aborted) {
      current ??= await openIfExists(file);
      if (current !== undefined) {
        yield* asItems(current.readNewLines());
        const now = await statIfExists(file);
        if (now === undefined || now.ino !== current.ino) {
          // Rotated or removed. The file now at the name is opened first: should the writer
          // rotate again while the older ones are read, this handle still reads it whole.
          const next = now === undefined ? undefined : await openIfExists(file);
          // The old file may have gained lines since the read above, and the writer may have
          // rotated more than once since the last poll: the files between come next, in order.
          yield* asItems(current.readNewLines());
          yield* asItems(current.rest());
          for (const rotated of await findRotatedSince(file, current.ino)) {
            if (next !== undefined && (await statIfExists(rotated))?.ino === next.ino) break;
            yield* asItems(readFileLines(rotated));
          }
          await current.close();
          current = next;
          if (now !== undefined) continue;
        } else if (now.size < current.position) {
          current.restart();
          continue;
        }
      }
      if (!caughtUp) {
        caughtUp = true;
        yield { type: 'caught-up' };
      }
      try {
        await sleep(intervalMs, undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
  } finally {
    await current?.close();
  }
}

async function* asItems(lines: AsyncIterable<string>): AsyncGenerator<FollowItem> {
  for await (const line of lines) yield { type: 'line', line };
}

/** Yields every line of a file once; an unfinished last line is included. */
export async function* readFileLines(file: string): AsyncGenerator<string> {
  const opened = await openIfExists(file);
  if (opened === undefined) return;
  try {
    yield* opened.readNewLines();
    yield* opened.rest();
  } finally {
    await opened.close();
  }
}

class OpenFile {
  position = 0;
  private partial = '';
  // A chunk may end inside a multi-byte character: the decoder carries it over.
  private decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.alloc(64 * 1024);

  constructor(
    private readonly handle: FileHandle,
    readonly ino: number,
  ) {}

  async *readNewLines(): AsyncGenerator<string> {
    for (;;) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      const lines = (this.partial + this.decoder.write(this.buffer.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') yield line;
    }
  }

  /** The unfinished last line, once the file will grow no more. */
  async *rest(): AsyncGenerator<string> {
    if (this.partial !== '') yield this.partial;
    this.partial = '';
  }

  restart(): void {
    this.position = 0;
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

const maxRotations = 9;

/**
 * The files rotated after the one with inode `ino`, oldest first: with `x.log` → `x.log.1`
 * renames, if ours is now `x.log.3`, then `x.log.2` and `x.log.1` came after it.
 */
async function findRotatedSince(file: string, ino: number): Promise<string[]> {
  for (let index = 1; index <= maxRotations; index++) {
    const rotated = await statIfExists(`${file}.${index}`);
    if (rotated?.ino === ino) {
      return Array.from({ length: index - 1 }, (_, i) => `${file}.${index - 1 - i}`);
    }
  }
  return [];
}

async function openIfExists(file: string): Promise<OpenFile | undefined> {
  try {
    const handle = await open(file, 'r');
    return new OpenFile(handle, (await handle.stat()).ino);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function statIfExists(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
