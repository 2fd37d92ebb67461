import { Timestamp, type Document } from 'bson';
import { isPlainDocument, toNumber } from '../../bson/bson-values.js';
import { compareBson } from '../../bson/compare-bson.js';
import { cloneDocument } from '../document-path.js';
import { CopyOnWrite } from './copy-on-write.js';
import { ErrorCode, MongoCommandError, unsupported } from '../mongo-command-error.js';
import { applyArrayOperator, arrayOperators } from './array-operators.js';
import { combineNumbers, numberKind, zeroLike } from './typed-arithmetic.js';
import { getAt, resolvePaths, setAt, unsetAt, type PositionalContext } from './update-paths.js';

export interface ApplyUpdateOptions extends PositionalContext {
  /** True when the update creates a document (an upsert): `$setOnInsert` applies then only. */
  readonly inserting: boolean;
}

const fieldOperators = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$setOnInsert',
  '$currentDate',
  ...arrayOperators,
]);

/** Whether an update document is operators (`{$set: …}`) rather than a replacement. */
export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

/**
 * Applies update operators to a copy of the document and returns it; the original is left as it
 * was, so a failed update changes nothing. The copy shares every value the update did not touch
 * with the original (see CopyOnWrite): neither may be changed in place afterwards.
 */
export function applyUpdate(original: Document, update: Document, options: ApplyUpdateOptions): Document {
  const copy = new CopyOnWrite(original);
  const document = copy.document;
  checkConflicts(update);
  for (const [operator, fields] of Object.entries(update)) {
    if (!fieldOperators.has(operator)) {
      if (!operator.startsWith('$'))
        throw new MongoCommandError(
          ErrorCode.FailedToParse,
          'An update document may not mix operators and plain fields; use $set for fields.',
        );
      throw unsupported(`The update operator ${operator}`);
    }
    if (!isPlainDocument(fields))
      throw new MongoCommandError(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${typeof fields} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${JSON.stringify(fields)}}`,
      );
    if (operator === '$setOnInsert' && !options.inserting) continue;
    for (const [path, operand] of Object.entries(fields)) {
      for (const parts of resolvePaths(document, path, options)) {
        copy.ownParentsOf(parts);
        if (operator === '$rename' && typeof operand === 'string') copy.ownParentsOf(operand.split('.'));
        applyOne(document, operator, parts, operand, original);
      }
    }
  }
  return document;
}

function applyOne(document: Document, operator: string, parts: string[], operand: unknown, original: Document): void {
  const current = getAt(document, parts);
  switch (operator) {
    case '$set':
    case '$setOnInsert':
      setAt(document, parts, cloneDocument(operand));
      return;
    case '$unset':
      unsetAt(document, parts);
      return;
    case '$inc':
    case '$mul': {
      if (numberKind(operand) === undefined)
        throw new MongoCommandError(
          ErrorCode.TypeMismatch,
          `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${parts.join('.')}: ${JSON.stringify(operand)}}`,
        );
      if (current !== undefined && numberKind(current) === undefined) {
        throw new MongoCommandError(
          ErrorCode.TypeMismatch,
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(original['_id'])}} has the field '${parts.join('.')}' of non-numeric type ${typeNameOf(current)}`,
        );
      }
      const base = current ?? (operator === '$mul' ? zeroLike(operand) : undefined);
      setAt(
        document,
        parts,
        base === undefined ? operand : combineNumbers(base, operand, operator === '$inc' ? 'add' : 'multiply'),
      );
      return;
    }
    case '$min':
    case '$max': {
      const order = compareBson(operand, current);
      if (current === undefined || (operator === '$min' ? order < 0 : order > 0))
        setAt(document, parts, cloneDocument(operand));
      return;
    }
    case '$rename': {
      if (typeof operand !== 'string')
        throw new MongoCommandError(
          ErrorCode.BadValue,
          `The 'to' field for $rename must be a string: ${parts.join('.')}: ${JSON.stringify(operand)}`,
        );
      if (current === undefined) return;
      unsetAt(document, parts);
      setAt(document, operand.split('.'), current);
      return;
    }
    case '$currentDate': {
      const wantsTimestamp = isPlainDocument(operand) && operand['$type'] === 'timestamp';
      setAt(
        document,
        parts,
        wantsTimestamp ? Timestamp.fromNumber(Math.floor(Date.now() / 1000) * 2 ** 32) : new Date(),
      );
      return;
    }
    default:
      applyArrayOperator(document, operator, parts, current, operand);
  }
}

/** Two operators may not touch the same path or one inside the other (`a` and `a.b`). */
function checkConflicts(update: Document): void {
  const seen: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!isPlainDocument(fields)) continue;
    const paths = Object.keys(fields).concat(
      operator === '$rename' ? Object.values(fields).filter((v): v is string => typeof v === 'string') : [],
    );
    for (const path of paths) {
      const clash = seen.find(
        (other) => other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`),
      );
      if (clash !== undefined)
        throw new MongoCommandError(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${path}' would create a conflict at '${clash}'`,
        );
      seen.push(path);
    }
  }
}

export function typeNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (isPlainDocument(value)) return 'object';
  return toNumber(value) === undefined
    ? String((value as { _bsontype?: string })._bsontype ?? typeof value)
    : String(numberKind(value));
}
