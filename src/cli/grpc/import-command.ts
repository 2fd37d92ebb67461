import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ExitCode, RtlabError, UsageError } from '../../errors.js';
import type { OrderClient } from '../../services/grpc/client/create-order-client.js';
import { parseOrderRequest } from '../../services/grpc/client/parse-order-request.js';
import type { CreateOrderRequest } from '../../services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { CliContext } from '../cli-context.js';
import { printableJson, toPrintable } from '../to-printable.js';

/** A line that was not sent or that the server rejected: its line number and why. */
interface RejectedLine {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

/**
 * ImportOrders from a JSON Lines file or stdin: each line parsed and streamed in as it is read (a
 * large file never sits in memory), with a progress line on a terminal. A line that is not an
 * order is not sent and is reported with the server's rejections, by line number. Exit 1 when any
 * line was not imported. Ctrl-C stops reading the file and half-closes the stream, so the server
 * still answers how many of the orders sent so far it created (a second Ctrl-C quits at once).
 */
export async function runImport(
  orders: OrderClient,
  context: CliContext,
  options: { file: string; json: boolean },
): Promise<void> {
  const input = options.file === '-' ? process.stdin : await openFile(options.file);
  const local: RejectedLine[] = [];
  // The server numbers what it received from 0; this maps its index back to the file's line.
  const sentLines: number[] = [];
  async function* requests(): AsyncGenerator<CreateOrderRequest> {
    let lineNumber = 0;
    // Aborted, the interface closes and the loop ends: the stream is half-closed, not cancelled.
    for await (const line of createInterface({ input, crlfDelay: Infinity, signal: context.signal })) {
      if (context.signal.aborted) break;
      lineNumber += 1;
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if (!parsed.ok) {
        local.push({ line: lineNumber, field: parsed.field, reason: parsed.reason });
        continue;
      }
      sentLines.push(lineNumber);
      yield parsed.request;
    }
  }
  const progress = context.stderr.isTTY === true && !options.json;
  const interrupted = () =>
    context.stderr.write(
      `${progress ? '\n' : ''}Interrupted: ${sentLines.length} orders sent; waiting for the server to say how many it created (Ctrl-C again to quit without knowing).\n`,
    );
  context.signal.addEventListener('abort', interrupted, { once: true });
  const answer = await orders
    .importOrders(requests(), {
      deadlineMs: 10 * 60_000,
      onSent: (count) => progress && !context.signal.aborted && context.stderr.write(`\rSent ${count} orders…`),
    })
    .finally(() => context.signal.removeEventListener('abort', interrupted));
  if (progress && !context.signal.aborted) context.stderr.write('\n');
  if (context.signal.aborted) {
    context.stderr.write(
      `Stopped by Ctrl-C after ${sentLines.length} orders sent: the server created ${answer.created} and rejected ${answer.rejected}; the rest of the file was not sent.\n`,
    );
    return;
  }
  const rejected = [
    ...local,
    ...answer.rejections.map((rejection) => ({
      line: sentLines[rejection.index] ?? -1,
      field: rejection.field,
      reason: rejection.reason,
    })),
  ].sort((a, b) => a.line - b.line);
  // The server lists its first rejections only; `rejected` counts them all.
  const rejectedCount = local.length + answer.rejected;
  const unlisted = rejectedCount - rejected.length;
  if (options.json) {
    context.stdout.write(
      `${printableJson({ created: answer.created, rejected: rejectedCount, rejections: rejected })}\n`,
    );
    if (rejectedCount > 0) context.exitCode = ExitCode.scenarioFailed;
    return;
  }
  context.stdout.write(
    `Imported ${answer.created} ${answer.created === 1 ? 'order' : 'orders'}; ${rejectedCount} rejected\n`,
  );
  for (const rejection of rejected)
    context.stdout.write(`${toPrintable(`  - line ${rejection.line}: ${rejection.reason}`)}\n`);
  if (unlisted > 0) context.stdout.write(`  - and ${unlisted} more the server did not list\n`);
  if (rejectedCount > 0)
    throw new RtlabError(
      `${rejectedCount} of ${sentLines.length + local.length} lines were not imported (listed above).`,
      {
        exitCode: ExitCode.scenarioFailed,
        hint: 'Correct those lines and import them again: the orders that were created are stored.',
      },
    );
}

function parseLine(
  line: string,
): { ok: true; request: CreateOrderRequest } | { ok: false; field: string; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, field: '', reason: 'not valid JSON (one order per line)' };
  }
  const parsed = parseOrderRequest(value);
  if (parsed.ok) return parsed;
  const [first] = parsed.issues;
  return {
    ok: false,
    field: first?.path ?? '',
    reason: `not an order: ${first?.path ?? ''} ${first?.message ?? 'unexpected shape'}`,
  };
}

/** The file opened for reading, or an error that says which file and why (before anything is sent). */
async function openFile(file: string) {
  // A folder opens like a file; only reading it fails (EISDIR), once the call has started.
  if ((await stat(path.resolve(file)).catch(() => undefined))?.isDirectory() === true)
    throw new UsageError(`Cannot read ${file}: it is a folder.`, {
      hint: 'Give a JSON Lines file (one order per line), or - to read stdin.',
    });
  const stream = createReadStream(path.resolve(file));
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`, {
          hint: 'Give a JSON Lines file (one order per line), or - to read stdin.',
          cause: error,
        }),
      ),
    );
  });
  return stream;
}
