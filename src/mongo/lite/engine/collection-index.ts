import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toKeyString } from '../bson/key-string.js';
import { equalityValues } from './plan-index-lookup.js';
import { collectPathValues } from './document-path.js';
import { ErrorCode, MongoCommandError, quoteKeyValue, shortenKeyValue } from './mongo-command-error.js';
import { compilePartialFilter, type PartialFilter } from './partial-index-test.js';

/** An index as `createIndexes` and `listIndexes` describe it. */
export interface IndexSpec {
  readonly v: 2;
  readonly name: string;
  readonly key: Document;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly partialFilterExpression?: Document;
  readonly expireAfterSeconds?: number;
}

/**
 * A secondary index: each key (a canonical string of the indexed values) maps to the ids of the
 * documents holding it. Arrays are indexed by element (multikey), as in mongod. Unique indexes
 * refuse a second id under one key.
 */
export class CollectionIndex {
  readonly fields: readonly string[];
  /** The indexed field, when the index has one and it is a top-level field. */
  private readonly singleTopField: string | undefined;
  /** The top-level field each indexed path starts with. */
  private readonly topFields: readonly string[];
  private readonly entries = new Map<string, Set<string>>();
  private readonly partial: PartialFilter | undefined;
  /**
   * Whether equality lookups on the index's fields can use it and find every match: not when a
   * sparse or partial index leaves documents out.
   */
  readonly servesEquality: boolean;
  /** A compound index also keeps its prefixes' keys, so that equality on its first fields finds the documents. */
  private readonly servesPrefixes: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.singleTopField =
      this.fields.length === 1 && !this.fields[0]!.includes('.') && !this.fields[0]!.includes('$')
        ? this.fields[0]
        : undefined;
    this.topFields = [...new Set(this.fields.map((field) => field.split('.')[0]!))];
    this.partial =
      spec.partialFilterExpression === undefined ? undefined : compilePartialFilter(spec.partialFilterExpression);
    this.servesEquality = spec.sparse !== true && this.partial === undefined;
    this.servesPrefixes = this.fields.length > 1 && this.servesEquality;
  }

  /**
   * Whether the index holds every document `filter` can match, so that a lookup in it may stand
   * for a scan: a full index always; a partial one when the filter states each of its conditions
   * too (the simplest form of mongod's rule that the query must imply the partial filter), so
   * that `{ outboxPending: true }`'s index serves `{ outboxPending: true, $or: [...] }`.
   */
  holdsEveryMatchOf(filter: Document): boolean {
    if (this.servesEquality) return true;
    const partial = this.spec.partialFilterExpression;
    if (this.spec.sparse === true || partial === undefined) return false;
    return Object.entries(partial).every(([field, condition]) => isStatedBy(filter, field, condition));
  }

  /** The index keys of a document; empty when a sparse or partial index leaves it out. */
  keysOf(document: Document, view: Document): string[] {
    if (this.partial !== undefined && !this.partial.test(view)) return [];
    // The usual index, one top-level field holding no array: one key, without the general walk.
    if (this.singleTopField !== undefined && this.spec.sparse !== true) {
      const value = document[this.singleTopField];
      if (!Array.isArray(value)) return [toKeyString(value)];
    }
    const perField = this.fields.map((field) => collectPathValues(document, field));
    if (this.spec.sparse === true && perField.every((values) => values.every((value) => value === undefined)))
      return [];
    const keys = new Set<string>();
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const distinct = values.length === 0 ? [undefined] : values;
      tuples = tuples.flatMap((tuple) => distinct.map((value) => [...tuple, value]));
      if (this.servesPrefixes && tuples[0]!.length < this.fields.length)
        for (const tuple of tuples) keys.add(toPrefixKey(tuple));
    }
    for (const tuple of tuples) keys.add(tuple.length === 1 ? toKeyString(tuple[0]) : toKeyString(tuple));
    return [...keys];
  }

  /**
   * Whether a document's new version surely has the same keys as its previous one: every indexed
   * field's top-level value is the same reference in both (an update shares what it left alone).
   * A partial index's filter may read other fields: those are compared too, when they are known.
   */
  keepsKeys(previous: Document, next: Document): boolean {
    if (this.fields.some((field) => field.includes('$'))) return false;
    if (this.partial !== undefined && this.partial.fields === undefined) return false;
    for (const top of [...this.topFields, ...(this.partial?.fields ?? [])])
      if (previous[top] !== next[top] || top in previous !== top in next) return false;
    return true;
  }

  /** Throws E11000 when a unique key is already held by another document. */
  checkUnique(keys: readonly string[], idKey: string, document: Document, namespace: string): void {
    if (this.spec.unique !== true) return;
    for (const key of keys) {
      if (key.startsWith(prefixMark)) continue;
      const holders = this.entries.get(key);
      if (holders === undefined) continue;
      for (const holder of holders) if (holder !== idKey) throw this.duplicateKeyError(document, namespace);
    }
  }

  add(keys: readonly string[], idKey: string): void {
    for (const key of keys) {
      let holders = this.entries.get(key);
      if (holders === undefined) this.entries.set(key, (holders = new Set()));
      holders.add(idKey);
    }
  }

  remove(keys: readonly string[], idKey: string): void {
    for (const key of keys) {
      const holders = this.entries.get(key);
      holders?.delete(idKey);
      if (holders?.size === 0) this.entries.delete(key);
    }
  }

  /**
   * Ids of documents whose first `values.length` indexed fields equal these values (multikey
   * aware): the whole key, or a prefix of a compound index's.
   */
  lookup(values: readonly unknown[]): ReadonlySet<string> {
    const key =
      values.length < this.fields.length
        ? toPrefixKey(values)
        : values.length === 1
          ? toKeyString(values[0])
          : toKeyString(values);
    return this.entries.get(key) ?? new Set();
  }

  duplicateKeyError(document: Document, namespace: string): MongoCommandError {
    const keyValue: Document = {};
    for (const field of this.fields) keyValue[field] = shortenKeyValue(collectPathValues(document, field)[0] ?? null);
    const shown = Object.entries(keyValue)
      .map(([field, value]) => `${field}: ${quoteKeyValue(value)}`)
      .join(', ');
    return new MongoCommandError(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${namespace} index: ${this.spec.name} dup key: { ${shown} }`,
      {
        keyPattern: this.spec.key,
        keyValue,
      },
    );
  }
}

/** Starts the keys of a compound index's prefixes; no whole key starts so (see toKeyString). */
const prefixMark = '\0';

function toPrefixKey(values: readonly unknown[]): string {
  return `${prefixMark}${values.length}:${toKeyString(values)}`;
}

/** Whether the filter's condition on `field` implies `condition` (an equality, or `$exists: true`). */
function isStatedBy(filter: Document, field: string, condition: unknown): boolean {
  if (field.startsWith('$') || !Object.hasOwn(filter, field)) return false;
  const stated = filter[field];
  if (toKeyString(stated) === toKeyString(condition)) return true;
  const values = equalityValues(stated);
  if (values === undefined) return false;
  if (isPlainDocument(condition) && Object.keys(condition).length === 1 && condition['$exists'] === true)
    return values.every((value) => value !== null);
  const required = equalityValues(condition);
  return required?.length === 1 && values.every((value) => toKeyString(value) === toKeyString(required[0]));
}
