import type { Document } from 'bson';
import { isPlainDocument } from '../../bson/bson-values.js';

/**
 * The containers an update has already copied. An update starts from a shallow copy of the
 * stored document and copies only the sub-documents and arrays on the paths it writes, so the
 * stored version is left as it was while every untouched field stays the same reference: the
 * no-change check, the query view and the index keys then only need to look at what changed.
 */
export class CopyOnWrite {
  // A Set, not a WeakSet: it lives for one update, and weak collections cost the garbage collector more.
  private readonly owned = new Set<object>();
  readonly document: Document;

  constructor(original: Document) {
    this.document = { ...original };
    this.owned.add(this.document);
  }

  /** Copies the containers that hold the value at `parts` (not the value itself), so that it can be set or removed. */
  ownParentsOf(parts: readonly string[]): void {
    let current: Document | unknown[] = this.document;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const isArray = Array.isArray(current);
      if (isArray && !/^\d+$/.test(part)) return;
      const key = isArray ? Number(part) : part;
      const next: unknown = (current as Record<string | number, unknown>)[key];
      if (!Array.isArray(next) && !isPlainDocument(next)) return;
      let copy: Document | unknown[] = next;
      if (!this.owned.has(next)) {
        copy = Array.isArray(next) ? next.slice() : { ...next };
        this.owned.add(copy);
        (current as Record<string | number, unknown>)[key] = copy;
      }
      current = copy;
    }
  }
}
