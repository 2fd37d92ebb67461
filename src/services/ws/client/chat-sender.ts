import type { Socket } from 'socket.io-client';

/** How one message ended: stored (with its id), or not stored and why. */
export type ChatSendOutcome =
  { readonly stored: true; readonly text: string; readonly messageId: string } | ChatNotStored;
export interface ChatNotStored {
  readonly stored: false;
  readonly text: string;
  readonly error: string;
  readonly message: string;
}

/** A refused event costs no token; waiting one refill (100 ms at 10/s) is enough. */
const rateLimitedPauseMs = 150;
/** A server that keeps refusing for this many tries (several seconds) is reported, not waited on forever. */
const maxRateLimitedAttempts = 40;

/** What the ws-server answers to `chat:message`. */
interface ChatAck {
  readonly messageId?: string;
  readonly error?: string;
  readonly message?: string;
}

/**
 * Sends chat messages one after another (so they are stored in the order typed) and keeps every
 * outcome: a caller that is done waits for `settled()` before closing the socket, so no message is
 * cut off by the close, and it can tell exactly which ones were not stored.
 */
export class ChatSender {
  private chain: Promise<void> = Promise.resolve();
  private readonly outcomes: ChatSendOutcome[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly target: { readonly user: string; readonly room: string },
    /** Long enough for a ws-server to find out that its MongoDB is gone and say so. */
    private readonly ackTimeoutMs = 10_000,
  ) {}

  /** Queues a message; resolves with its outcome once the ws-server acknowledged it (or did not). */
  send(text: string): Promise<ChatSendOutcome> {
    const outcome = this.chain.then(() => this.sendNow(text));
    this.chain = outcome.then((settled) => void this.outcomes.push(settled));
    return outcome;
  }

  /** Every outcome so far, once all queued messages are acknowledged or given up on. */
  async settled(): Promise<readonly ChatSendOutcome[]> {
    await this.chain;
    return this.outcomes;
  }

  private async sendNow(text: string): Promise<ChatSendOutcome> {
    // The ws-server allows a burst, then about 10 messages a second: a long paste is paced, not refused.
    for (let attempt = 0; ; attempt++) {
      let ack: ChatAck;
      try {
        ack = (await this.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck('chat:message', { text, user: this.target.user, room: this.target.room })) as ChatAck;
      } catch {
        return {
          stored: false,
          text,
          error: 'no_ack',
          message: `no acknowledgement within ${this.ackTimeoutMs / 1000} s; it may not have been stored`,
        };
      }
      if (ack.error === 'rate_limited' && attempt < maxRateLimitedAttempts) {
        await new Promise((resolve) => setTimeout(resolve, rateLimitedPauseMs));
        continue;
      }
      if (ack.error === undefined && typeof ack.messageId === 'string')
        return { stored: true, text, messageId: ack.messageId };
      return {
        stored: false,
        text,
        error: ack.error ?? 'invalid_ack',
        message: ack.message ?? 'the ws-server answered without a message id',
      };
    }
  }
}
