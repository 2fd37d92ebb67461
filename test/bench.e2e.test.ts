import { describe, expect, it } from 'vitest';
import { runRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

describe('rtlab bench', () => {
  const tempDir = useTempDir();

  it('measures every workload against the ceiling of the same run and checks the targets', async () => {
    const run = await runRtlab(['bench', 'mongo', '--duration', '1600ms', '--documents', '2000', '--json'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { documents: number; rows: Array<{ workload: string; ratio: number; measured: { operations: number }; baseline: { operations: number } }>; targets: Array<{ name: string; met: boolean }> };
    expect(result.documents).toBe(2000);
    expect(result.rows.map((row) => row.workload)).toEqual(['insertOne', 'findOne by _id', 'find by indexed field', 'updateOne by _id']);
    for (const row of result.rows) {
      expect(row.measured.operations).toBeGreaterThan(0);
      expect(row.baseline.operations).toBeGreaterThan(0);
      expect(row.ratio).toBeGreaterThan(0);
    }
    expect(result.targets.map((target) => target.name)).toEqual(['insertOne ≥ 0.85 × ceiling', 'findOne by _id ≥ 0.85 × ceiling', 'indexed find on 2,000 documents, p50 < 1 ms']);
    expect(run.stderr).toMatch(/Loading 2,000 documents/);
  });

  it('refuses a duration it cannot read', async () => {
    const run = await runRtlab(['bench', 'mongo', '--duration', 'soon'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--duration "soon" is not a duration/);
  });

  it('webhooks: measures the receiver against the verify-only route and checks nothing acknowledged is lost', async () => {
    const run = await runRtlab(['bench', 'webhooks', '--duration', '2s', '--connections', '10', '--json'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { acknowledged: number; stored: number; comparison: { ratio: number; measured: { operations: number }; baseline: { operations: number } }; targets: Array<{ name: string; met: boolean }> };
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.stored).toBeGreaterThanOrEqual(result.acknowledged);
    expect(result.comparison.baseline.operations).toBeGreaterThan(0);
    expect(result.targets.find((target) => target.name === 'every acknowledged event is stored')?.met).toBe(true);
  });
});
