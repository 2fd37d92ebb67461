import type { Document } from 'bson';
import { currentScope } from './request-scope.js';

type Operator = (...args: never[]) => unknown;
type PipelineOperator = (
  collection: { map(f: (document: Document) => Document): unknown },
  expression: unknown,
  options: never,
) => unknown;

/** The functions of an operator module (a namespace import also holds `default`). */
function operatorsOf(module: Record<string, unknown>): Array<[string, Operator]> {
  return Object.entries(module).filter((entry): entry is [string, Operator] => typeof entry[1] === 'function');
}

/**
 * Expression operators that check the running command's maxTimeMS on every call: a `$expr`,
 * a `$group` key or a `$lookup` sub-pipeline stops with MaxTimeMSExpired (50) wherever it is,
 * as in mongod, rather than only between documents of a scan.
 */
export function withDeadlineChecks(operators: Record<string, unknown>): Record<string, Operator> {
  return Object.fromEntries(
    operatorsOf(operators).map(([name, operator]) => [
      name,
      (...args: never[]) => {
        currentScope().deadline.check();
        return operator(...args);
      },
    ]),
  );
}

/**
 * Pipeline stages that check the deadline for every document they take in, so that each stage
 * of a pipeline, and of every `$lookup` or `$unionWith` sub-pipeline, is bounded.
 */
export function withPerDocumentChecks(stages: Record<string, unknown>): Record<string, Operator> {
  return Object.fromEntries(
    operatorsOf(stages).map(([name, stage]) => [
      name,
      ((collection, expression, options) =>
        (stage as PipelineOperator)(
          collection.map((document) => {
            currentScope().deadline.check();
            return document;
          }) as never,
          expression as never,
          options,
        )) satisfies PipelineOperator,
    ]),
  );
}
