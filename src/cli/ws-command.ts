import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EnvironmentError, ExitCode, RtlabError, UsageError } from '../errors.js';
import { ChatSender, type ChatNotStored } from '../services/ws/client/chat-sender.js';
import { connectWsNamespace } from '../services/ws/client/connect-ws-namespace.js';
import { NotificationCursor } from '../notification-cursor.js';
import type { NotificationsReset, NotificationUpdate } from '../lab-events.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { formatTable, type TableColumn } from './format-table.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseWholeNumberFlag } from './parse-flags.js';
import { toLocalTime } from './to-local-time.js';
import { printableJson, toPrintable } from './to-printable.js';
import { waitForStop } from './wait-for-stop.js';

type Socket = Awaited<ReturnType<typeof connectWsNamespace>>;

const namespaces = ['/notifications', '/chat'];

/** A chat as it reads: who said what, after the time (as every table shows times). */
const historyColumns: readonly TableColumn[] = [{ header: 'TIME' }, { header: 'MESSAGE' }];

const chatHelp = `
Exit codes: 0 every message was stored; 1 one was not (each listed with the reason); 2 the
ws-server refused a single message as invalid, or a bad flag or setting; 3 no ws-server answers
at WS_SERVER_URL, or it refused WS_TOKEN.

Examples:
  rtlab ws chat "hola"
  printf 'one\\ntwo\\n' | rtlab ws chat --user ana`;

export function registerWsCommand(program: Command, context: CliContext): void {
  const ws = program.command('ws').description("a Socket.IO client for the lab's ws-server, from the terminal");

  ws.command('listen')
    .description('print events as they arrive (Ctrl-C to stop)')
    .option('--namespace <ns>', '/notifications or /chat', '/notifications')
    .option('--json', 'one JSON object per event')
    .action(async (flags: { namespace: string; json?: boolean }, command: Command) => {
      if (!namespaces.includes(flags.namespace))
        throw new UsageError(`--namespace ${JSON.stringify(flags.namespace)} must be /notifications or /chat.`);
      // The last notification seen goes in every reconnection's handshake: the server replays what was missed.
      const cursor = new NotificationCursor();
      const print = (name: string, item: unknown) =>
        context.stdout.write(
          flags.json === true
            ? `${printableJson({ event: name, data: item })}\n`
            : `${toPrintable(`${name}  ${describe(item)}`)}\n`,
        );
      const { config, socket } = await connect(context, command, {
        namespace: flags.namespace,
        reconnect: true,
        readOnly: true,
        ...(flags.namespace === '/notifications' ? { auth: () => cursor.toAuth() } : {}),
        // Before the handshake: the replay that follows it may arrive in the same read.
        listen: (client) =>
          client.onAny((event: string, payload: unknown) => {
            if (event === 'notifications:reset') {
              const reset = payload as NotificationsReset;
              if (flags.json === true) print(event, reset);
              return void context.stderr.write(
                `Missed more notifications than the ws-server replays (${reset.maxReplay}); showing the latest instead.\n`,
              );
            }
            if (event === 'notifications:recent' && Array.isArray(payload)) {
              cursor.startFrom(payload as NotificationUpdate[]);
              for (const item of payload) print('order:update (recent)', item);
              return;
            }
            if (event === 'order:update' && !cursor.accept(payload as NotificationUpdate)) return;
            print(event, payload);
          }),
      });
      context.stderr.write(`Listening on ${config.wsServerUrl}${flags.namespace} (Ctrl-C to stop)\n`);
      socket.on(
        'disconnect',
        (reason) =>
          reason !== 'io client disconnect' && context.stderr.write(`Disconnected (${reason}); reconnecting…\n`),
      );
      await waitForStop(context.signal);
      socket.close();
    });

  ws.command('chat')
    .description('send one message, or chat interactively when none is given')
    .argument('[message]', 'the message to send')
    .option('--user <name>', 'who is speaking', process.env['USER'] ?? 'learner')
    .option('--room <room>', 'chat room', 'general')
    .addHelpText('after', chatHelp)
    .action(async (message: string | undefined, flags: { user: string; room: string }, command: Command) => {
      const { socket } = await connect(context, command, {
        namespace: '/chat',
        reconnect: message === undefined,
        readOnly: false,
      });
      if (flags.room !== 'general') {
        const joined = (await socket.timeout(5000).emitWithAck('chat:join', flags.room)) as {
          error?: string;
          message?: string;
        };
        if (joined.error !== undefined)
          throw new UsageError(`The ws-server refused the room: ${joined.message ?? joined.error}.`);
      }
      const sender = new ChatSender(socket, { user: flags.user, room: flags.room });
      if (message !== undefined) {
        const outcome = await sender.send(message);
        socket.close();
        if (outcome.stored) return void context.stdout.write(`✓ sent ${outcome.messageId}\n`);
        // A message the server finds invalid is the user's to fix; one it could not store is not.
        if (outcome.error === 'invalid_message')
          throw new UsageError(`The ws-server refused the message: ${outcome.message}.`);
        throw notStored([outcome], 1);
      }
      // Piped lines (stdin not a terminal) are sent, not a conversation: no prompt, and the room's
      // messages (the piped ones among them) are not echoed into the output.
      if (process.stdin.isTTY === true) {
        socket.on('chat:message', (incoming: { user: string; text: string; room: string }) =>
          context.stdout.write(`${toPrintable(`[${incoming.room}] ${incoming.user}: ${incoming.text}`)}\n`),
        );
        context.stderr.write(
          `Chatting in ${flags.room} as ${flags.user}. Type a message and press Enter; Ctrl-C to leave.\n`,
        );
      }
      const lines = createInterface({ input: process.stdin, terminal: false });
      lines.on('line', (line) => {
        if (line.trim() === '') return;
        void sender
          .send(line)
          .then(
            (outcome) =>
              outcome.stored ||
              context.stderr.write(
                `${toPrintable(`✗ not stored: ${JSON.stringify(outcome.text)}: ${outcome.message}`)}\n`,
              ),
          );
      });
      await Promise.race([waitForStop(context.signal), new Promise((resolve) => lines.once('close', resolve))]);
      lines.close();
      // Every message typed (or piped) gets its acknowledgement before the socket closes.
      const outcomes = await sender.settled();
      socket.close();
      const failed = outcomes.filter((outcome): outcome is ChatNotStored => !outcome.stored);
      if (failed.length > 0) throw notStored(failed, outcomes.length);
    });

  ws.command('history')
    .description('the chat history, newest first')
    .option('--limit <n>', 'how many messages (1-100)', '20')
    .option('--room <room>', 'chat room', 'general')
    .option('--json', 'print them as JSON')
    .action(async (flags: { limit: string; room: string; json?: boolean }, command: Command) => {
      const limit = parseWholeNumberFlag('--limit', flags.limit, { min: 1, max: 100 });
      const { socket } = await connect(context, command, { namespace: '/chat', reconnect: false, readOnly: true });
      const reply = (await socket.timeout(5000).emitWithAck('chat:history', { limit, room: flags.room })) as {
        messages: Array<{ createdAt: string; user: string; text: string }>;
        nextCursor: string | null;
      };
      socket.close();
      if (flags.json === true) return void context.stdout.write(`${printableJson(reply, 2)}\n`);
      if (reply.messages.length === 0)
        return void context.stderr.write(`No messages in ${flags.room} yet. Send one with: rtlab ws chat "hola"\n`);
      const rows = reply.messages.map((message) => [
        toLocalTime(new Date(message.createdAt)),
        `${message.user}: ${message.text}`,
      ]);
      context.stdout.write(
        formatTable(historyColumns, rows, {
          color: isColorEnabled(context.stdout, context.env, command.optsWithGlobals<GlobalOptions>().color),
        }),
      );
    });
}

