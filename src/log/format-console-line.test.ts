import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { formatConsoleLine } from './format-console-line.js';
import type { LogEntry } from './log-entry.js';

// Local time, as a terminal shows it: 03:04:05.006 wherever the test runs.
const timestamp = new Date(2026, 10, 29, 3, 4, 5, 6).toISOString();

function entry(overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    timestamp,
    level: 'info',
    service: 'webhooks-receiver',
    message: 'Handling order.created event',
    meta: {},
    ...overrides,
  };
}

describe('console log lines', () => {
  it('read time, service, level, message, then metadata, with no colour codes when colour is off', () => {
    const line = formatConsoleLine(entry({ meta: { eventId: 'evt_1', attempt: 2 } }), { color: false });
    expect(line).toBe('03:04:05.006 webhooks-receiver info  Handling order.created event eventId=evt_1 attempt=2');
  });

  it('end with the message when there is no metadata (no trailing space)', () => {
    expect(formatConsoleLine(entry(), { color: false })).toBe(
      '03:04:05.006 webhooks-receiver info  Handling order.created event',
    );
  });

  it('pad service names to serviceWidth so that messages line up', () => {
    const short = formatConsoleLine(entry({ service: 'mongo' }), { color: false, serviceWidth: 17 });
    const long = formatConsoleLine(entry({ service: 'webhooks-receiver' }), { color: false, serviceWidth: 17 });
    expect(short.indexOf('info')).toBe(long.indexOf('info'));
    expect(short).toBe('03:04:05.006 mongo             info  Handling order.created event');
  });

  it('quote metadata values that hold spaces, quotes or "=", print others as JSON, and leave out undefined ones', () => {
    const line = formatConsoleLine(
      entry({
        meta: {
          url: 'http://127.0.0.1:3001/webhooks',
          error: 'connect ECONNREFUSED 127.0.0.1',
          expr: 'a=b',
          quoted: 'say "hi"',
          empty: '',
          status: 503,
          ok: false,
          body: { a: [1] },
          gone: undefined,
        },
      }),
      { color: false },
    );
    expect(line).toBe(
      '03:04:05.006 webhooks-receiver info  Handling order.created event url=http://127.0.0.1:3001/webhooks error="connect ECONNREFUSED 127.0.0.1" expr="a=b" quoted="say \\"hi\\"" empty="" status=503 ok=false body={"a":[1]}',
    );
  });

  it('shows a timestamp it cannot read as it came, rather than "Invalid Date"', () => {
    expect(formatConsoleLine(entry({ timestamp: 'yesterday' }), { color: false })).toBe(
      'yesterday webhooks-receiver info  Handling order.created event',
    );
  });

  it('colours the line when asked, with the same text underneath', () => {
    const options = { color: true };
    const line = formatConsoleLine(entry({ meta: { eventId: 'evt_1' } }), options);
    expect(stripVTControlCharacters(line)).not.toBe(line);
    expect(stripVTControlCharacters(line)).toBe(
      formatConsoleLine(entry({ meta: { eventId: 'evt_1' } }), { color: false }),
    );
    // The message itself stays uncoloured, so it reads (and greps) the same on any terminal.
    expect(line).toContain(' Handling order.created event ');
  });

  it('paints errors red and bold, warnings yellow, info green, and other levels grey', () => {
    const levelCodes = (level: string) => {
      const line = formatConsoleLine(entry({ level }), { color: true });
      const before = line.slice(0, line.indexOf(level));
      return before.slice(before.lastIndexOf('\u001b[39m') + '\u001b[39m'.length);
    };
    expect(levelCodes('error')).toContain('\u001b[31m');
    expect(levelCodes('error')).toContain('\u001b[1m');
    expect(levelCodes('warn')).toBe(' \u001b[33m');
    expect(levelCodes('info')).toBe(' \u001b[32m');
    expect(levelCodes('debug')).toBe(' \u001b[90m');
  });

  it('gives each service one colour, the same on every line and in a fresh process', async () => {
    const colourIn = (format: typeof formatConsoleLine) => (service: string) =>
      format(entry({ service }), { color: true }).split(service)[0]!.split(' ').at(-1);
    const services = ['webhooks-receiver', 'webhooks-sender', 'ws-server', 'mongo', 'grpc-server', 'grpc-client'];
    const colours = services.map(colourIn(formatConsoleLine));
    expect(services.map(colourIn(formatConsoleLine))).toEqual(colours);
    // A freshly loaded module has no memory of earlier lines: the colour comes from the name alone.
    vi.resetModules();
    const fresh = (await import('./format-console-line.js')).formatConsoleLine;
    expect([...services].reverse().map(colourIn(fresh)).reverse()).toEqual(colours);
    // Six services do not all share one colour: the palette tells them apart.
    expect(new Set(colours).size).toBeGreaterThan(1);
  });
});
