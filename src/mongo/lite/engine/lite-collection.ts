import { randomUUID } from 'node:crypto';
import { calculateObjectSize, type Document } from 'bson';
import { toKeyString } from '../bson/key-string.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { toStoredBson } from '../bson/stored-bson.js';
import { EncodedDocument } from '../wire/encoded-document.js';
import { updatedView } from './updated-view.js';
import { CollectionIndex, type IndexSpec } from './collection-index.js';
import { ErrorCode, MongoCommandError, quoteKeyValue, shortenKeyValue } from './mongo-command-error.js';

/** A stored document and its query view (numbers as JS numbers, for mingo). */
export interface StoredDocument {
  readonly doc: Document;
  readonly view: Document;
  /** Its `_id` as a map key (toKeyString), computed once when it is stored. */
  readonly idKey?: string;
  /**
   * Its BSON, when known: what it was journalled as (see stored-bson.ts), or what a read encoded
   * it as. Replies copy these bytes instead of encoding the document again.
   */
  bytes?: Uint8Array;
}

/** Reverts one change in memory, when the journal could not take it. */
export type Undo = () => void;

/**
 * Told of every change, so that it can be made durable (the journal). A document change is
 * handed over before memory changes: if the sink refuses it, nothing happened; if its write
 * fails later, the sink runs the undo.
 */
export interface StorageSink {
  /** `bytes`: the document's BSON, when the caller has it, so that it is not encoded again. */
  put(collection: LiteCollection, document: Document, undo: Undo, bytes?: Uint8Array): void;
  remove(collection: LiteCollection, id: unknown, undo: Undo): void;
  indexesChanged(collection: LiteCollection, undo: Undo): void;
}

export const idIndexSpec: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection: documents by `_id` (a Map keeps natural order and gives O(1) id lookups) and
 * its secondary indexes, kept in step on every write. Unique keys are checked before anything
 * changes, so a refused write leaves no trace.
 */
export class LiteCollection {
  readonly uuid = randomUUID();
  private readonly documents = new Map<string, StoredDocument>();
  private readonly indexes = new Map<string, CollectionIndex>();
  /** The BSON bytes of its documents, kept for capped collections only (their limit is in bytes). */
  private bytesOfData = 0;
  private readonly capped: boolean;

  constructor(
    readonly db: string,
    public name: string,
    private readonly sink: StorageSink,
    readonly options: Document = {},
  ) {
    this.capped = options['capped'] === true;
  }

