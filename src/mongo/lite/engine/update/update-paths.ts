import type { Document } from 'bson';
import { isPlainDocument } from '../../bson/bson-values.js';
import { toQueryView } from '../../bson/to-query-view.js';
import { compileFilter } from '../compile-filter.js';
import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';

/** What positional operators need: the query (for `$`) and the array filters (for `$[id]`). */
export interface PositionalContext {
  readonly filter: Document;
  readonly arrayFilters: readonly Document[];
}

/**
 * Turns a path with positional parts (`items.$.qty`, `items.$[].qty`, `items.$[i].qty`) into
 * the concrete paths it names in this document.
 */
export function resolvePaths(document: Document, path: string, context: PositionalContext): string[][] {
  let paths: string[][] = [[]];
  for (const part of path.split('.')) {
    if (part === '$' || part === '$[]' || /^\$\[\w+\]$/.test(part)) {
      paths = paths.flatMap((prefix) => {
        const array = getAt(document, prefix);
        if (!Array.isArray(array))
          throw new MongoCommandError(
            ErrorCode.BadValue,
            `The positional operator did not find the match needed from the query: ${path}`,
          );
        return matchingIndexes(array, part, prefix, context).map((index) => [...prefix, String(index)]);
      });
    } else {
      paths = paths.map((prefix) => [...prefix, part]);
    }
  }
  return paths;
}

function matchingIndexes(array: unknown[], part: string, prefix: string[], context: PositionalContext): number[] {
  const all = array.map((_, index) => index);
  if (part === '$[]') return all;
  if (part === '$') {
    const field = prefix.join('.');
    const conditions = Object.entries(context.filter).filter(([key]) => key === field || key.startsWith(`${field}.`));
    const filter = compileFilter(
      Object.fromEntries(conditions.map(([key, value]) => [key === field ? field : key, value])),
    );
    const index = all.find((i) => filter.test(toQueryView({ [field]: [array[i]] }) as Document));
    if (index === undefined)
      throw new MongoCommandError(
        ErrorCode.BadValue,
        `The positional operator did not find the match needed from the query.`,
      );
    return [index];
  }
  const identifier = part.slice(2, -1);
  const filters = context.arrayFilters.filter((candidate) =>
    Object.keys(candidate).some((key) => key === identifier || key.startsWith(`${identifier}.`)),
  );
  if (filters.length === 0)
    throw new MongoCommandError(
      ErrorCode.BadValue,
      `No array filter found for identifier '${identifier}' in path '${part}'`,
    );
  const compiled = filters.map(compileFilter);
  return all.filter((i) =>
    compiled.every((filter) => filter.test(toQueryView({ [identifier]: array[i] }) as Document)),
  );
}

export function getAt(document: unknown, parts: readonly string[]): unknown {
  let current = document;
  for (const part of parts) {
    if (Array.isArray(current)) current = /^\d+$/.test(part) ? current[Number(part)] : undefined;
    else if (isPlainDocument(current)) current = current[part];
    else return undefined;
  }
  return current;
}

/** Sets a value, creating sub-documents on the way; an array index past the end pads with null. */
export function setAt(document: Document, parts: readonly string[], value: unknown): void {
  const parent = containerFor(document, parts, true);
  const last = parts.at(-1)!;
  if (Array.isArray(parent)) {
    const index = Number(last);
    while (parent.length < index) parent.push(null);
    parent[index] = value;
  } else {
    parent[last] = value;
  }
}

export function unsetAt(document: Document, parts: readonly string[]): boolean {
  const parent = containerFor(document, parts, false);
  const last = parts.at(-1)!;
  if (parent === undefined) return false;
  if (Array.isArray(parent)) {
    // mongod leaves null in place of an unset array element.
    if (Number(last) < parent.length) parent[Number(last)] = null;
    return true;
  }
  if (!(last in parent)) return false;
  delete parent[last];
  return true;
}

function containerFor(document: Document, parts: readonly string[], create: true): Document | unknown[];
function containerFor(document: Document, parts: readonly string[], create: false): Document | unknown[] | undefined;
function containerFor(document: Document, parts: readonly string[], create: boolean): Document | unknown[] | undefined {
  let current: Document | unknown[] = document;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const following = parts[i + 1]!;
    const next: unknown = Array.isArray(current)
      ? /^\d+$/.test(part)
        ? current[Number(part)]
        : undefined
      : current[part];
    if (next === undefined || next === null) {
      if (!create) return undefined;
      if (Array.isArray(current) && !/^\d+$/.test(part)) throw pathNotViable(part, current);
      const created: Document = {};
      if (Array.isArray(current)) current[Number(part)] = created;
      else current[part] = created;
      current = created;
    } else if (isPlainDocument(next) || (Array.isArray(next) && /^\d+$/.test(following))) {
      current = next;
    } else {
      if (!create) return undefined;
      throw pathNotViable(following, next);
    }
  }
  return current;
}

function pathNotViable(field: string, element: unknown): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.PathNotViable,
    `Cannot create field '${field}' in element {${JSON.stringify(element)}}`,
  );
}
