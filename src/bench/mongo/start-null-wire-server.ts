import net, { type AddressInfo, type Socket } from 'node:net';
import { Long, ObjectId, type Document } from 'bson';
import { MessageSplitter } from '../../mongo/lite/wire/message-splitter.js';
import { encodeOpMsg, parseOpMsg } from '../../mongo/lite/wire/op-msg.js';
import { encodeOpReply, parseOpQuery } from '../../mongo/lite/wire/op-query.js';
import { OpCode, readHeader } from '../../mongo/lite/wire/wire-message.js';

export interface StartedNullWireServer {
  readonly uri: string;
  stop(): Promise<void>;
}

/**
 * A server that speaks the wire protocol and does no work: every command gets a canned answer.
 * Measured with the same driver, it is the ceiling the driver itself sets, the baseline the
 * embedded engine is compared with.
 */
export async function startNullWireServer(): Promise<StartedNullWireServer> {
  const sockets = new Set<Socket>();
  let requestId = 0;
  let address = '';
  const cannedDocument = { _id: new ObjectId(), email: 'user1@lab.test', n: 1, payload: 'x'.repeat(64) };
  const answer = (body: Document): Document => {
    const name = Object.keys(body)[0] ?? '';
    switch (name) {
      case 'hello':
      case 'ismaster':
      case 'isMaster':
        return {
          isWritablePrimary: true,
          ismaster: true,
          helloOk: true,
          setName: 'rs0',
          hosts: [address],
          primary: address,
          me: address,
          maxWireVersion: 21,
          minWireVersion: 0,
          logicalSessionTimeoutMinutes: 30,
          maxBsonObjectSize: 16777216,
          maxMessageSizeBytes: 48000000,
          maxWriteBatchSize: 100000,
          ok: 1,
        };
      case 'insert':
        return { n: 1, ok: 1 };
      case 'update':
        return { n: 1, nModified: 1, ok: 1 };
      case 'find':
        return {
          cursor: {
            id: Long.fromNumber(0),
            ns: `${String(body['$db'])}.${String(body['find'])}`,
            firstBatch: [cannedDocument],
          },
          ok: 1,
        };
      default:
        return { ok: 1 };
    }
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    const splitter = new MessageSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const message of splitter.push(chunk)) {
        const isMsg = readHeader(message).opCode === OpCode.msg;
        const command = isMsg ? parseOpMsg(message) : parseOpQuery(message);
        if (command.moreToCome) continue;
        const reply = answer(command.body);
        socket.write(
          isMsg
            ? encodeOpMsg(reply, command.header.requestId, ++requestId)
            : encodeOpReply(reply, command.header.requestId, ++requestId),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    uri: `mongodb://${address}/?replicaSet=rs0`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
