import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, processesIn, useLabFolder, type LabFolder } from '../up/lab-folder.js';
import { watchOutput } from '../up/lab-output.js';
import { parseXml, type XmlElement } from './parse-xml.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const runTimeoutMs = 180_000;

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

function elements(root: XmlElement, name: string): XmlElement[] {
  return root.children.flatMap((child) => [...(child.name === name ? [child] : []), ...elements(child, name)]);
}

/** The command lines of the live processes that run a lab service for the folder. */
function servicesRunningIn(cwd: string): string[] {
  return processesIn(cwd)
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    })
    .filter((command) => / serve [a-z-]+/.test(command));
}

describe('rtlab scenario: what a run shows and records', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    'prints the ESC and BEL of a hostile scenario file as escapes, in the plain run output and in scenario list',
    async () => {
      const lab = await labFolder();
      const folder = path.join(lab.cwd, 'hostile');
      mkdirSync(folder);
      const file = path.join(folder, 'esc-title.yaml');
      writeFileSync(
        file,
        [
          'id: esc-title',
          'title: { es: "Rojo \\e[31mALERTA\\a", en: "Red \\e[31mALERT\\a" }',
          'explain: { es: "x \\e[2J", en: "x \\e[2J" }',
          'profiles: [webhooks]',
          'steps:',
          '  - id: one',
          '    title: { es: "Uno \\e]0;pwned\\a", en: "One \\e]0;pwned\\a" }',
          '    do: { wait: 1ms }',
          '',
        ].join('\n'),
      );
      const run = await rtlab(lab, ['scenario', file, '--lang', 'en']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(String.raw`Red \u001b[31mALERT\u0007`);
      expect(run.stdout).toContain(String.raw`One \u001b]0;pwned\u0007`);
      expect(run.stdout).not.toContain('\u001b');
      expect(run.stdout).not.toContain('\u0007');

      const list = await runRtlab(['--cwd', lab.cwd, 'scenario', 'list', '--labs', folder], {
        cwd: lab.cwd,
        env: { ...lab.env, LANG: 'en_US.UTF-8' },
      });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/esc-title +(Red|Rojo) \\u001b\[31m(ALERT|ALERTA)\\u0007/);
      expect(list.stdout).not.toContain('\u001b');
      expect(list.stdout).not.toContain('\u0007');
    },
    runTimeoutMs,
  );

  it(
    "fills the lab's address into titles, prints the timeline, and draws the HTML page: a lane per service, the failure in red",
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, [
        'scenario',
        path.join(fixtures, 'titled-failing.yaml'),
        '--timeline',
        '--reporter',
        'html',
        '--out',
        'report.html',
        '--lang',
        'en',
      ]);
      expect(run.code, run.stderr).toBe(1);
      // The title names where this lab's sender listens, not a default port.
      const sender = `http://127.0.0.1:${lab.env['SENDER_PORT']}`;
      expect(run.stdout).toMatch(
        new RegExp(`^ {2}✓ send {2}Trigger the sender: curl ${sender}/send {2}\\(\\d+ ms\\)$`, 'm'),
      );
      expect(run.stdout).toMatch(/^ {2}✗ stored {2}An order that does not exist {2}\(\d+ ms\)$/m);

      // The timeline: the action, then each log line that proved it, times since the start, ids.
      const timeline = run.stdout.slice(run.stdout.indexOf('Timeline (ms since the start)'));
      expect(timeline).toMatch(
        new RegExp(`\\+\\d+ ms {2}runner +▶ send \\(http, \\d+ ms\\) {2}Trigger the sender: curl ${sender}/send`),
      );
      expect(timeline).toMatch(
        /\+\d+ ms {2}webhooks-receiver +✓ log webhooks-receiver "Handling order\.created event": Handling order\.created event {2}eventId=(\S+) .*\[\1\]/,
      );
      expect(timeline).toMatch(/\+\d+ ms {2}mongo +✗ mongo orders .*: expected .*; received none of \d+ matches/);
      const times = [...timeline.matchAll(/^ +\+(\d+) ms/gm)].map((match) => Number(match[1]));
      expect(times.length).toBeGreaterThan(4);
      expect(times).toEqual([...times].sort((a, b) => a - b));

      const html = readFileSync(path.join(lab.cwd, 'report.html'), 'utf8');
      const page = parseXml(html.replace(/^<!DOCTYPE html>\n/, ''));
      const lanes = elements(page, 'th').flatMap((th) => th.attributes['data-lane'] ?? []);
      expect(lanes).toEqual(['runner', 'webhooks-receiver', 'mongo']);
      const steps = elements(page, 'tr').filter((row) => row.attributes['data-step'] !== undefined);
      expect(steps.map((row) => [row.attributes['data-step'], row.attributes['class']])).toEqual([
        ['send', 'step passed'],
        ['stored', 'step failed'],
      ]);
      expect(html).toMatch(/webhooks-receiver info {2}Handling order\.created event eventId=/);
      expect(html).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)=/);
    },
    runTimeoutMs,
  );

  it(
    '--watch reruns the file on each save against the same lab, reports a broken save and waits, and stops on Ctrl-C',
    async () => {
      const lab = await labFolder();
      const file = path.join(lab.cwd, 'my-lab.yaml');
      copyFileSync(path.join(fixtures, 'watched.yaml'), file);
      const watching = startRtlab(['--cwd', lab.cwd, 'scenario', '--watch', 'my-lab.yaml', '--lang', 'en'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      children.push(watching);
      const output = watchOutput(watching);
      await output.waitFor(/✓ scenarios: 1 passed[\s\S]*watching .*my-lab\.yaml for changes/, runTimeoutMs);

      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('http: { status: 200 }', 'http: { statuss: 200 }'));
      await output.waitFor(/my-lab\.yaml:\d+:\d+ steps\.0\.expect\.0\.http\.statuss: unknown key/);
      writeFileSync(file, text.replace('http: { status: 200 }', 'http: { status: 418 }'));
      await output.waitFor(/✗ scenarios: 0 passed, 1 failed/);
      expect(output.stdout()).toContain('        expected: status 418');

      watching.kill('SIGINT');
      // Interrupted, as any command stopped by Ctrl-C (130), with the lab stopped first.
      expect(await output.exited()).toBe(130);
      // One lab for all three runs: started once, stopped once.
      expect(output.stderr().match(/✓ webhooks-receiver +ready/g)).toHaveLength(1);
      expect(output.stderr()).toMatch(/■ mongo +stopped/);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
    },
    runTimeoutMs,
  );

  it(
    "--watch with a lab id follows that lab's file, and a save made during a run is rerun after it",
    async () => {
      const lab = await labFolder();
      const labs = path.join(lab.cwd, 'my-labs');
      mkdirSync(labs);
      // The first run's own step saves the next version (the watched lab, expecting 418): a save
      // made during a run is rerun after it, with nothing done by the test in between.
      copyFileSync(path.join(fixtures, 'saves-itself.yaml'), path.join(labs, 'my-lab.yaml'));
      const text = readFileSync(path.join(fixtures, 'watched.yaml'), 'utf8');
      writeFileSync(path.join(lab.cwd, 'next.yaml'), text.replace('http: { status: 200 }', 'http: { status: 418 }'));
      const watching = startRtlab(
        ['--cwd', lab.cwd, 'scenario', '--labs', 'my-labs', '--watch', 'saves-itself', '--lang', 'en'],
        { cwd: lab.cwd, env: lab.env },
      );
      children.push(watching);
      const output = watchOutput(watching);
      await output.waitFor(/watching .*my-labs\/my-lab\.yaml for changes/, runTimeoutMs);
      await output.waitFor(/✓ scenarios: 1 passed[\s\S]*✗ scenarios: 0 passed, 1 failed/, runTimeoutMs);
      expect(output.stdout()).toContain('        expected: status 418');
      watching.kill('SIGINT');
      expect(await output.exited()).toBe(130);
    },
    runTimeoutMs,
  );

  it(
    '--runtime process starts the lab as one child process per service, and stops them all',
    async () => {
      const lab = await labFolder();
      const run = startRtlab(
        ['--cwd', lab.cwd, 'scenario', path.join(fixtures, 'watched.yaml'), '--runtime', 'process', '--lang', 'en'],
        { cwd: lab.cwd, env: lab.env },
      );
      children.push(run);
      const output = watchOutput(run);
      // The sender starts once the receiver is ready: then both run.
      await output.waitFor(/✓ webhooks-sender +ready/, runTimeoutMs);
      const services = servicesRunningIn(lab.cwd);
      expect(services.some((command) => command.includes(' serve webhooks-receiver'))).toBe(true);
      expect(services.some((command) => command.includes(' serve webhooks-sender'))).toBe(true);
      expect(await output.exited(), output.stderr()).toBe(0);
      expect(output.stdout()).toMatch(/✓ health {2}The receiver's health {2}\(\d+ ms\)/);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(readdirSync(lab.home)).not.toContain('state.json');
    },
    runTimeoutMs,
  );
});
