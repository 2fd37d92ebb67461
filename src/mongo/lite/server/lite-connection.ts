import type { Socket } from 'node:net';
import type { CommandContext } from '../commands/command-context.js';
import { runCommand } from '../commands/run-command.js';
import { MessageSplitter, WireProtocolError } from '../wire/message-splitter.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { isMoreToCome, parseOpMsg } from '../wire/op-msg.js';
import { parseOpQuery } from '../wire/op-query.js';
import { encodeReply } from './encode-reply.js';
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
      // A well-framed message whose content mongod refuses (nesting too deep) gets an error
      // reply, as from mongod; a broken frame ends the connection.
      if (error instanceof MongoCommandError) this.refuse(message, error);
      else this.fail(error as Error);
      return;
    }
    // runCommand answers every failure of the command itself; this catch keeps one request's
    // surprise from rejecting the queue, which would silence every later request.
    const reply = await runCommand(command.body, this.options.context).catch((error: unknown) =>
      new MongoCommandError(
        ErrorCode.InternalError,
        `request failed inside rtlab's embedded engine: ${(error as Error).message}`,
      ).toReply(),
    );
    if (command.moreToCome || this.closed) return;
    this.options.socket.write(encodeReply(command, reply, this.options.nextRequestId()));
  }

  private refuse(message: Buffer, error: MongoCommandError): void {
    const header = readHeader(message);
    const kind = header.opCode === OpCode.msg ? 'msg' : 'query';
    if (kind === 'msg' && isMoreToCome(message)) return;
    this.options.socket.write(
      encodeReply({ header, kind, body: {}, moreToCome: false }, error.toReply(), this.options.nextRequestId()),
    );
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
  throw new WireProtocolError(
    `opcode ${opCode} is not supported (the engine speaks OP_MSG, and OP_QUERY for the handshake)`,
  );
}