  /** The BSON size of all its documents; counted for capped collections only (0 otherwise). */
  get dataBytes(): number {
    return this.bytesOfData;
  }

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.documents.size;
  }

  all(): IterableIterator<StoredDocument> {
    return this.documents.values();
  }

  getById(id: unknown): StoredDocument | undefined {
    return this.documents.get(toKeyString(id));
  }

  /** By the canonical key of an `_id`, as indexes hold them. */
  getByKey(idKey: string): StoredDocument | undefined {
    return this.documents.get(idKey);
  }

  /** `bytes`: the document's BSON, if the caller has it (see stored-bson.ts). */
  insert(document: Document, bytes?: Uint8Array): StoredDocument {
    const idKey = toKeyString(document['_id']);
    if (this.documents.has(idKey)) throw this.duplicateIdError(document['_id']);
    const view = toDocumentView(document);
    const keys = this.computeKeys(document, view, idKey);
    const stored = { doc: document, view, bytes, idKey };
    this.sink.put(
      this,
      document,
      () => {
        for (const [index, indexKeys] of keys) index.remove(indexKeys, idKey);
        this.documents.delete(idKey);
        this.count(stored, -1);
      },
      bytes,
    );
    this.documents.set(idKey, stored);
    this.count(stored, 1);
    for (const [index, indexKeys] of keys) index.add(indexKeys, idKey);
    return stored;
  }

  /** Replaces the document with the same `_id` (the caller has checked `_id` did not change). */
  replace(previous: StoredDocument, document: Document, bytes?: Uint8Array): StoredDocument {
    const idKey = previous.idKey ?? toKeyString(previous.doc['_id']);
    const view = updatedView(previous, document);
    // An index whose fields the update left alone (same references) keeps its entries as they are.
    const touched = [...this.indexes.values()].filter((index) => !index.keepsKeys(previous.doc, document));
    const newKeys = this.computeKeys(document, view, idKey, touched);
    const oldKeys = touched.map((index): [CollectionIndex, string[]] => [
      index,
      index.keysOf(previous.doc, previous.view),
    ]);
    const stored = { doc: document, view, bytes, idKey };
    this.sink.put(this, document, () => this.swap(idKey, newKeys, oldKeys, previous, stored), bytes);
    this.swap(idKey, oldKeys, newKeys, stored, previous);
    return stored;
  }

  remove(stored: StoredDocument): void {
    const idKey = stored.idKey ?? toKeyString(stored.doc['_id']);
    const keys = [...this.indexes.values()].map((index): [CollectionIndex, string[]] => [
      index,
      index.keysOf(stored.doc, stored.view),
    ]);
    this.sink.remove(this, stored.doc['_id'], () => {
      this.documents.set(idKey, stored);
      this.count(stored, 1);
      for (const [index, indexKeys] of keys) index.add(indexKeys, idKey);
    });
    for (const [index, indexKeys] of keys) index.remove(indexKeys, idKey);
    this.documents.delete(idKey);
    this.count(stored, -1);
  }

  /** Restores a document from disk: no journal record, no change event. */
  load(document: Document): void {
    const idKey = toKeyString(document['_id']);
    const previous = this.documents.get(idKey);
    if (previous !== undefined)
      for (const index of this.indexes.values()) index.remove(index.keysOf(previous.doc, previous.view), idKey);
    if (previous !== undefined) this.count(previous, -1);
    const view = toDocumentView(document);
    const stored = { doc: document, view, idKey };
    this.documents.set(idKey, stored);
    this.count(stored, 1);
    for (const index of this.indexes.values()) index.add(index.keysOf(document, view), idKey);
  }

  unload(id: unknown): void {
    const stored = this.documents.get(toKeyString(id));
    if (stored === undefined) return;
    const idKey = toKeyString(id);
    for (const index of this.indexes.values()) index.remove(index.keysOf(stored.doc, stored.view), idKey);
    this.documents.delete(idKey);
    this.count(stored, -1);
  }

  indexSpecs(): IndexSpec[] {
    return [idIndexSpec, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  findIndex(name: string): CollectionIndex | undefined {
    return this.indexes.get(name);
  }

  secondaryIndexes(): IterableIterator<CollectionIndex> {
    return this.indexes.values();
  }

  /** Builds an index over the existing documents; refuses it whole if a unique key repeats. */
  createIndex(spec: IndexSpec, options: { silent?: boolean } = {}): void {
    const index = new CollectionIndex(spec);
    for (const [idKey, stored] of this.documents) {
      const keys = index.keysOf(stored.doc, stored.view);
      index.checkUnique(keys, idKey, stored.doc, this.namespace);
      index.add(keys, idKey);
    }
    const previous = this.indexes.get(spec.name);
    this.indexes.set(spec.name, index);
    if (options.silent !== true)
      this.journalIndexes(() =>
        previous === undefined ? this.indexes.delete(spec.name) : this.indexes.set(spec.name, previous),
      );
  }

  /** Restores the secondary indexes recorded on disk, rebuilding their entries. */
  setIndexesFromDisk(specs: readonly IndexSpec[]): void {
    this.indexes.clear();
    for (const spec of specs) this.createIndex(spec, { silent: true });
  }

  dropIndex(name: string): void {
    const dropped = this.indexes.get(name);
    this.indexes.delete(name);
    if (dropped !== undefined) this.journalIndexes(() => this.indexes.set(name, dropped));
  }

  /** The index list is journalled as it now is; a refusal puts it back at once. */
  private journalIndexes(undo: Undo): void {
    try {
      this.sink.indexesChanged(this, undo);
    } catch (error) {
      undo();
      throw error;
    }
  }

  /** Moves a document's index entries from one version to the other. */
  private swap(
    idKey: string,
    from: Array<[CollectionIndex, string[]]>,
    to: Array<[CollectionIndex, string[]]>,
    stored: StoredDocument,
    replaced: StoredDocument,
  ): void {
    for (const [index, keys] of from) index.remove(keys, idKey);
    for (const [index, keys] of to) index.add(keys, idKey);
    this.documents.set(idKey, stored);
    this.count(replaced, -1);
    this.count(stored, 1);
  }

  private count(stored: StoredDocument, sign: 1 | -1): void {
    if (this.capped) this.bytesOfData += sign * (stored.bytes?.byteLength ?? calculateObjectSize(stored.doc));
  }

  private computeKeys(
    document: Document,
    view: Document,
    idKey: string,
    indexes: Iterable<CollectionIndex> = this.indexes.values(),
  ): Array<[CollectionIndex, string[]]> {
    const result: Array<[CollectionIndex, string[]]> = [];
    for (const index of indexes) {
      const keys = index.keysOf(document, view);
      index.checkUnique(keys, idKey, document, this.namespace);
      result.push([index, keys]);
    }
    return result;
  }

  private duplicateIdError(id: unknown): MongoCommandError {
    return new MongoCommandError(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${this.namespace} index: _id_ dup key: { _id: ${quoteKeyValue(id)} }`,
      {
        keyPattern: { _id: 1 },
        keyValue: { _id: shortenKeyValue(id) },
      },
    );
  }
}

/** A stored document as it is answered: its BSON, encoded on its first read if nobody had it. */
export function toEncodedDocument(stored: StoredDocument): EncodedDocument {
  stored.bytes ??= toStoredBson(stored.doc, 'update');
  return new EncodedDocument(stored.bytes);
}
