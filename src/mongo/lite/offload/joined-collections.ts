import { isPlainDocument } from '../bson/bson-values.js';

/**
 * The collections a pipeline reads besides its input, in every sub-pipeline (`$lookup`,
 * `$graphLookup`, `$unionWith`, `$facet`): the worker cannot ask for them while it runs, so they
 * are shipped with the job.
 */
export function joinedCollections(pipeline: readonly unknown[], into = new Set<string>()): Set<string> {
  for (const stage of pipeline) {
    if (!isPlainDocument(stage)) continue;
    for (const [name, spec] of Object.entries(stage)) {
      if (name === '$unionWith' && typeof spec === 'string') into.add(spec);
      if (name === '$facet' && isPlainDocument(spec))
        for (const branch of Object.values(spec)) if (Array.isArray(branch)) joinedCollections(branch, into);
      if (!isPlainDocument(spec) || !['$lookup', '$graphLookup', '$unionWith'].includes(name)) continue;
      const from = name === '$unionWith' ? spec['coll'] : spec['from'];
      if (typeof from === 'string') into.add(from);
      if (Array.isArray(spec['pipeline'])) joinedCollections(spec['pipeline'], into);
    }
  }
  return into;
}
