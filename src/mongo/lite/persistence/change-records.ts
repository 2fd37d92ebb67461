import { Timestamp, type Document } from 'bson';
import type { Catalog } from '../engine/catalog.js';
import type { ChangeEvent } from '../engine/change-log.js';
import { encodeDocument } from '../wire/bson-codec.js';
import { EncodedRecord } from './put-record.js';

/** The change history as the data directory keeps it (the engine's ChangeLog). */
export interface ChangeHistory {
  readonly latestTime: Timestamp;
  restore(event: ChangeEvent): void;
  restart(horizon: Timestamp): void;
  retained(): { horizon: Timestamp; events: readonly ChangeEvent[] };
}

const operationTypes = new Set<ChangeEvent['operationType']>(['insert', 'update', 'replace', 'delete']);

/** What a write's record adds about its change event (`e`): the rest is the write itself. */
function eventFields(event: ChangeEvent): Document {
  return {
    ts: event.clusterTime,
    w: event.wallTime,
    op: event.operationType,
    ...(event.updateDescription === undefined ? {} : { u: event.updateDescription }),
  };
}

/**
 * A write's record (`put` or `del`) with its change event in it, as field `e`: one record, so a
 * write and its event are on disk together or not at all, and an insert's document is not
 * written twice. The document of a `put` is already BSON: the field is added after it.
 */
export function withEvent(record: Document | EncodedRecord, event: ChangeEvent): Document | EncodedRecord {
  if (!(record instanceof EncodedRecord)) return { ...record, e: eventFields(event) };
  const fields = encodeDocument(eventFields(event));
  const element = Buffer.concat([Buffer.from('\x03e\0', 'latin1'), fields]);
  const [, ...middle] = record.parts.slice(0, -1);
  const length = Buffer.allocUnsafe(4);
  length.writeInt32LE(record.length + element.length, 0);
  return new EncodedRecord([length, ...middle, element, record.parts.at(-1)!]);
}

/** A change event on its own (`ev`): in a snapshot, which holds no writes, with its document. */
export function changeRecord(event: ChangeEvent): Document {
  return {
    t: 'ev',
    db: event.db,
    c: event.coll,
    k: event.documentKey,
    ...eventFields(event),
    ...(event.fullDocument === undefined ? {} : { d: event.fullDocument }),
  };
}

/** `hist`: the history is complete from `since` on (a new data directory, or one repaired or from before history was kept). */
export function historyStartRecord(since: Timestamp): Document {
  return { t: 'hist', since };
}

/**
 * The event a record holds: a write's (`put`/`del` with `e`) or a lone one (`ev`); undefined
 * when the record has none, and `false` when it is not whole (salvaged data).
 */
export function eventFromRecord(record: Document, catalog: Catalog): ChangeEvent | undefined | false {
  const type = record['t'];
  const fields = (type === 'ev' ? record : record['e']) as Document | undefined;
  if (fields === undefined) return undefined;
  const operationType = fields['op'] as ChangeEvent['operationType'];
  const clusterTime = fields['ts'];
  if (!operationTypes.has(operationType) || !(clusterTime instanceof Timestamp)) return false;
  const db = String(record['db']);
  const coll = String(record['c']);
  const written = record['d'] as Document | undefined;
  const documentKey =
    type === 'ev' ? (record['k'] as Document | undefined) : { _id: type === 'del' ? record['id'] : written?.['_id'] };
  if (documentKey === undefined) return false;
  let fullDocument: Document | undefined;
  if (operationType === 'insert' || operationType === 'replace') {
    fullDocument = written ?? catalog.get(db, coll)?.getById(documentKey['_id'])?.doc;
    if (fullDocument === undefined) return false;
  }
  return {
    clusterTime,
    wallTime: fields['w'] instanceof Date ? fields['w'] : new Date(clusterTime.high * 1000),
    operationType,
    db,
    coll,
    documentKey,
    ...(fullDocument === undefined ? {} : { fullDocument }),
    ...(fields['u'] === undefined ? {} : { updateDescription: fields['u'] as Document }),
  };
}
