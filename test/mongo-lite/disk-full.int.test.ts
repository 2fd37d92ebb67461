import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { killHard, useChildEngines } from './serve-in-child.js';

const prlimit = requireTool({
  command: 'prlimit',
  args: ['--version'],
  why: 'prlimit (to give the disk space back to a running server)',
  install: 'apt-get install util-linux',
});

/**
 * A full disk, made real with RLIMIT_FSIZE (`ulimit -f`): the kernel refuses to grow the journal
 * past the limit with EFBIG, as a full disk refuses with ENOSPC. Raising the limit of the running
 * process (prlimit) is the space coming back.
 */
describe.skipIf(!prlimit.available)('embedded MongoDB: a full disk', () => {
  const tempDir = useTempDir();
  const engines = useChildEngines();
  const serve = async (cwd: string, dbPath: string, fileSizeLimitKiB?: number) => {
    const served = await engines.serve(cwd, dbPath, fileSizeLimitKiB === undefined ? {} : { fileSizeLimitKiB });
    const client = await engines.connect(served.uri);
    return { served, orders: client.db('lab').collection<{ _id: number | string; pad: string }>('orders') };
  };

  it('refuses writes with OutOfDiskSpace, keeps serving reads, writes again once space returns, and loses nothing acknowledged', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    const { served, orders } = await serve(cwd, dbPath, 256);
    const acknowledged: Array<number | string> = [];
    let refused: { id: number; error: unknown } | undefined;
    for (let id = 0; id < 200 && refused === undefined; id++) {
      try {
        await orders.insertOne({ _id: id, pad: 'x'.repeat(8 * 1024) });
        acknowledged.push(id);
      } catch (error) {
        refused = { id, error };
      }
    }
    expect(refused?.error).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' });
    expect(acknowledged.length).toBeGreaterThan(10);
    // What the client was told failed is not there; everything else is read as before.
    expect(await orders.findOne({ _id: refused!.id })).toBeNull();
    expect(await orders.countDocuments()).toBe(acknowledged.length);
    // Another instance of the class: a j:true update on a full disk fails and changes nothing.
    await expect(
      orders.updateOne({ _id: 0 }, { $set: { pad: 'y'.repeat(8 * 1024) } }, { writeConcern: { j: true } }),
    ).rejects.toMatchObject({ code: 14031 });
    expect((await orders.findOne({ _id: 0 }))?.pad.startsWith('x')).toBe(true);

    expect(spawnSync('prlimit', ['--pid', String(served.child.pid), '--fsize=unlimited:']).status).toBe(0);
    await orders.insertOne({ _id: 'after', pad: 'z' }, { writeConcern: { j: true } });
    acknowledged.push('after');
    await orders.updateOne({ _id: 0 }, { $set: { pad: 'y' } }, { writeConcern: { j: true } });

    await killHard(served.child);
    const restarted = await serve(cwd, dbPath);
    expect((await restarted.orders.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id)).toEqual(
      acknowledged,
    );
    expect(await restarted.orders.findOne({ _id: 0 })).toEqual({ _id: 0, pad: 'y' });
  });
});
