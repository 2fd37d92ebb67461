import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { findInvokedCommand } from './find-invoked-command.js';

const program = new Command('rtlab')
  .version('1.0.0', '-v, --version')
  .option('--cwd <dir>', 'folder')
  .addOption(new Option('--log-level <level>', 'verbosity').choices(['info', 'warn']))
  .option('--no-color', 'plain');

describe('findInvokedCommand', () => {
  it.each([
    [[], undefined],
    [['--version'], undefined],
    [['--help'], undefined],
    [['doctor', '--json'], 'doctor'],
    [['--cwd', 'tail', 'doctor'], 'doctor'],
    [['--cwd=/x', '--no-color', 'serve', 'webhooks-receiver'], 'serve'],
    [['--log-level', 'warn', 'tail', 'logs', '--since', '10m'], 'tail'],
    [['help', 'serve'], 'serve'],
    [['help'], undefined],
    [['doctr'], 'doctr'],
  ])('%j runs %s', (args, name) => {
    expect(findInvokedCommand(program, args)).toBe(name);
  });
});
