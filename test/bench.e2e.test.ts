import { describe, expect, it } from 'vitest';
import { runRtlab, startRtlab } from './helpers/run-rtlab.js';
import { processesIn } from './up/lab-folder.js';
import { watchOutput } from './up/lab-output.js';
import { useTempDir } from './helpers/temp-dir.js';

interface Comparison {
  name: string;
  measured: number;
  baseline: number;
  ratio: number | null;
  goal: { atLeast: number } | { atMost: number };
  met: boolean;
}

interface Report {
  comparisons: Comparison[];
  checks: Array<{ name: string; passed: boolean; detail: string }>;
}

/** The shape every `rtlab bench … --json` shares; each ratio is measured ÷ baseline and `met` follows the goal. */
function expectReportShape(report: Report): void {
  for (const comparison of report.comparisons) {
    expect(Object.keys(comparison).sort()).toEqual(['baseline', 'goal', 'measured', 'met', 'name', 'ratio']);
    expect(comparison.measured).toBeGreaterThan(0);
    expect(comparison.baseline).toBeGreaterThan(0);
    expect(comparison.ratio).toBeCloseTo(comparison.measured / comparison.baseline, 9);
    const ratio = comparison.ratio!;
    expect(comparison.met).toBe(
      'atLeast' in comparison.goal ? ratio >= comparison.goal.atLeast : ratio <= comparison.goal.atMost,
    );
  }
  for (const check of report.checks) expect(Object.keys(check).sort()).toEqual(['detail', 'name', 'passed']);
}

