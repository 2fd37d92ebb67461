// `npm run dev:webhooks|grpc|websockets`: the seed's dev loop in one command. TypeScript
// compiles src/ into dist/ in watch mode, in this process; once the first build is done, the lab
// runs as `rtlab up --runtime process --watch --profile <name>`, whose services restart when
// their built code changes. Saving a .ts file therefore restarts the services that run it.
// The lab is a child with an IPC channel: it stops when this process ends, even by kill -9, so
// neither the compiler nor the lab is ever left behind.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { URL, fileURLToPath } from 'node:url';
import ts from 'typescript';

const [profile, ...upArgs] = process.argv.slice(2);
const rtlabBin = fileURLToPath(new URL('../bin/rtlab.js', import.meta.url));
const configPath = fileURLToPath(new URL('../tsconfig.build.json', import.meta.url));
if (profile === undefined) {
  process.stderr.write('✗ Which profile? node scripts/dev-lab.js webhooks|grpc|websockets [rtlab up flags]\n');
  process.exit(2);
}

const formatHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
let lab;
let stopping = false;

const host = ts.createWatchCompilerHost(
  configPath,
  {},
  ts.sys,
  ts.createEmitAndSemanticDiagnosticsBuilderProgram,
  (diagnostic) => process.stderr.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost)),
  (diagnostic, _newLine, _options, errorCount) => {
    process.stderr.write(`tsc: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n`);
    // The first build is done (errors or not: the services run what was built): start the lab once.
    if (errorCount !== undefined && lab === undefined && !stopping) startLab();
  },
);
const compiler = ts.createWatchProgram(host);

function startLab() {
  const args = [rtlabBin, 'up', '--runtime', 'process', '--watch', '--profile', profile, ...upArgs];
  lab = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  lab.once('exit', (code, signal) => {
    compiler.close();
    process.exit(code ?? (signal === 'SIGINT' ? 130 : 143));
  });
}

// Ctrl-C reaches the lab too (same process group): wait for it to stop its services, then exit with its code.
process.on('SIGINT', () => stop(undefined));
process.on('SIGTERM', () => stop('SIGTERM'));
// `npm run dev:*` stopped with SIGTERM (an IDE, a process manager) ends npm without passing the
// signal on: this process is then adopted by another parent, and stops the lab as for SIGTERM.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) stop('SIGTERM');
}, 500).unref();

function stop(forward) {
  if (stopping) return;
  stopping = true;
  if (lab === undefined) {
    compiler.close();
    process.exit(forward === undefined ? 130 : 143);
  }
  if (forward !== undefined) lab.kill(forward);
}
