import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson/bson-values.js';
import { toQueryView } from '../bson/to-query-view.js';
import { compileFilter, type CompiledFilter } from './compile-filter.js';
import { ErrorCode, MongoCommandError, unsupported } from './mongo-command-error.js';

type FieldRule =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number; limit: number }
  | { kind: 'elemMatch'; filter: Document };

/** A field's `$elemMatch`: its array's first element that matches `filter` is kept. */
export interface ElemMatchRule {
  readonly path: string;
  readonly filter: Document;
}

/**
 * A compiled find projection. `matched[i]` is the index of the first element of the field of
 * `elemMatches[i]` that its filter matches (-1 for none): computed by the caller (on a worker
 * thread when it is costly), or here when not given.
 */
export interface CompiledProjection {
  readonly elemMatches: readonly ElemMatchRule[];
  apply(document: Document, matched?: ArrayLike<number>): Document;
}

/**
 * A find projection: inclusion or exclusion of (dotted) fields, `_id` shown unless excluded,
 * and the `$slice` and `$elemMatch` operators. Aggregation expressions are refused by name.
 * `$elemMatch` counts as an inclusion, as in mongod: `{ o: { $elemMatch: … } }` alone returns
 * `_id` and the matched element only.
 */
export function compileProjection(projection: Document | undefined): CompiledProjection | undefined {
  if (projection === undefined || Object.keys(projection).length === 0) return undefined;
  const rules = new Map<string, FieldRule>();
  for (const [path, spec] of Object.entries(projection)) rules.set(path, toRule(path, spec));
  const modes = new Set(
    [...rules]
      .filter(([path]) => path !== '_id')
      .map(([, rule]) => (rule.kind === 'elemMatch' ? 'include' : rule.kind))
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
  const elemMatches = [...rules].flatMap(([path, rule]) =>
    rule.kind === 'elemMatch' ? [{ path, filter: rule.filter }] : [],
  );
  // Compiled once: a bad `$elemMatch` filter is refused even when no document reaches it.
  const elemFilters = elemMatches.map((rule) => compileFilter(rule.filter));
  const shape = (document: Document, matched: ArrayLike<number>) => {
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
      return applyOperators({ _id: document['_id'], ...withoutId(result) }, document, rules, matched);
    if (hideId) delete result['_id'];
    return applyOperators(result, document, rules, matched);
  };
  return {
    elemMatches,
    apply: (document, matched) =>
      shape(
        document,
        matched ?? elemMatches.map(({ path }, i) => firstMatchingElement(document[path], elemFilters[i]!)),
      ),
  };
}

/** The index of the first sub-document of `value` (an array) that `filter` matches; -1 for none. */
export function firstMatchingElement(value: unknown, filter: CompiledFilter): number {
  if (!Array.isArray(value)) return -1;
  return value.findIndex((element) => isPlainDocument(element) && filter.test(toQueryView(element) as Document));
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

function applyOperators(
  result: Document,
  source: Document,
  rules: Map<string, FieldRule>,
  matched: ArrayLike<number>,
): Document {
  let elemMatchAt = 0;
  for (const [path, rule] of rules) {
    const value = source[path];
    if (rule.kind === 'slice' && Array.isArray(value)) {
      const start = rule.skip < 0 ? Math.max(0, value.length + rule.skip) : rule.skip;
      result[path] = value.slice(start, start + rule.limit);
    } else if (rule.kind === 'elemMatch') {
      const index = matched[elemMatchAt++] ?? -1;
      if (Array.isArray(value) && index >= 0) result[path] = [value[index]];
      else delete result[path];
    } else if (rule.kind === 'slice') {
      if (path in source) result[path] = value;
    }
  }
  return result;
}
