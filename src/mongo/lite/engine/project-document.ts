import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson/bson-values.js';
import { toQueryView } from '../bson/to-query-view.js';
import { compileFilter } from './compile-filter.js';
import { ErrorCode, MongoCommandError, unsupported } from './mongo-command-error.js';

type FieldRule =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number; limit: number }
  | { kind: 'elemMatch'; filter: Document };

/**
 * A find projection: inclusion or exclusion of (dotted) fields, `_id` shown unless excluded,
 * and the `$slice` and `$elemMatch` operators. Aggregation expressions are refused by name.
 */
export function compileProjection(projection: Document | undefined): ((document: Document) => Document) | undefined {
  if (projection === undefined || Object.keys(projection).length === 0) return undefined;
  const rules = new Map<string, FieldRule>();
  for (const [path, spec] of Object.entries(projection)) rules.set(path, toRule(path, spec));
  const modes = new Set(
    [...rules]
      .filter(([path]) => path !== '_id')
      .map(([, rule]) => rule.kind)
      .filter((kind) => kind === 'include' || kind === 'exclude'),
  );
  if (modes.size > 1)
    throw new MongoCommandError(
      ErrorCode.Location40324,
      'Cannot do exclusion and inclusion in the same projection (except for _id)',
    );
  const inclusive = modes.has('include') || (modes.size === 0 && rules.get('_id')?.kind === 'include');
  const hideId = rules.get('_id')?.kind === 'exclude';
  rules.delete('_id');
  return (document) => {
    const result = inclusive
      ? includeFields(
          document,
          [...rules].filter(([, r]) => r.kind === 'include').map(([p]) => p),
        )
      : excludeFields(
          document,
          [...rules].filter(([, r]) => r.kind === 'exclude').map(([p]) => p),
        );
    if (inclusive && !hideId && '_id' in document)
      return applyOperators({ _id: document['_id'], ...withoutId(result) }, document, rules);
    if (hideId) delete result['_id'];
    return applyOperators(result, document, rules);
  };
}

function toRule(path: string, spec: unknown): FieldRule {
  if (isPlainDocument(spec)) {
    if ('$slice' in spec) {
      const slice = spec['$slice'];
      if (Array.isArray(slice)) return { kind: 'slice', skip: toNumber(slice[0]) ?? 0, limit: toNumber(slice[1]) ?? 0 };
      const n = toNumber(slice) ?? 0;
      return n >= 0 ? { kind: 'slice', skip: 0, limit: n } : { kind: 'slice', skip: n, limit: -n };
    }
    if ('$elemMatch' in spec && isPlainDocument(spec['$elemMatch']))
      return { kind: 'elemMatch', filter: spec['$elemMatch'] };
    throw unsupported(`The projection ${JSON.stringify({ [path]: spec })}`);
  }
  if (path.endsWith('.$')) throw unsupported(`The positional projection ${path}`);
  if (typeof spec === 'string') throw unsupported(`The projection expression ${JSON.stringify({ [path]: spec })}`);
  const value = typeof spec === 'boolean' ? (spec ? 1 : 0) : toNumber(spec);
  if (value === undefined) throw unsupported(`The projection ${JSON.stringify({ [path]: spec })}`);
  return value === 0 ? { kind: 'exclude' } : { kind: 'include' };
}

function withoutId(document: Document): Document {
  const { _id: _ignored, ...rest } = document;
  return rest;
}

function includeFields(source: Document, paths: string[]): Document {
  const out: Document = {};
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    if (head === undefined || !(head in source)) continue;
    const value = source[head];
    if (rest.length === 0) out[head] = value;
    else if (isPlainDocument(value)) out[head] = mergeDocuments(out[head], includeFields(value, [rest.join('.')]));
    else if (Array.isArray(value))
      out[head] = value.filter(isPlainDocument).map((element) => includeFields(element, [rest.join('.')]));
  }
  return out;
}

function mergeDocuments(existing: unknown, addition: Document): Document {
  return isPlainDocument(existing) ? { ...existing, ...addition } : addition;
}

function excludeFields(source: Document, paths: string[]): Document {
  const out: Document = { ...source };
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    if (head === undefined || !(head in out)) continue;
    if (rest.length === 0) delete out[head];
    else if (isPlainDocument(out[head])) out[head] = excludeFields(out[head], [rest.join('.')]);
    else if (Array.isArray(out[head]))
      out[head] = (out[head] as unknown[]).map((element) =>
        isPlainDocument(element) ? excludeFields(element, [rest.join('.')]) : element,
      );
  }
  return out;
}

function applyOperators(result: Document, source: Document, rules: Map<string, FieldRule>): Document {
  for (const [path, rule] of rules) {
    const value = source[path];
    if (rule.kind === 'slice' && Array.isArray(value)) {
      const start = rule.skip < 0 ? Math.max(0, value.length + rule.skip) : rule.skip;
      result[path] = value.slice(start, start + rule.limit);
    } else if (rule.kind === 'elemMatch' && Array.isArray(value)) {
      const filter = compileFilter(rule.filter);
      const match = value.find((element) => isPlainDocument(element) && filter.test(toQueryView(element) as Document));
      if (match !== undefined) result[path] = [match];
      else delete result[path];
    } else if (rule.kind === 'slice' || rule.kind === 'elemMatch') {
      if (path in source) result[path] = value;
    }
  }
  return result;
}
