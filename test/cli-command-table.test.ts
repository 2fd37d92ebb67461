import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../src/cli/cli-context.js';
import { commandTable } from '../src/cli/command-table.js';

/**
 * `rtlab --help` is printed from the command table without loading the commands: each entry
 * must say what the command, once loaded, says of itself.
 */
describe('the command table', () => {
  const context = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: {},
    signal: new AbortController().signal,
    exitCode: 0,
  } satisfies CliContext;

  for (const entry of commandTable) {
    it(`${entry.name}: the summary and usage in --help are the loaded command's`, async () => {
      const program = new Command('rtlab');
      (await entry.load())(program, context);
      const command = program.commands.find((candidate) => candidate.name() === entry.name);
      expect(command?.description()).toBe(entry.summary);
      expect(new Help().subcommandTerm(command!)).toBe(`${entry.name} ${entry.usage}`.trim());
    });
  }

  it('lists each command once', () => {
    expect(new Set(commandTable.map((entry) => entry.name)).size).toBe(commandTable.length);
  });
});
