import type { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';

/**
 * Commander's own errors (an unknown command or option, a missing argument, a value outside the
 * choices) in rtlab's shape: what is wrong, then a hint with commander's suggestion and the help
 * that shows the usage. `error: unknown option '--jsno'\n(Did you mean --json?)` becomes
 * `unknown option '--jsno'.` with the hint `Did you mean --json? Run rtlab doctor --help …`.
 */
export function toUsageError(error: CommanderError, command: Command): UsageError {
  const [raw = '', ...rest] = error.message.replace(/^error: /, '').split('\n');
  const first = inPlainWords(raw);
  // Commander puts the rule after the first sentence: "… is invalid. Allowed choices are a, b."
  const end = first.indexOf('. ');
  const what = end === -1 ? first : first.slice(0, end + 1);
  const detail = end === -1 ? '' : first.slice(end + 2);
  const suggestion = rest.map((line) => line.replace(/^\((.*)\)$/, '$1')).join(' ');
  const path = commandPath(command);
  const help =
    command.parent === null ? `Run ${path} --help to see the commands.` : `Run ${path} --help to see its usage.`;
  return new UsageError(/[.?]$/.test(what) ? what : `${what}.`, {
    hint: [detail, suggestion, help].filter((part) => part !== '').join(' '),
    cause: error,
  });
}

/**
 * Commander's grammar terms, which a user did not type, in the words of what they typed:
 * `command-argument value 'x' is invalid for argument 'service'.` and `option '--level <level>'
 * argument 'x' is invalid.` become `'x' is not a valid <service>.` and `'x' is not a valid --level.`
 */
function inPlainWords(message: string): string {
  return message
    .replace(/^command-argument value ('.*') is invalid for argument '(.*?)'\./, '$1 is not a valid <$2>.')
    .replace(/^option '(-[^' ]+)[^']*' argument ('.*') is invalid\./, '$2 is not a valid $1.');
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}
