import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/**
 * The engine runs no JavaScript a client sends, and answers as a mongod started with
 * `--noscripting` (security.javascriptEnabled: false) does, with its codes and messages.
 */
function javascriptDisabled(): never {
  throw new MongoCommandError(
    ErrorCode.Location31264,
    'Cannot run server-side javascript without the javascript engine enabled',
  );
}

function whereDisabled(): never {
  throw new MongoCommandError(ErrorCode.Location6108304, 'no globalScriptEngine in $where parsing');
}

export const refusedJavascriptExpressionOperators = { $function: javascriptDisabled };
export const refusedJavascriptAccumulators = { $accumulator: javascriptDisabled };
export const refusedJavascriptQueryOperators = { $where: whereDisabled };
