import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../errors.js';
import { connectWsNamespace } from '../services/ws/client/connect-ws-namespace.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseWholeNumberFlag } from './parse-flags.js';
import { waitForStop } from './wait-for-stop.js';

const namespaces = ['/notifications', '/chat'];

export function registerWsCommand(program: Command, context: CliContext): void {
  const ws = program.command('ws').description('a Socket.IO client for the lab\'s ws-server, from the terminal');

  ws.command('listen')
    .description('print events as they arrive (Ctrl-C to stop)')
    .option('--namespace <ns>', '/notifications or /chat', '/notifications')
    .option('--json', 'one JSON object per event')
    .action(async (flags: { namespace: string; json?: boolean }, command: Command) => {
      if (!namespaces.includes(flags.namespace)) throw new UsageError(`--namespace ${JSON.stringify(flags.namespace)} must be /notifications or /chat.`);
      const { config, socket } = await connect(context, command, flags.namespace, true);
      context.stderr.write(`Listening on ${config.wsServerUrl}${flags.namespace} (Ctrl-C to stop)\n`);
      socket.onAny((event: string, payload: unknown) => {
        const items = event === 'notifications:recent' && Array.isArray(payload) ? payload.map((item) => ['order:update (recent)', item] as const) : [[event, payload] as const];
        for (const [name, item] of items) context.stdout.write(flags.json === true ? `${JSON.stringify({ event: name, data: item })}\n` : `${name}  ${describe(item)}\n`);
      });
      socket.on('disconnect', (reason) => reason !== 'io client disconnect' && context.stderr.write(`Disconnected (${reason}); reconnecting…\n`));
      await waitForStop(context.signal);
      socket.close();
    });

  ws.command('chat')
    .description('send one message, or chat interactively when none is given')
    .argument('[message]', 'the message to send')
    .option('--user <name>', 'who is speaking', process.env['USER'] ?? 'learner')
    .option('--room <room>', 'chat room', 'general')
    .action(async (message: string | undefined, flags: { user: string; room: string }, command: Command) => {
      const { socket } = await connect(context, command, '/chat', message === undefined);
      if (flags.room !== 'general') await socket.emitWithAck('chat:join', flags.room);
      const send = async (text: string) => {
        const ack = (await socket.timeout(5000).emitWithAck('chat:message', { text, user: flags.user, room: flags.room })) as { messageId?: string; error?: string; message?: string };
        if (ack.error !== undefined) throw new UsageError(`The ws-server refused the message: ${ack.message ?? ack.error}.`);
        return ack;
      };
      if (message !== undefined) {
        const ack = await send(message);
        context.stdout.write(`✓ sent ${ack.messageId}\n`);
        socket.close();
        return;
      }
      socket.on('chat:message', (incoming: { user: string; text: string; room: string }) => context.stdout.write(`[${incoming.room}] ${incoming.user}: ${incoming.text}\n`));
      context.stderr.write(`Chatting in ${flags.room} as ${flags.user}. Type a message and press Enter; Ctrl-C to leave.\n`);
      const lines = createInterface({ input: process.stdin });
      lines.on('line', (line) => {
        if (line.trim() !== '') void send(line).catch((error: Error) => context.stderr.write(`✗ ${error.message}\n`));
      });
      await Promise.race([waitForStop(context.signal), new Promise((resolve) => lines.once('close', resolve))]);
      lines.close();
      socket.close();
    });

  ws.command('history')
    .description('the chat history, newest first')
    .option('--limit <n>', 'how many messages (1-100)', '20')
    .option('--room <room>', 'chat room', 'general')
    .option('--json', 'print them as JSON')
    .action(async (flags: { limit: string; room: string; json?: boolean }, command: Command) => {
      const limit = parseWholeNumberFlag('--limit', flags.limit, { min: 1, max: 100 });
      const { socket } = await connect(context, command, '/chat', false);
      const reply = (await socket.timeout(5000).emitWithAck('chat:history', { limit, room: flags.room })) as { messages: Array<{ createdAt: string; user: string; text: string }>; nextCursor: string | null };
      socket.close();
      if (flags.json === true) return void context.stdout.write(`${JSON.stringify(reply, null, 2)}\n`);
      if (reply.messages.length === 0) return void context.stderr.write(`No messages in ${flags.room} yet. Send one with: rtlab ws chat "hola"\n`);
      for (const message of reply.messages) context.stdout.write(`${message.createdAt}  ${message.user}: ${message.text}\n`);
    });
}

async function connect(context: CliContext, command: Command, namespace: string, reconnect: boolean) {
  const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
  try {
    return { config, socket: await connectWsNamespace({ url: config.wsServerUrl, namespace, token: config.wsToken, reconnect }) };
  } catch (error) {
    const unauthorized = (error as Error).message === 'unauthorized';
    throw new EnvironmentError(unauthorized ? `The ws-server at ${config.wsServerUrl} refused WS_TOKEN.` : `No ws-server answers at ${config.wsServerUrl}.`, {
      hint: unauthorized ? 'Use the same .env (WS_TOKEN) as the ws-server.' : 'Start it with: rtlab serve ws-server',
      cause: error,
    });
  }
}

function describe(item: unknown): string {
  if (item !== null && typeof item === 'object') {
    const update = item as Record<string, unknown>;
    if ('orderId' in update) return `${String(update['orderId'])} → ${String(update['status'])} (${String(update['source'])}, ${String(update['at'])})`;
    if ('text' in update) return `${String(update['user'])}: ${String(update['text'])}`;
  }
  return JSON.stringify(item);
}
