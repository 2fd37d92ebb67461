/**
 * A file system error for a one-line message: "ENOSPC: no space left on device", without Node's
 * trailing ", write '/path'" (the message names the file itself).
 */
export function describeFsError(error: unknown): string {
  const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
  const text = typeof message === 'string' ? message.replace(/, \w+.*$/, '') : String(error);
  return code !== undefined && !text.startsWith(code) ? `${code}: ${text}` : text;
}
