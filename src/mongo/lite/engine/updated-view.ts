import type { Document } from 'bson';
import { toQueryView } from '../bson/to-query-view.js';
import type { StoredDocument } from './lite-collection.js';

/**
 * The query view of a new version of a stored document: the top-level fields an update left as
 * they were (the same references, see CopyOnWrite) keep their view; only the others are converted.
 */
export function updatedView(previous: StoredDocument, document: Document): Document {
  const view: Document = {};
  for (const key of Object.keys(document)) {
    const value = document[key];
    view[key] = value === previous.doc[key] && key in previous.doc ? previous.view[key] : toQueryView(value);
  }
  return view;
}
