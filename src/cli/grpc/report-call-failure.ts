import { ExitCode, RtlabError } from '../../errors.js';
import { OrderCallError } from '../../services/grpc/client/order-call-error.js';
import type { CliContext } from '../cli-context.js';
import { printableJson } from '../to-printable.js';

/** What to do about each status, for the `hint:` line. */
function hintFor(failure: OrderCallError, target: string): string {
  switch (failure.statusName) {
    case 'UNAVAILABLE':
      return `No gRPC server answers at ${target}: start it with \`rtlab serve grpc-server\`, or point --target (GRPC_TARGET) at it.`;
    case 'UNAUTHENTICATED':
      return 'The server refused the token: run rtlab with the same JWT_SECRET as the server (the same .env), or pass a valid --token.';
    case 'PERMISSION_DENIED':
      return 'The token lacks the scope this call needs (orders:write for changes); without --token rtlab mints one with both scopes.';
    case 'INVALID_ARGUMENT':
      return 'Correct the fields listed above and run the command again.';
    case 'NOT_FOUND':
      return 'List the orders with: rtlab grpc list-orders';
    case 'FAILED_PRECONDITION':
      return 'An order moves CREATED → PAID → SHIPPED, and can be CANCELLED until it ships.';
    case 'DEADLINE_EXCEEDED':
      return 'The server did not answer in time: is its MongoDB reachable? See rtlab tail logs grpc-server';
    default:
      return 'See what the server logged: rtlab tail logs grpc-server';
  }
}

/**
 * A failed call, as the user sees it: with --json, `{ code, name, details, violations }` on
 * stdout and exit 1; otherwise an error whose message is `STATUS: message` and each invalid field,
 * with a hint (main prints it as `✗ …` and exits 1). Anything else is rethrown unchanged.
 */
export function reportCallFailure(
  error: unknown,
  context: CliContext,
  options: { json?: boolean; target: string },
): void {
  if (!(error instanceof OrderCallError)) throw error;
  // Ctrl-C cancelled the call: main exits 130, and the cancellation is no failure to report.
  if (context.signal.aborted && error.statusName === 'CANCELLED') return;
  if (options.json === true) {
    context.stdout.write(
      `${printableJson({ code: error.code, name: error.statusName, details: error.details, violations: error.violations })}\n`,
    );
    context.exitCode = ExitCode.scenarioFailed;
    return;
  }
  const details =
    error.statusName === 'UNAVAILABLE' ? toConnectionProblem(error.details, options.target) : error.details;
  const fields = error.violations.map((violation) => `\n  - ${violation.field}: ${violation.description}`).join('');
  throw new RtlabError(`${error.statusName}: ${details}${fields}`, {
    exitCode: ExitCode.scenarioFailed,
    hint: hintFor(error, options.target),
    cause: error,
  });
}

/** grpc-js's nested "No connection established. Last error: …" told as what happened: `connect ECONNREFUSED …`. */
function toConnectionProblem(details: string, target: string): string {
  const parts = details.split('Last error: ');
  if (parts.length < 2) return details;
  const lastError = parts
    .at(-1)!
    .replace(/Resolution note:.*$/s, '')
    .replace(/^Error: /, '')
    .replace(/[.\s]+$/, '');
  return `cannot reach ${target} (${lastError})`;
}
