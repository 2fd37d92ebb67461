import type { Document } from 'bson';
import { LiteCollection, type StorageSink, type Undo } from './lite-collection.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/** Told of collection-level changes as well as document writes (the journal). */
export interface CatalogSink extends StorageSink {
  collectionCreated(collection: LiteCollection, undo: Undo): void;
  collectionDropped(db: string, name: string, undo: Undo): void;
  collectionRenamed(collection: LiteCollection, fromDb: string, fromName: string, undo: Undo): void;
}

/** Every database and collection of the engine. Databases exist while they hold a collection. */
export class Catalog {
  private readonly databases = new Map<string, Map<string, LiteCollection>>();

  constructor(private readonly sink: CatalogSink) {}

  get(db: string, name: string): LiteCollection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created on first write as mongod does. */
  getOrCreate(db: string, name: string): LiteCollection {
    return this.get(db, name) ?? this.create(db, name, {});
  }

  create(db: string, name: string, options: Document, fromDisk = false): LiteCollection {
    validateNamespace(db, name);
    if (this.get(db, name) !== undefined)
      throw new MongoCommandError(ErrorCode.NamespaceExists, `Collection ${db}.${name} already exists.`);
    const collection = new LiteCollection(db, name, this.sink, options);
    this.attach(collection);
    if (!fromDisk)
      journal(
        () => this.detach(db, name),
        (undo) => this.sink.collectionCreated(collection, undo),
      );
    return collection;
  }

  drop(db: string, name: string, fromDisk = false): boolean {
    const collection = this.get(db, name);
    if (collection === undefined) return false;
    this.detach(db, name);
    if (!fromDisk)
      journal(
        () => this.attach(collection),
        (undo) => this.sink.collectionDropped(db, name, undo),
      );
    return true;
  }

  dropDatabase(db: string): void {
    for (const name of this.collectionNames(db)) this.drop(db, name);
  }

  rename(fromDb: string, fromName: string, toDb: string, toName: string, dropTarget: boolean, fromDisk = false): void {
    const collection = this.get(fromDb, fromName);
    if (collection === undefined)
      throw new MongoCommandError(
        ErrorCode.NamespaceNotFound,
        `Source collection ${fromDb}.${fromName} does not exist`,
      );
    if (fromDb !== toDb)
      throw new MongoCommandError(
        ErrorCode.IllegalOperation,
        'renameCollection across databases is not supported by the embedded engine',
      );
    validateNamespace(toDb, toName);
    if (this.get(toDb, toName) !== undefined) {
      if (!dropTarget)
        throw new MongoCommandError(ErrorCode.NamespaceExists, `Target namespace ${toDb}.${toName} exists`);
      this.drop(toDb, toName, fromDisk);
    }
    this.detach(fromDb, fromName);
    collection.name = toName;
    this.attach(collection);
    if (!fromDisk) {
      const undo = () => {
        this.detach(toDb, toName);
        collection.name = fromName;
        this.attach(collection);
      };
      journal(undo, (then) => this.sink.collectionRenamed(collection, fromDb, fromName, then));
    }
  }

  private attach(collection: LiteCollection): void {
    let collections = this.databases.get(collection.db);
    if (collections === undefined) this.databases.set(collection.db, (collections = new Map()));
    collections.set(collection.name, collection);
  }

  private detach(db: string, name: string): void {
    const collections = this.databases.get(db);
    collections?.delete(name);
    if (collections?.size === 0) this.databases.delete(db);
  }

  /** The clients' databases: `config` (the session table) is the engine's own, and not listed. */
  databaseNames(): string[] {
    return [...this.databases.keys()].filter((db) => db !== 'config').sort();
  }

  collectionNames(db: string): string[] {
    return [...(this.databases.get(db)?.keys() ?? [])];
  }

  collections(db?: string): LiteCollection[] {
    const dbs =
      db === undefined ? [...this.databases.values()] : [this.databases.get(db) ?? new Map<string, LiteCollection>()];
    return dbs.flatMap((collections) => [...collections.values()]);
  }
}

/**
 * Catalog changes are journalled right after they are made (the record describes the new
 * state): if the sink refuses the record the change is undone at once; if the record's write
 * fails later, the sink runs the undo.
 */
function journal(undo: Undo, append: (undo: Undo) => void): void {
  try {
    append(undo);
  } catch (error) {
    undo();
    throw error;
  }
}

function validateNamespace(db: string, name: string): void {
  if (db === '' || /[/\\. "$\0]/.test(db) || db.length > 63)
    throw new MongoCommandError(ErrorCode.InvalidNamespace, `Invalid database name: '${db}'`);
  if (name === '' || name.includes('\0') || name.includes('$') || name.startsWith('.') || name.startsWith('system.')) {
    throw new MongoCommandError(ErrorCode.InvalidNamespace, `Invalid collection name: '${name}'`);
  }
}
