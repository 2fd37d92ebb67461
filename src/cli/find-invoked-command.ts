import type { Command } from 'commander';

/**
 * The top-level command that `args` (argv without node and the script) runs, found as commander
 * will: the first operand, skipping the program's own options and their values. `rtlab help
 * serve` names serve. Undefined for `rtlab`, `rtlab --version` and `rtlab --help`.
 */
export function findInvokedCommand(program: Command, args: readonly string[]): string | undefined {
  const takesValue = new Set(
    program.options.filter((option) => option.required).flatMap((option) => [option.long, option.short]),
  );
  const operands: string[] = [];
  for (let index = 0; index < args.length && operands.length < 2; index++) {
    const arg = args[index]!;
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') operands.push(arg);
    else if (takesValue.has(arg)) index++;
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}
