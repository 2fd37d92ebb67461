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

  it('ws: measures notifications against a raw broadcast to the same clients and counts losses', async () => {
    const run = await runRtlab(['bench', 'ws', '--clients', '20', '--rate', '50', '--duration', '2s', '--json'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { clients: number; paced: { lab: { published: number; expected: number; lost: number } }; flatOut: { ratio: number; raw: { received: number } }; targets: Array<{ name: string }> };
    expect(result.clients).toBe(20);
    expect(result.paced.lab.published).toBeGreaterThan(0);
    expect(result.paced.lab.expected).toBe(result.paced.lab.published * 20);
    expect(result.paced.lab.lost).toBe(0);
    expect(result.flatOut.raw.received).toBeGreaterThan(0);
    expect(result.targets.map((target) => target.name)).toEqual(['paced at 50/s: p99 ≤ 25 ms', 'paced: nothing lost', 'flat out ≥ 0.8 × raw broadcast deliveries/s']);
  });

  it('faults: kills the receiver, the ws-server and MongoDB mid-load and loses nothing acknowledged', async () => {
    const run = await runRtlab(['bench', 'faults', '--duration', '6s', '--rate', '20', '--json'], { cwd: tempDir() });
    const result = JSON.parse(run.stdout) as { sent: number; acknowledged: number; stored: number; handledExactlyOnce: number; lost: number; lostExamples: unknown[]; duplicateNotifications: number; faults: Array<{ service: string }> };
    expect(result.lostExamples).toEqual([]);
    expect(run.code).toBe(0);
    expect(result.faults.map((fault) => fault.service)).toEqual(['webhooks-receiver', 'ws-server', 'mongo']);
    expect(result.sent).toBeGreaterThan(0);
    expect(result.acknowledged).toBe(result.sent);
    expect(result.stored).toBe(result.acknowledged);
    expect(result.handledExactlyOnce).toBe(result.acknowledged);
    expect(result.lost).toBe(0);
    expect(result.duplicateNotifications).toBe(0);
  }, 180_000);
});
