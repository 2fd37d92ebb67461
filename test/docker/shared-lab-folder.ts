import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopRecordedLab } from '../../src/runtime/lab-state/stop-recorded-lab.js';
import { labParts } from '../../src/services/registry.js';
import { freePort } from '../helpers/free-port.js';
import type { LabFolder } from '../up/lab-folder.js';

/**
 * A lab folder (free ports for every part) that several tests of a file share: one docker lab
 * for the file instead of one per test. `close` stops whatever it left running (the lab, its
 * containers, with their volume) and removes the folder; call it from afterAll.
 */
export async function createSharedLabFolder(): Promise<LabFolder & { close(): Promise<void> }> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'rtlab-docker-'));
  const env: Record<string, string> = { LOG_LEVEL: 'info' };
  for (const part of labParts) env[part.portSetting] = String(await freePort());
  const home = path.join(cwd, '.rtlab');
  return {
    cwd,
    home,
    env,
    ports: labParts.map((part) => Number(env[part.portSetting])),
    close: async () => {
      await stopRecordedLab(home, 10_000, { volumes: true });
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
