import type { ServiceFacts } from '../../services/registry/service-definition.js';

/**
 * Starts each service as soon as the services it comes `after` (those of the selection) are
 * started, rather than wave by wave: the sender does not wait for the dashboard because both
 * are in the wave after the ws-server. The first failure aborts the starts still going (through
 * the signal each start gets) and is thrown once every start has settled, so nothing is still
 * being created when the caller cleans up. Resolves with the results in the order they came.
 */
export async function startInDependencyOrder<S extends Pick<ServiceFacts, 'name' | 'after'>, T>(
  services: readonly S[],
  start: (service: S, signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
): Promise<T[]> {
  const failed = new AbortController();
  const stopping = AbortSignal.any([signal, failed.signal]);
  const byName = new Map(services.map((service) => [service.name, service]));
  const starts = new Map<string, Promise<T>>();
  const done: T[] = [];
  let firstFailure: { reason: unknown } | undefined;
  const startOf = (service: S): Promise<T> => {
    const known = starts.get(service.name);
    if (known !== undefined) return known;
    const needs = (service.after ?? []).flatMap((name) => {
      const needed = byName.get(name);
      return needed === undefined ? [] : [startOf(needed)];
    });
    const started = Promise.all(needs).then(async () => {
      stopping.throwIfAborted();
      const value = await start(service, stopping);
      done.push(value);
      return value;
    });
    started.catch((reason: unknown) => {
      firstFailure ??= { reason };
      failed.abort(reason);
    });
    starts.set(service.name, started);
    return started;
  };
  await Promise.allSettled(services.map(startOf));
  if (firstFailure !== undefined) throw firstFailure.reason;
  return done;
}
