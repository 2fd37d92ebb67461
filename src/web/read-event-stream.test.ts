import { describe, expect, it } from 'vitest';
import { createEventParser, readEventStream, type ServerSentEvent } from './read-event-stream.js';

describe('readEventStream', () => {
  it("yields the bridge's events whole, however the stream is cut, skipping comments", async () => {
    const text =
      'retry: 3000\n: watching order changes\n\n' +
      'event: order-change\nid: evt_1\ndata: {"orderId":"ord_1"}\n\n' +
      ': keep-alive\n\n' +
      'event: error\r\ndata: {"error":"unavailable"}\r\n\r\n';
    const cuts = [5, 40, 41, 77, 90];
    const chunks = [0, ...cuts].map((from, index) => text.slice(from, cuts[index] ?? text.length));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    await readEventStream(body, (event) => events.push(event));
    expect(events).toEqual([
      { event: 'order-change', data: '{"orderId":"ord_1"}' },
      { event: 'error', data: '{"error":"unavailable"}' },
    ]);
  });

  it('joins several data lines and names an unnamed event "message"', () => {
    const events: ServerSentEvent[] = [];
    const parser = createEventParser((event) => events.push(event));
    parser.push('data: one\ndata:two\n\ndata\n\n');
    expect(events).toEqual([
      { event: 'message', data: 'one\ntwo' },
      { event: 'message', data: '' },
    ]);
  });
});
