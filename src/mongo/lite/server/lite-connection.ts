import type { Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext } from '../commands/command-context.js';
import { runCommand } from '../commands/run-command.js';
import { MessageSplitter, WireProtocolError } from '../wire/message-splitter.js';
import { encodeOpMsg, parseOpMsg } from '../wire/op-msg.js';
import { encodeOpReply, parseOpQuery } from '../wire/op-query.js';
import { OpCode, readHeader, type WireCommand } from '../wire/wire-message.js';

export interface LiteConnectionOptions {
  readonly socket: Socket;
  readonly context: CommandContext;
  readonly nextRequestId: () => number;
  readonly onProtocolError: (error: Error) => void;
}

/**
 * One client connection. Messages are handled strictly in arrival order, one at a time, as
 * mongod does per connection; a long getMore on one connection never delays another.
 */
export class LiteConnection {
  private readonly splitter = new MessageSplitter();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: LiteConnectionOptions) {
    const { socket } = options;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  /** Resolves when every message received so far has been answered. */
  drain(): Promise<void> {
    return this.queue;
  }

  private receive(chunk: Buffer): void {
    let messages: Buffer[];
    try {
      messages = this.splitter.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    for (const message of messages) this.queue = this.queue.then(() => this.handle(message));
  }

  private async handle(message: Buffer): Promise<void> {
    if (this.closed) return;
    let command: WireCommand;
    try {
      command = parseMessage(message);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    const reply = await runCommand(command.body, this.options.context);
    if (command.moreToCome || this.closed) return;
    this.options.socket.write(encodeReply(command, reply, this.options.nextRequestId()));
  }

  private fail(error: Error): void {
    this.options.onProtocolError(error);
    this.closed = true;
    this.options.socket.destroy();
  }
}

function parseMessage(message: Buffer): WireCommand {
  const { opCode } = readHeader(message);
  if (opCode === OpCode.msg) return parseOpMsg(message);
  if (opCode === OpCode.query) return parseOpQuery(message);
  throw new WireProtocolError(`opcode ${opCode} is not supported (the engine speaks OP_MSG, and OP_QUERY for the handshake)`);
}

function encodeReply(command: WireCommand, reply: Document, requestId: number): Buffer {
  return command.kind === 'msg' ? encodeOpMsg(reply, command.header.requestId, requestId) : encodeOpReply(reply, command.header.requestId, requestId);
}
