/**
 * Hints name commands as `rtlab …`, which is what runs once rtlab is installed. Run through
 * `npx rtlab` (a clone, or a project that has it as a dependency), a bare `rtlab` is not on the
 * user's PATH, so the hint gives the command they can actually type: `npx rtlab …`.
 */
export function asInvoked(hint: string, env: Readonly<Record<string, string | undefined>>): string {
  if (env['npm_command'] !== 'exec') return hint;
  return hint.replace(/(?<![\w./-])(?<!npx )rtlab(?= [a-z-])/g, 'npx rtlab');
}