describe('rtlab bench', () => {
  const tempDir = useTempDir();

  it('mongo: measures every workload against the ceiling of the same run, as ratios with goals', async () => {
    const run = await runRtlab(['bench', 'mongo', '--duration', '1600ms', '--documents', '2000', '--json'], {
      cwd: tempDir(),
    });
    const result = JSON.parse(run.stdout) as Report & {
      documents: number;
      workloads: Array<{
        workload: string;
        measured: { operations: number; opsPerSecond: number };
        baseline: { operations: number; opsPerSecond: number };
      }>;
    };
    expectReportShape(result);
    expect(result.documents).toBe(2000);
    expect(result.workloads.map((row) => row.workload)).toEqual([
      'insertOne',
      'findOne by _id',
      'find by indexed field',
      'updateOne by _id',
    ]);
    for (const row of result.workloads) {
      expect(row.measured.operations).toBeGreaterThan(0);
      expect(row.baseline.operations).toBeGreaterThan(0);
    }
    expect(result.comparisons.map((comparison) => [comparison.name, comparison.goal])).toEqual([
      ['insertOne: engine ÷ ceiling, ops/s', { atLeast: 0.85 }],
      ['findOne by _id: engine ÷ ceiling, ops/s', { atLeast: 0.85 }],
      ['find by indexed field: engine ÷ ceiling, ops/s', { atLeast: 0.5 }],
      ['updateOne by _id: engine ÷ ceiling, ops/s', { atLeast: 0.5 }],
    ]);
    expect(result.comparisons.map((comparison) => comparison.measured)).toEqual(
      result.workloads.map((row) => row.measured.opsPerSecond),
    );
    expect(result.comparisons.map((comparison) => comparison.baseline)).toEqual(
      result.workloads.map((row) => row.baseline.opsPerSecond),
    );
    // A missed performance goal is printed, not an error: exit 0 without --strict.
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Loading 2,000 documents/);
  });

  it('mongo --strict: prints the goals as a table and exits 1 exactly when one is missed', async () => {
    const run = await runRtlab(['bench', 'mongo', '--duration', '1600ms', '--documents', '2000', '--strict'], {
      cwd: tempDir(),
    });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^comparison\s+measured\s+baseline\s+ratio\s+goal\s+met$/);
    const rows = lines.slice(1);
    expect(rows.map((row) => row.split(':')[0])).toEqual([
      'insertOne',
      'findOne by _id',
      'find by indexed field',
      'updateOne by _id',
    ]);
    for (const row of rows) expect(row).toMatch(/\d\.\d\d×\s+≥ \d(\.\d+)?×\s+[✓✗]$/);
    expect(run.code).toBe(rows.some((row) => row.endsWith('✗')) ? 1 : 0);
  });

  it('refuses a duration it cannot read', async () => {
    const run = await runRtlab(['bench', 'mongo', '--duration', 'soon'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--duration "soon" is not a duration/);
  });

  it('webhooks: refuses a duration that gives rounds under a second, before starting anything', async () => {
    const run = await runRtlab(['bench', 'webhooks', '--duration', '5s'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/✗ --duration 5s gives rounds of 0\.4 s: the bench runs 3 rounds of 4 receivers/);
    expect(run.stderr).toMatch(/hint: Use --duration 12s or more\./);
    expect(run.stderr).not.toMatch(/Round 1/);
  });

  it('webhooks: the whole path against a seed-style receiver and a verify-only route, nothing acknowledged lost', async () => {
    const run = await runRtlab(['bench', 'webhooks', '--duration', '12s', '--connections', '10', '--json'], {
      cwd: tempDir(),
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Report & {
      sides: Record<
        'wholePath' | 'seedStyle' | 'seedStyleDurable' | 'verifyOnly',
        { acknowledged: number; eventsPerSecond: number }
      >;
    };
    expectReportShape(result);
    expect(result.comparisons.map((comparison) => [comparison.name, comparison.goal])).toEqual([
      ['whole path ÷ seed-style receiver, events/s', { atLeast: 1.2 }],
      ['whole path ÷ verify-only route, events/s', { atLeast: 0.65 }],
      ['whole path ÷ seed-style receiver, durable (j:true), events/s', { atLeast: 1.2 }],
    ]);
    expect(result.comparisons.map((comparison) => [comparison.measured, comparison.baseline])).toEqual([
      [result.sides.wholePath.eventsPerSecond, result.sides.seedStyle.eventsPerSecond],
      [result.sides.wholePath.eventsPerSecond, result.sides.verifyOnly.eventsPerSecond],
      [result.sides.wholePath.eventsPerSecond, result.sides.seedStyleDurable.eventsPerSecond],
    ]);
    expect(result.sides.wholePath.acknowledged).toBeGreaterThan(0);
    expect(result.checks).toEqual([
      {
        name: 'every acknowledged event is stored',
        passed: true,
        detail: expect.stringMatching(/ stored of \d+ acknowledged in the measuring windows$/),
      },
      { name: 'every notification reaches the ws-server', passed: true, detail: expect.any(String) },
      { name: 'the seed-style baseline stored what it acknowledged', passed: true, detail: expect.any(String) },
    ]);
  }, 120_000);

  it("grpc: rtlab's CreateOrder against a seed-style server and a bare echo, every acknowledged order stored once and notified", async () => {
    const run = await runRtlab(
      ['bench', 'grpc', '--rpc', 'create', '--duration', '3s', '--concurrency', '10', '--json'],
      {
        cwd: tempDir(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Report & {
      rpc: string;
      sides: Record<'rtlab' | 'seedStyle' | 'echo', { perSecond: number; calls: number; errors: number }>;
    };
    expectReportShape(result);
    expect(result.rpc).toBe('create');
    expect(result.comparisons.map((comparison) => [comparison.name, comparison.goal])).toEqual([
      ['rtlab CreateOrder ÷ seed-style, calls/s', { atLeast: 1.2 }],
      ['rtlab CreateOrder ÷ bare grpc-js echo, calls/s', { atLeast: 0.6 }],
    ]);
    expect(result.comparisons.map((comparison) => [comparison.measured, comparison.baseline])).toEqual([
      [result.sides.rtlab.perSecond, result.sides.seedStyle.perSecond],
      [result.sides.rtlab.perSecond, result.sides.echo.perSecond],
    ]);
    expect(result.sides.rtlab.calls).toBeGreaterThan(0);
    expect(result.checks.map((check) => [check.name, check.passed])).toEqual([
      ['every call succeeded', true],
      ['every acknowledged order is stored once', true],
      ["every acknowledged order's notification reached the ws-server", true],
    ]);
  }, 180_000);

  it('grpc --rpc stream: GetOrders out of MongoDB against a bare server stream of the same orders', async () => {
    const run = await runRtlab(
      ['bench', 'grpc', '--rpc', 'stream', '--duration', '2s', '--concurrency', '4', '--json'],
      {
        cwd: tempDir(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Report & { sides: Record<'rtlab' | 'echo', { calls: number }> };
    expectReportShape(result);
    expect(result.comparisons.map((comparison) => [comparison.name, comparison.goal])).toEqual([
      ['rtlab GetOrders from MongoDB ÷ bare server stream, msgs/s', { atLeast: 0.5 }],
    ]);
    expect(result.sides.rtlab.calls).toBeGreaterThan(0);
    expect(result.checks.every((check) => check.passed)).toBe(true);
  }, 180_000);

  it('ws: lab p99 against the raw broadcast at the same pace, deliveries flat out, losses counted', async () => {
    const run = await runRtlab(['bench', 'ws', '--clients', '20', '--rate', '50', '--duration', '2s', '--json'], {
      cwd: tempDir(),
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Report & {
      clients: number;
      paced: Record<'lab' | 'raw', { published: number; expected: number; lost: number; p99Ms: number }>;
      flatOut: Record<'lab' | 'raw', { received: number; deliveriesPerSecond: number }>;
    };
    expectReportShape(result);
    expect(result.clients).toBe(20);
    expect(result.paced.lab.published).toBeGreaterThan(0);
    expect(result.paced.lab.expected).toBe(result.paced.lab.published * 20);
    expect(result.paced.lab.lost).toBe(0);
    expect(result.flatOut.raw.received).toBeGreaterThan(0);
    expect(
      result.comparisons.map((comparison) => [
        comparison.name,
        comparison.goal,
        comparison.measured,
        comparison.baseline,
      ]),
    ).toEqual([
      ['paced at 50/s: p99 lab ÷ raw broadcast, ms', { atMost: 1.5 }, result.paced.lab.p99Ms, result.paced.raw.p99Ms],
      [
        'flat out: lab ÷ raw broadcast, deliveries/s',
        { atLeast: 0.8 },
        result.flatOut.lab.deliveriesPerSecond,
        result.flatOut.raw.deliveriesPerSecond,
      ],
    ]);
    expect(result.checks).toEqual([
      { name: 'paced: nothing lost', passed: true, detail: `0 lost of ${result.paced.lab.expected}` },
    ]);
  }, 120_000);

  it('faults: kills the receiver, the ws-server and MongoDB mid-load and loses nothing acknowledged', async () => {
    const run = await runRtlab(['bench', 'faults', '--duration', '6s', '--rate', '20', '--json'], { cwd: tempDir() });
    const result = JSON.parse(run.stdout) as Report & {
      sent: number;
      acknowledged: number;
      stored: number;
      handledExactlyOnce: number;
      lost: number;
      lostExamples: unknown[];
      duplicateNotifications: number;
      faults: Array<{ service: string }>;
    };
    expect(result.lostExamples).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expectReportShape(result);
    expect(result.comparisons).toEqual([]);
    expect(result.checks.map((check) => [check.name, check.passed])).toEqual([
      ['nothing acknowledged is lost', true],
      ['every event is acknowledged in the end', true],
      ['no notification twice', true],
    ]);
    expect(result.faults.map((fault) => fault.service)).toEqual(['webhooks-receiver', 'ws-server', 'mongo']);
    expect(result.sent).toBeGreaterThan(0);
    expect(result.acknowledged).toBe(result.sent);
    expect(result.stored).toBe(result.acknowledged);
    expect(result.handledExactlyOnce).toBe(result.acknowledged);
    expect(result.lost).toBe(0);
    expect(result.duplicateNotifications).toBe(0);
  }, 180_000);

  it('lab: whole-process rtlab up -d against node -e 0, the idle lab, rtlab down; nothing left running', async () => {
    const cwd = tempDir();
    const run = await runRtlab(['bench', 'lab', '--runs', '1', '--json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Report & {
      runs: Array<{ bareMs: number; upMs: number; idleRssMb: number; downMs: number }>;
    };
    expectReportShape(result);
    expect(result.comparisons.map((comparison) => [comparison.name, comparison.goal])).toEqual([
      ['rtlab up -d to every service ready ÷ node -e 0, ms', { atMost: 15 }],
      ['idle RSS of the whole lab ÷ the 250 MB budget, MB', { atMost: 1 }],
      ['rtlab down ÷ the 2 s budget, ms', { atMost: 1 }],
    ]);
    expect(result.runs).toHaveLength(1);
    const [only] = result.runs;
    // A lab is several Node processes: more memory than one, and a start longer than a bare one.
    expect(only!.idleRssMb).toBeGreaterThan(50);
    expect(only!.upMs).toBeGreaterThan(only!.bareMs);
    expect(result.checks).toEqual([
      { name: 'nothing left running after rtlab down', passed: true, detail: '1 of 1 labs' },
    ]);
    expect(processesIn(cwd)).toEqual([]);
  }, 240_000);

  it.each([
    ['while rtlab up -d starts the lab', /run 1\/3: rtlab up -d…/],
    ['while the lab runs', /run 1\/3: ready in [\d.]+ s; measuring its idle memory…/],
  ])(
    'lab: Ctrl-C %s exits 130 and leaves nothing running',
    async (_when, moment) => {
      const cwd = tempDir();
      const bench = startRtlab(['bench', 'lab', '--runs', '3'], { cwd });
      const output = watchOutput(bench);
      await output.waitFor(moment);
      bench.kill('SIGINT');
      expect(await output.exited()).toBe(130);
      expect(output.stderr()).toContain('Interrupted by SIGINT (Ctrl-C).');
      expect(processesIn(cwd)).toEqual([]);
    },
    240_000,
  );
});
