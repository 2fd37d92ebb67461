import type { CliContext } from '../cli-context.js';

/**
 * Whether `rtlab up` draws its dashboard: on a terminal (output and keyboard), unless `--no-ui`,
 * or under CI, where ink would draw only the last frame (the same test as ink's own, `is-in-ci`).
 */
export function showsDashboard(
  context: Pick<CliContext, 'stdout' | 'env'>,
  stdin: { readonly isTTY?: boolean },
  ui: boolean,
): boolean {
  const set = (name: string) => {
    const value = context.env[name];
    return value !== undefined && value !== '0' && value !== 'false';
  };
  return ui && context.stdout.isTTY === true && stdin.isTTY === true && !set('CI') && !set('CONTINUOUS_INTEGRATION');
}
