import { notReady, type ReadinessCheck } from './readiness-check.js';

/** Ready once the service has logged a line containing `text`, at least `count` times. */
export function logLine(text: string, count = 1): ReadinessCheck {
  const check: ReadinessCheck = {
    name: count === 1 ? `log line "${text}"` : `log line "${text}" ×${count}`,
    probe(target) {
      if (target.logs === undefined) return Promise.resolve(notReady(check, 'no log output to read'));
      const seen = target.logs.lines().filter((line) => line.includes(text)).length;
      return Promise.resolve(seen >= count ? { ready: true } : notReady(check, `seen ${seen} of ${count}`));
    },
  };
  return check;
}
