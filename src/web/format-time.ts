/**
 * A time of the lab as the dashboard shows it: Spanish 24-hour clock, in the viewer's time zone,
 * whatever the browser's language (the rest of the page is Spanish).
 */
const clock = new Intl.DateTimeFormat('es', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function formatTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : clock.format(at);
}