/** Messages the ws-server did not store: exit 1, naming each and why. */
function notStored(failed: readonly ChatNotStored[], total: number): RtlabError {
  const lines = failed.map((outcome) => `  - ${JSON.stringify(outcome.text)}: ${outcome.message} (${outcome.error})`);
  const unavailable = failed.some((outcome) => outcome.error === 'database_unavailable');
  return new RtlabError(
    `${failed.length} of ${total} ${total === 1 ? 'message was' : 'messages were'} not stored:\n${lines.join('\n')}`,
    {
      exitCode: ExitCode.scenarioFailed,
      hint: unavailable
        ? "The ws-server's MongoDB is unreachable: start it again (rtlab mongo serve, or the service that hosts it) and resend."
        : 'Send them again once the ws-server accepts messages.',
    },
  );
}

interface ConnectOptions {
  readonly namespace: string;
  readonly reconnect: boolean;
  /** listen and history only read: they write no .env (see loadCliConfig). */
  readonly readOnly: boolean;
  readonly auth?: () => Record<string, unknown>;
  readonly listen?: (socket: Socket) => void;
}

async function connect(context: CliContext, command: Command, options: ConnectOptions) {
  const { namespace, reconnect, auth, listen } = options;
  // Only WS_SERVER_URL (or WS_PORT) and WS_TOKEN matter here: another broken setting is only a warning.
  const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>(), {
    readOnly: options.readOnly,
    reads: ['wsServerUrl', 'wsToken'],
  });
  // Read before connecting: an invalid WS_SERVER_URL or WS_TOKEN is a configuration error (exit 2), not an unreachable server.
  const { wsServerUrl: url, wsToken: token } = config;
  try {
    return {
      config,
      socket: await connectWsNamespace({
        url,
        namespace,
        token,
        reconnect,
        ...(auth === undefined ? {} : { auth }),
        ...(listen === undefined ? {} : { listen }),
      }),
    };
  } catch (error) {
    const unauthorized = (error as Error).message === 'unauthorized';
    throw new EnvironmentError(
      unauthorized ? `The ws-server at ${url} refused WS_TOKEN.` : `No ws-server answers at ${url}.`,
      {
        hint: unauthorized ? 'Use the same .env (WS_TOKEN) as the ws-server.' : 'Start it with: rtlab serve ws-server',
        cause: error,
      },
    );
  }
}

function describe(item: unknown): string {
  if (item !== null && typeof item === 'object') {
    const update = item as Record<string, unknown>;
    if ('orderId' in update)
      return `${String(update['orderId'])} → ${String(update['status'])} (${String(update['source'])}, ${String(update['at'])})`;
    if ('text' in update) return `${String(update['user'])}: ${String(update['text'])}`;
  }
  return JSON.stringify(item);
}
