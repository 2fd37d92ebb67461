import { maxMessageSizeBytes } from './wire-message.js';

/** A peer broke the framing: the connection cannot continue and is closed. */
export class WireProtocolError extends Error {}

/**
 * Cuts a TCP byte stream into whole wire messages: each starts with its own int32 length.
 * Chunks are kept as a list and joined once per message, so a large message arriving in many
 * small chunks is not copied over and over.
 */
export class MessageSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxBytes = maxMessageSizeBytes) {}

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const length = this.peekLength();
      if (length < 16 || length > this.maxBytes) {
        throw new WireProtocolError(`message length ${length} is outside 16..${this.maxBytes} bytes`);
      }
      if (this.buffered < length) break;
      messages.push(this.take(length));
    }
    return messages;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= 4) return first.readInt32LE(0);
    return Buffer.concat(this.chunks).readInt32LE(0);
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const message = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return message;
  }
}
