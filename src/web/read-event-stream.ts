/** One event of a `text/event-stream`: its `event:` name (`message` by default) and its `data:` lines joined. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Reads a Server-Sent Events body until it ends, calling `onEvent` for each event (comments such
 * as keep-alives are skipped). Read over fetch rather than EventSource: fetch can present the
 * dashboard's token in a header and tells a refusal (401, 502) from a network failure.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createEventParser(onEvent);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // stream: a character cut between two chunks is completed by the next one.
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The event-stream format (HTML §9.2.6) fed chunk by chunk: a line may arrive in two chunks. */
export function createEventParser(onEvent: (event: ServerSentEvent) => void): { push(chunk: string): void } {
  let pending = '';
  let event = 'message';
  let data: string[] = [];
  const takeLine = (line: string) => {
    if (line === '') {
      if (data.length > 0) onEvent({ event, data: data.join('\n') });
      event = 'message';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return {
    push(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) takeLine(line.replace(/\r$/, ''));
    },
  };
}
