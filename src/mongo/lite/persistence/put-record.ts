/**
 * A journal record's payload already in BSON, as consecutive parts: a `put` record written
 * around the document's stored bytes, so that the document is not encoded a second time.
 */
export class EncodedRecord {
  readonly length: number;

  constructor(readonly parts: readonly Uint8Array[]) {
    this.length = parts.reduce((sum, part) => sum + part.byteLength, 0);
  }
}

/** `{ t: 'put', db, c }` and the name of `d`, by namespace: the same bytes for every write to it. */
const heads = new Map<string, Buffer>();
/** Past this many namespaces (collections come and go) the cache starts again. */
const maxHeads = 1000;
const end = new Uint8Array([0]);

/** The record `{ t: 'put', db, c, d }` with `d` given as its BSON. */
export function putRecord(db: string, collection: string, document: Uint8Array): EncodedRecord {
  const namespace = `${db}.${collection}`;
  let head = heads.get(namespace);
  if (head === undefined) {
    if (heads.size >= maxHeads) heads.clear();
    head = Buffer.concat([
      stringElement('t', 'put'),
      stringElement('db', db),
      stringElement('c', collection),
      Buffer.from('\x03d\0', 'latin1'),
    ]);
    heads.set(namespace, head);
  }
  const length = Buffer.allocUnsafe(4);
  length.writeInt32LE(4 + head.length + document.byteLength + 1, 0);
  return new EncodedRecord([length, head, document, end]);
}

function stringElement(name: string, value: string): Buffer {
  const valueBytes = Buffer.byteLength(value);
  const element = Buffer.allocUnsafe(1 + Buffer.byteLength(name) + 1 + 4 + valueBytes + 1);
  let at = element.writeUInt8(0x02, 0);
  at += element.write(name, at);
  at = element.writeUInt8(0, at);
  at = element.writeInt32LE(valueBytes + 1, at);
  at += element.write(value, at);
  element.writeUInt8(0, at);
  return element;
}
