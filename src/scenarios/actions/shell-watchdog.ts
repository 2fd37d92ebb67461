/**
 * The program of the node process a `cli` step's command runs under (`node -e`, so it needs no
 * file beside the built code). It starts the command in its own process group and kills that
 * group when its stdin — a pipe from the scenario process — closes. The scenario process closes
 * it to stop the step (timeout, Ctrl-C), and the kernel closes it when the scenario process
 * dies however it dies, `kill -9` included: nothing the step started outlives the run.
 * The command's exit code, or the signal that ended it, becomes the watchdog's own.
 */
export const shellWatchdogProgram = `
const { spawn } = require('node:child_process');
const [command, ...args] = JSON.parse(process.argv[1]);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} };
const stop = () => { killGroup(); process.exit(137); };
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
// Ctrl-C reaches this process too: the scenario process decides (it closes stdin to stop).
process.on('SIGINT', () => {});
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
child.on('error', (error) => { process.stderr.write(String(error.message) + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => {
  if (signal === null) process.exit(code ?? 1);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  process.exit(128);
});
`;
