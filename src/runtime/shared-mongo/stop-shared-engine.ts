import { setTimeout as sleep } from 'node:timers/promises';
import { isEngineProcess, readLiveEngineRecord, releaseEngineRecord, type EngineRecord } from './engine-record.js';

export type StopSharedEngineResult =
  { readonly stopped: false } | { readonly stopped: true; readonly record: EngineRecord; readonly forced: boolean };

/**
 * Stops the lab's shared engine: SIGTERM lets it finish in-flight writes and flush its journal;
 * only one that has not exited after `graceMs` is killed (what it acknowledged is journaled, so
 * nothing acknowledged is lost either way).
 */
export async function stopSharedEngine(home: string, graceMs = 10_000): Promise<StopSharedEngineResult> {
  const record = readLiveEngineRecord(home);
  if (record === undefined) return { stopped: false };
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isEngineProcess(record.pid) && Date.now() < deadline) await sleep(50);
  const forced = isEngineProcess(record.pid);
  if (forced) {
    process.kill(record.pid, 'SIGKILL');
    for (let i = 0; i < 100 && isEngineProcess(record.pid); i++) await sleep(20);
  }
  releaseEngineRecord(home, record.pid);
  return { stopped: true, record, forced };
}
