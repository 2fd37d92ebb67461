import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** `--data '{"a":1}'` or `--data @payload.json` (relative to --cwd), parsed. */
export function readJsonOption(flag: string, text: string, cwd: string): unknown {
  let source = text;
  if (text.startsWith('@')) {
    const file = path.resolve(cwd, text.slice(1));
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `${flag} ${text}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        { hint: 'Check the path; it is relative to the working folder.' },
      );
    }
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}.`, {
      hint: `Quote it for your shell, e.g. ${flag} '{"orderId":"ord_1"}', or pass a file with ${flag} @data.json.`,
    });
  }
}
