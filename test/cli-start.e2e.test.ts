import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rtlabBin, runRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** `rtlab --help` as it was when every command was loaded up front: lazy loading must not change a word. */
const rootHelp = (cwd: string) => `Usage: rtlab [options] [command]

A lab runner for realtime integration patterns: Webhooks, gRPC and WebSockets
over one MongoDB.

Options:
  -v, --version              output the version number
  --cwd <dir>                work in this folder (.env and .rtlab are looked up
                             there) (default: "${cwd}")
  --log-level <level>        log verbosity (overrides LOG_LEVEL) (choices:
                             "error", "warn", "info", "http", "verbose",
                             "debug", "silly")
  --no-color                 plain output without colours (also NO_COLOR=1)
  -h, --help                 display help for command

Commands:
  up [options]               start the lab: MongoDB, then the services of the
                             chosen profiles (here, as processes or in
                             containers)
  status [options]           show the running lab's services and their health,
                             checked now
  down [options]             stop the running lab (and the MongoDB it started)
  doctor [options]           check Node.js, the lab ports, .env, MongoDB, a
                             container engine and Chromium
  tail                       follow what the lab is doing
  scenario [options]         run step-by-step lab scenarios that check
                             responses, logs, Socket.IO events and MongoDB
  webhooks                   send signed webhooks and look at what the lab
                             received and delivered
  grpc                       call the lab's gRPC OrderService: unary, server
                             streaming, client streaming and bidirectional
  ws                         a Socket.IO client for the lab's ws-server, from
                             the terminal
  serve [options] <service>  run one lab service in the foreground (what child
                             processes and containers run)
  mongo                      rtlab's embedded MongoDB-compatible server
  bench                      measure a domain against a baseline in the same run
  help [command]             display help for command

Examples:
  $ rtlab up                           the whole lab in one process (Ctrl-C stops it)
  $ rtlab up -d && rtlab status        the lab in the background, then its health
  $ rtlab doctor                       check that this machine can run the lab
  $ rtlab tail logs --since 10m        the lab's recent log lines, then follow
  $ rtlab tail logs webhooks-receiver --grep "order.created"
  $ rtlab serve webhooks-receiver      one lab service in the foreground (port 3001)
  $ rtlab webhooks send --type order.created
  $ rtlab ws listen                    live order:update notifications
  $ rtlab mongo serve                  the embedded MongoDB-compatible server on 27017
  $ rtlab bench mongo --duration 10s   the embedded engine against the driver-bound ceiling

Exit codes: 0 ok, 1 a scenario failed, 2 usage or configuration, 3 environment, 70 internal bug, 130 interrupted, 143 stopped by SIGTERM.
Docs: README.md (Spanish quick start: "Inicio rápido").
`;

describe('rtlab start-up: --help and --version', () => {
  const tempDir = useTempDir();

  it('--help, -h and help print the whole command list, word for word, and exit 0', async () => {
    const cwd = tempDir();
    for (const args of [['--help'], ['-h'], ['help']]) {
      const run = await runRtlab(args, { cwd });
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toBe(rootHelp(cwd));
      expect(run.stderr).toBe('');
    }
  });

  it('--version and -v print the version only', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await runRtlab([flag], { cwd: tempDir() });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${manifest.version}\n`);
      expect(run.stderr).toBe('');
    }
  });

  it("a command's own help is there, before or after the global options, and through `rtlab help <command>`", async () => {
    const cwd = tempDir();
    const serve = await runRtlab(['serve', '--help'], { cwd });
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/^Usage: rtlab serve \[options\] <service>\n/);
    expect(serve.stdout).toMatch(/the service to run \(choices:\s+"webhooks-receiver",/);
    expect((await runRtlab(['help', 'serve'], { cwd })).stdout).toBe(serve.stdout);
    expect((await runRtlab(['--cwd', cwd, '--no-color', 'serve', '--help'], { cwd })).stdout).toBe(serve.stdout);
    const logs = await runRtlab(['--log-level', 'warn', 'tail', 'logs', '--help'], { cwd });
    expect(logs.stdout).toMatch(/^Usage: rtlab tail logs \[options\] \[services\.\.\.\]\n/);
    expect(logs.stdout).toContain('rtlab tail logs --since 10m --level warn --no-follow');
  });

  it('a command run with no subcommand shows its subcommands (exit 0)', async () => {
    const run = await runRtlab(['webhooks'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Usage: rtlab webhooks \[options\] \[command\]/);
    expect(run.stderr).toMatch(/^ {2}sign \[options\] +print the Standard Webhooks headers/m);
  });

  it('without dist/ (a clone before npm install) the command says what to run, exit 3, no stack', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'bin'));
    copyFileSync(rtlabBin, path.join(root, 'bin', 'rtlab.js'));
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'rtlab.js'), '--version'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `✗ rtlab is not built: ${path.join(root, 'dist', 'cli', 'main.js')} is missing.\n  hint: Run npm install (or npm run build) in ${root}${path.sep}, then the command again.\n`,
    );
  });
});
