import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileMagic, frameEndMarkBytes, frameHeaderBytes } from '../../src/mongo/lite/persistence/journal-format.js';

/** Every file of a data directory and its bytes: proof that a refused start changed nothing. */
export function readDir(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

/** The data directory's (first) journal file. */
export function journalOf(dir: string): string {
  return path.join(
    dir,
    readdirSync(dir).find((name) => /^journal-\d{6}\.log$/.test(name))!,
  );
}

/** Where each record's frame starts in a journal the engine wrote: after the magic, frame after frame. */
export function frameStarts(bytes: Buffer): number[] {
  const starts: number[] = [];
  let offset = fileMagic.length;
  while (offset + frameHeaderBytes <= bytes.length) {
    starts.push(offset);
    offset += frameHeaderBytes + bytes.readUInt32LE(offset) + frameEndMarkBytes;
  }
  return starts;
}

/** A logger that keeps the warnings: what start-up says it cut or repaired. */
export function collectLogger() {
  const warnings: Array<{ message: string; meta: Record<string, unknown> }> = [];
  return {
    warnings,
    logger: {
      error: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      warn: (message: string, meta?: Record<string, unknown>) => void warnings.push({ message, meta: meta ?? {} }),
    },
  };
}
