import type { Document } from 'bson';
import { Deadline } from '../engine/deadline.js';
import { inScope, newScope } from '../engine/request-scope.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { adminCommands } from './admin-commands.js';
import { aggregateCommand } from './aggregate-command.js';
import { optionalNumber, wantsJournal } from './command-arguments.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { collectionCommands } from './collection-commands.js';
import { countCommand, distinctCommand } from './count-distinct-commands.js';
import { getMoreCommand, killCursorsCommand } from './cursor-commands.js';
import { deleteCommand } from './delete-command.js';
import { findAndModifyCommand } from './find-and-modify-command.js';
import { findCommand } from './find-command.js';
import { handshakeCommands } from './handshake-commands.js';
import { indexCommands } from './index-commands.js';
import { insertCommand } from './insert-command.js';
import { updateCommand } from './update-command.js';
import { toRetryableWriteId, type RetryableWriteId } from '../sessions/retryable-write.js';
import { sessionLocksOf } from '../sessions/session-locks.js';
import { beginRetryableWrite } from '../sessions/session-table.js';

const refuseTransactions: CommandHandler = () => {
  throw transactionsRefused();
};

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...adminCommands,
  ...collectionCommands,
  ...indexCommands,
  insert: insertCommand,
  find: findCommand,
  getMore: getMoreCommand,
  killCursors: killCursorsCommand,
  update: updateCommand,
  delete: deleteCommand,
  findAndModify: findAndModifyCommand,
  findandmodify: findAndModifyCommand,
  count: countCommand,
  distinct: distinctCommand,
  aggregate: aggregateCommand,
  commitTransaction: refuseTransactions,
  abortTransaction: refuseTransactions,
};

/** Commands that change data: `j: true` makes them wait for the journal. */
const writeCommands = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'renameCollection',
  'createIndexes',
  'dropIndexes',
]);

function transactionsRefused(): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.NotImplemented,
    "Transactions are not supported by rtlab's embedded MongoDB engine; use a real MongoDB (MONGO_URL or --mongo memory) for transactions",
  );
}

/**
 * Runs one command and always answers: a MongoCommandError becomes mongod's error reply, and
 * an unexpected failure an InternalError reply, so that one bad command never takes the server
 * down.
 */
export async function runCommand(body: Document, context: CommandContext): Promise<Document> {
  const name = Object.keys(body)[0] ?? '';
  try {
    if (body['startTransaction'] === true || body['autocommit'] === false) throw transactionsRefused();
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (handler === undefined) throw new MongoCommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    // getMore's maxTimeMS is how long a change stream waits for events, not a deadline.
    const deadline =
      name === 'getMore'
        ? Deadline.none
        : Deadline.fromMaxTimeMS(optionalNumber(body, 'maxTimeMS'), context.failPoints.has('maxTimeAlwaysTimeOut'));
    context.scope = newScope(deadline, body['allowDiskUse'] !== false, true, context.connection.ended);
    const retryable = toRetryableWriteId(name, body);
    const reply =
      retryable === undefined
        ? await runHandler(handler, name, body, context)
        : await sessionLocksOf(context.catalog).run(retryable.sessionKey, () =>
            runRetryable(retryable, handler, name, body, context),
          );
    return { ...reply, operationTime: context.changes.latestTime };
  } catch (error) {
    if (error instanceof MongoCommandError) return error.toReply();
    return new MongoCommandError(
      ErrorCode.InternalError,
      `${name} failed inside rtlab's embedded engine: ${(error as Error).message}`,
    ).toReply();
  }
}

async function runHandler(
  handler: CommandHandler,
  name: string,
  body: Document,
  context: CommandContext,
  afterHandler: () => void = () => undefined,
): Promise<Document> {
  // The handler's synchronous part runs under the command's scope; reads that yield to the
  // event loop put it back each time they resume (see time-slices.ts).
  let reply: Document;
  try {
    reply = await inScope(context.scope, () => handler(body, context));
  } finally {
    afterHandler();
  }
  // Acknowledged only once the journal has the write: a write the disk refused is undone and
  // answered with the disk's error instead.
  if (writeCommands.has(name))
    await (wantsJournal(body) ? context.durability.waitForJournal() : context.durability.waitForWrite());
  return reply;
}

/**
 * A retryable write runs alone on its session, until its outcome is journalled: the statements
 * an earlier attempt executed are answered from the session table, the others run (see
 * sessions/session-table.ts).
 */
async function runRetryable(
  id: RetryableWriteId,
  handler: CommandHandler,
  name: string,
  body: Document,
  context: CommandContext,
): Promise<Document> {
  const retry = beginRetryableWrite(context.catalog, id, context.durability);
  context.retry = retry;
  try {
    // Saved before the wait for the journal: the record is acknowledged with the writes.
    return await runHandler(handler, name, body, context, () => retry.save());
  } finally {
    context.retry = undefined;
  }
}
