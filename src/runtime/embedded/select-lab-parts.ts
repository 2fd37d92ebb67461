import { labOneShots, labServices } from '../../services/registry.js';
import type { LabProfile, OneShotFacts, ServiceDefinition } from '../../services/registry/service-definition.js';
import { toChosenProfiles, type ChosenProfile } from './lab-profiles.js';

export interface LabSelection {
  readonly profiles: readonly ChosenProfile[];
  /** In start order: each wave needs only services of earlier waves (their `after`). */
  readonly waves: readonly (readonly ServiceDefinition[])[];
  /** What runs once every service is ready (the seed's grpc-client). */
  readonly oneShots: readonly OneShotFacts[];
}

/** The registry's services and one-shots of the chosen profiles (every profile when none is chosen). */
export function selectLabParts(profiles: readonly ChosenProfile[]): LabSelection {
  const chosen = toChosenProfiles(profiles);
  const inProfiles = (part: { readonly profile: LabProfile }) => (chosen as LabProfile[]).includes(part.profile);
  return {
    profiles: chosen,
    waves: toStartWaves(labServices.filter(inProfiles)),
    oneShots: labOneShots.filter(inProfiles),
  };
}

/**
 * Groups services into waves by their `after`: a service goes into the first wave after every
 * service it needs that runs too (one outside the selection is no reason to wait). The
 * services of a wave start together; the registry's order is kept inside a wave.
 */
export function toStartWaves(services: readonly ServiceDefinition[]): ServiceDefinition[][] {
  const names = new Set(services.map((service) => service.name));
  const waveOf = new Map<string, number>();
  const place = (service: ServiceDefinition, path: readonly string[]): number => {
    const known = waveOf.get(service.name);
    if (known !== undefined) return known;
    if (path.includes(service.name))
      throw new Error(`The registry's "after" goes round: ${[...path, service.name].join(' → ')}`);
    const needs = (service.after ?? []).filter((name) => names.has(name));
    const wave = Math.max(
      0,
      ...needs.map(
        (name) =>
          1 +
          place(
            services.find((other) => other.name === name)!,
            [...path, service.name],
          ),
      ),
    );
    waveOf.set(service.name, wave);
    return wave;
  };
  const waves: ServiceDefinition[][] = [];
  for (const service of services) (waves[place(service, [])] ??= []).push(service);
  return waves.filter((wave) => wave !== undefined);
}
