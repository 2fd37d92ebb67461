import { InvalidArgumentError } from 'commander';
import { toDidYouMean } from './suggest-similar.js';

/**
 * Commander's `.choices()` check with a suggestion: `webhook-receiver` is refused with the
 * allowed choices and "Did you mean webhooks-receiver?". Set after `.choices()`, which keeps
 * the list for `--help`.
 */
export function parseChoice(choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (choices.includes(value)) return value;
    const suggestion = toDidYouMean(value, choices);
    throw new InvalidArgumentError(
      `${suggestion === '' ? '' : `${suggestion} `}Allowed choices are ${choices.join(', ')}.`,
    );
  };
}
