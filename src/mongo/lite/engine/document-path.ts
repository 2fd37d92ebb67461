import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';

/** The value at a dotted path (`a.b.0.c`); numeric parts index arrays. Undefined when absent. */
export function getPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) return undefined;
      current = current[Number(part)];
    } else {
      current = (current as Document)[part];
    }
  }
  return current;
}

/**
 * Every value reached by a path, descending into arrays as mongod does for index keys and
 * `distinct` (`tags` of `{tags: ['a','b']}` gives 'a' and 'b').
 */
export function collectPathValues(document: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, index: number) => {
    if (index === parts.length) {
      // A loop, not push(...value): spreading a 300,000-element array overflows the stack.
      if (Array.isArray(value)) for (const element of value) out.push(element);
      else out.push(value);
      return;
    }
    if (Array.isArray(value)) {
      const part = parts[index]!;
      if (/^\d+$/.test(part)) walk(value[Number(part)], index + 1);
      else for (const element of value) walk(element, index);
      return;
    }
    if (isPlainDocument(value)) walk(value[parts[index]!], index + 1);
    else out.push(undefined);
  };
  walk(document, 0);
  return out;
}

/** A deep copy of plain documents and arrays; BSON values (immutable in practice) are shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (isPlainDocument(value)) {
    const copy: Document = {};
    for (const key of Object.keys(value)) copy[key] = cloneDocument(value[key]);
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  return value;
}
