import net, { type Socket } from 'node:net';
import { BSON } from 'mongodb';

/**
 * A TCP proxy in front of an engine that can lose one reply: it forwards a command, then closes
 * the client's connection instead of passing the reply back — the first attempt was applied,
 * the driver only sees a network error and retries.
 */
export interface DropReplyProxy {
  readonly port: number;
  /** Where the proxy connects; changed when the engine comes back on another port. */
  upstreamPort: number;
  /**
   * Loses the reply to the next command named `command`. `whileDropped` runs right after (an
   * engine restart): connections opened meanwhile reach the engine only once it has finished.
   */
  dropNextReply(command: string, whileDropped?: () => Promise<void>): void;
  /** Every command name the clients sent, with its txnNumber when it had one, in order. */
  readonly commands: Array<{ name: string; txnNumber?: bigint }>;
  /** Resolves once a reply has been dropped and `whileDropped` finished. */
  dropped(): Promise<void>;
  close(): Promise<void>;
}

export async function startDropReplyProxy(upstreamPort: number): Promise<DropReplyProxy> {
  const sockets = new Set<Socket>();
  let target: { command: string; whileDropped: () => Promise<void> } | undefined;
  let gate: Promise<void> = Promise.resolve();
  let markDropped!: () => void;
  const droppedOnce = new Promise<void>((resolve) => (markDropped = resolve));

  const server = net.createServer((client) => {
    sockets.add(client);
    client.pause();
    client.on('error', () => undefined);
    client.once('close', () => sockets.delete(client));
    void gate.then(() => {
      if (client.destroyed) return;
      const upstream = net.connect(proxy.upstreamPort, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.once('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.once('close', () => upstream.destroy());
      let droppedRequest: number | undefined;
      forEachMessage(client, (message) => {
        const body = commandBody(message);
        const name = Object.keys(body ?? {})[0] ?? '';
        const txn = body?.['txnNumber'];
        proxy.commands.push({ name, ...(txn === undefined ? {} : { txnNumber: BigInt(String(txn)) }) });
        if (target?.command === name && droppedRequest === undefined) droppedRequest = message.readInt32LE(4);
        upstream.write(message);
      });
      forEachMessage(upstream, (message) => {
        if (droppedRequest !== undefined && message.readInt32LE(8) === droppedRequest) {
          const whileDropped = target!.whileDropped;
          target = undefined;
          client.destroy();
          upstream.destroy();
          gate = whileDropped().then(markDropped);
          return;
        }
        if (!client.destroyed) client.write(message);
      });
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const proxy: DropReplyProxy = {
    port: (server.address() as net.AddressInfo).port,
    upstreamPort,
    commands: [],
    dropNextReply: (command, whileDropped = () => Promise.resolve()) => {
      target = { command, whileDropped };
    },
    dropped: () => droppedOnce,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/** Calls `onMessage` with each whole wire message read from `socket`. */
function forEachMessage(socket: Socket, onMessage: (message: Buffer) => void): void {
  let data = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    while (data.length >= 4 && data.length >= data.readInt32LE(0)) {
      const length = data.readInt32LE(0);
      onMessage(data.subarray(0, length));
      data = data.subarray(length);
    }
  });
}

/** The command document of an OP_MSG (its kind-0 section) or a legacy OP_QUERY. */
function commandBody(message: Buffer): Record<string, unknown> | undefined {
  const opCode = message.readInt32LE(12);
  if (opCode === 2013 && message.readUInt8(20) === 0)
    return BSON.deserialize(message.subarray(21, 21 + message.readInt32LE(21)));
  return undefined;
}
