/**
 * How every table the CLI prints shows a time: local, as the terminal's clock reads, to the
 * minute (`14:05`), with the date in front when it is not today (`2026-11-28 14:05`). `--json`
 * keeps the exact time, in ISO UTC.
 */
export function toLocalTime(date: Date, now = new Date()): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}`;
  const today =
    date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return today ? clock : `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${clock}`;
}
