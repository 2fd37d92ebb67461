import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../src/scenarios/load/parse-scenario-file.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useLabFolder, type LabFolder } from '../up/lab-folder.js';
import { parseXml, type XmlElement } from './parse-xml.js';

const labs = path.join(import.meta.dirname, '../../labs');
const fixtures = path.join(import.meta.dirname, 'fixtures');
const runTimeoutMs = 180_000;

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

/** How many steps (setup, steps and cleanup) a scenario file has. */
function stepsIn(file: string): number {
  const scenario = parseScenarioFile(file, readFileSync(file, 'utf8'));
  return (scenario.setup?.length ?? 0) + scenario.steps.length + (scenario.cleanup?.length ?? 0);
}

/** The pids of processes whose command line contains `text`. */
function processesRunning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function elements(root: XmlElement, name: string): XmlElement[] {
  return root.children.flatMap((child) => [...(child.name === name ? [child] : []), ...elements(child, name)]);
}

describe('rtlab scenario against a lab it starts itself', () => {
  const labFolder = useLabFolder();

  it(
    'ends what a step started when the step times out: the shell and the process it ran',
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, ['scenario', path.join(fixtures, 'shell-timeout.yaml'), '--lang', 'en']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain('timed out after 1000 ms');
      expect(processesRunning('sleep 297.25')).toEqual([]);
    },
    runTimeoutMs,
  );

  it(
    'runs every built-in lab and every action and expectation kind; the JUnit report parses and counts the steps',
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, [
        'scenario',
        'all',
        path.join(fixtures, 'kinds.yaml'),
        '--reporter',
        'junit',
        '--out',
        'report.xml',
        '--lang',
        'en',
      ]);
      expect(run.stdout, run.stderr).toContain('✓ scenarios:');
      expect(run.code).toBe(0);
      // The plain lines still reach the terminal: a ✓ per step with its duration, none failed.
      expect(run.stdout).toMatch(
        /^ {2}✓ send {2}Trigger the sender: curl http:\/\/127\.0\.0\.1:\d+\/send {2}\(\d+ ms\)$/m,
      );
      expect(run.stdout).toMatch(/^ {2}✓ \[setup\] fixtures {2}Insert fixtures {2}\(\d+ ms\)$/m);
      expect(run.stdout).not.toContain('✗');
      // The lab it started is stopped again, MongoDB last.
      expect(run.stderr).toMatch(/■ mongo +stopped/);

      const files = [
        ...readdirSync(labs)
          .filter((name) => name.endsWith('.yaml'))
          .map((name) => path.join(labs, name)),
        path.join(fixtures, 'kinds.yaml'),
      ];
      const report = parseXml(readFileSync(path.join(lab.cwd, 'report.xml'), 'utf8'));
      expect(report.name).toBe('testsuites');
      const cases = elements(report, 'testcase');
      expect(cases).toHaveLength(files.reduce((sum, file) => sum + stepsIn(file), 0));
      expect(report.attributes).toMatchObject({ tests: String(cases.length), failures: '0', skipped: '0' });
      const suites = elements(report, 'testsuite').map((suite) => suite.attributes['name']);
      expect(suites.sort()).toEqual(['grpc', 'integral', 'kinds', 'resilience', 'security', 'webhooks', 'websockets']);
      expect(elements(report, 'failure')).toEqual([]);
    },
    runTimeoutMs,
  );

  it(
    "fails a wrong expectation with what was expected, what was received and the service's last log lines (exit 1)",
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, [
        'scenario',
        path.join(fixtures, 'wrong.yaml'),
        '--reporter',
        'json',
        '--out',
        'run.json',
        '--lang',
        'en',
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/^ {2}✗ send {2}Trigger the sender {2}\(\d+ ms\)$/m);
      expect(run.stdout).toContain(
        '      ✗ http status 201\n        expected: status 201\n        received: status 200 {"status":"sent","count":2}',
      );
      expect(run.stdout).toContain('        received: count: expected 3, received 2');
      expect(run.stdout).toContain(
        '      ✗ log webhooks-receiver "Handling order.shipped event"\n        expected: at least 1 within 300 ms: line(s) "Handling order.shipped event" in webhooks-receiver\n        received: 0 matching line(s)',
      );
      // The receiver's own lines show what it did instead, as a person reads them (not JSON).
      expect(run.stdout).toMatch(
        /last lines of webhooks-receiver:\n(?: {10}.*\n)*? {10}\d\d:\d\d:\d\d\.\d{3} webhooks-receiver info {2}Handling order\.created event eventId=/,
      );
      expect(run.stdout).toContain('  - after  Never runs  (skipped)');
      expect(run.stdout).toMatch(/^ {2}✓ \[cleanup\] tidy {2}Clean-up {2}\(\d+ ms\)$/m);
      expect(run.stdout).toContain('✗ scenarios: 0 passed, 1 failed; steps: 1 passed, 1 failed, 1 skipped');

      // The JSON report keeps the evidence, with times since the run started.
      const report = JSON.parse(readFileSync(path.join(lab.cwd, 'run.json'), 'utf8')) as {
        passed: boolean;
        lab: string;
        scenarios: {
          steps: {
            id: string;
            status: string;
            startedAtMs: number;
            expectations: { ok: boolean; evidence: { atMs: number; value: unknown }[] }[];
          }[];
        }[];
      };
      expect(report).toMatchObject({ passed: false, lab: 'started' });
      const [send] = report.scenarios[0]!.steps;
      expect(send!.status).toBe('failed');
      expect(send!.expectations.map((outcome) => outcome.ok)).toEqual([false, false, false]);
      expect(send!.expectations[0]!.evidence[0]!.value).toEqual({ status: 200, json: { status: 'sent', count: 2 } });
      expect(send!.expectations[0]!.evidence[0]!.atMs).toBeGreaterThan(send!.startedAtMs);
    },
    runTimeoutMs,
  );

  it(
    'attaches to the lab rtlab up -d runs in the folder, and leaves it running',
    async () => {
      const lab = await labFolder();
      const up = await rtlab(lab, ['up', '-d', '--profile', 'webhooks', '--profile', 'websockets']);
      expect(up.code, up.stderr).toBe(0);
      // `all` on the learner's lab: every lab it can run runs; those needing a profile it lacks, or
      // faults, are said to be left out.
      const run = await rtlab(lab, ['scenario', 'all', '--reporter', 'json']);
      expect(run.code, run.stdout).toBe(0);
      const report = JSON.parse(run.stdout) as {
        lab: string;
        passed: boolean;
        lang: string;
        scenarios: Array<{ id: string }>;
      };
      expect(report).toMatchObject({ lab: 'attached', passed: true, lang: 'en' });
      expect(report.scenarios.map((scenario) => scenario.id).sort()).toEqual(['security', 'webhooks', 'websockets']);
      expect(run.stderr).toMatch(/○ resilience left out: it stops services and makes the receiver fail/);
      expect(run.stderr).toMatch(/○ grpc left out: it needs the grpc profile, which the running lab does not run/);
      // Nothing of the lab was started or stopped by the run.
      expect(run.stderr).not.toContain('starting');
      const status = await rtlab(lab, ['status', '--json']);
      expect((JSON.parse(status.stdout) as { healthy: boolean }).healthy).toBe(true);

      // A lab without a profile the scenario needs is named, with what to do (exit 3).
      expect((await rtlab(lab, ['down'])).code).toBe(0);
      expect((await rtlab(lab, ['up', '-d', '--profile', 'webhooks'])).code).toBe(0);
      const missing = await rtlab(lab, ['scenario', 'websockets']);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(
        /✗ The running lab \(pid \d+\) has no websockets profile, which the scenario needs\./,
      );
      expect(missing.stderr).toContain(
        'hint: Stop it (rtlab down) so that the scenario starts its own lab, or start it with every profile: rtlab up -d --profile webhooks --profile websockets.',
      );
      expect((await rtlab(lab, ['down'])).code).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    'refuses a broken file (file:line:column, exit 2) and an unknown id (exit 2), and lists the labs',
    async () => {
      const lab = await labFolder();
      const broken = path.join(lab.cwd, 'broken.yaml');
      const text = readFileSync(path.join(fixtures, 'wrong.yaml'), 'utf8').replace(
        '      - http: { status: 201 }',
        '      - http: { statuss: 201 }',
      );
      writeFileSync(broken, text);
      const line = text.split('\n').findIndex((row) => row.includes('statuss')) + 1;
      const validate = await rtlab(lab, ['scenario', 'validate', broken]);
      expect(validate.code).toBe(2);
      expect(validate.stderr).toContain(
        `✗ ${broken} is not a valid scenario (1 problem):\n  ${broken}:${line}:17 steps.0.expect.0.http.statuss: unknown key "statuss" (a typo?)`,
      );
      const run = await rtlab(lab, ['scenario', broken]);
      expect(run.code).toBe(2);
      expect((await rtlab(lab, ['scenario', 'validate', path.join(fixtures, 'kinds.yaml')])).stdout).toContain('✓');

      const unknown = await rtlab(lab, ['scenario', 'webhook']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('✗ No scenario "webhook".\n  hint: Did you mean webhooks?');

      // Spanish titles where the locale is Spanish.
      const spanish = await runRtlab(['--cwd', lab.cwd, 'scenario', 'list'], {
        cwd: lab.cwd,
        env: { ...lab.env, LANG: 'es_AR.UTF-8' },
      });
      expect(spanish.stdout).toMatch(
        /^webhooks +Webhooks: el sender firma, el receiver verifica, guarda y notifica +\[webhooks, websockets; 2 steps\]$/m,
      );

      const list = await rtlab(lab, ['scenario', 'list', '--json']);
      expect(list.code).toBe(0);
      expect((JSON.parse(list.stdout) as { id: string }[]).map((entry) => entry.id)).toEqual([
        'grpc',
        'integral',
        'resilience',
        'security',
        'webhooks',
        'websockets',
      ]);

      const out = await rtlab(lab, ['scenario', 'webhooks', '--out', 'report.xml']);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('hint: Add --reporter junit (what CI reads) or --reporter json.');
      // A report that cannot be written is refused before the run, not found out after it.
      const unwritable = await rtlab(lab, [
        'scenario',
        'webhooks',
        '--reporter',
        'junit',
        '--out',
        '/nonexistent/dir/r.xml',
      ]);
      expect(unwritable.code).toBe(2);
      expect(unwritable.stderr).toContain('✗ --out /nonexistent/dir/r.xml cannot be written: ENOENT');
      expect(unwritable.stderr).not.toMatch(/starting/);
    },
    runTimeoutMs,
  );
});
