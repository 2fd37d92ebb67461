import type { LabProfile } from '../../services/registry/service-definition.js';

/**
 * The seed's profiles a user picks with `--profile`; MongoDB (`core`) runs with any of them.
 * Apart from the registry, so that `rtlab up -d`, which only starts the lab's process, does not
 * load every service's libraries to read them.
 */
export const labProfiles = ['webhooks', 'grpc', 'websockets'] as const satisfies readonly LabProfile[];

export type ChosenProfile = (typeof labProfiles)[number];

/** The profiles a lab runs: those chosen, or every one when none is. */
export function toChosenProfiles(profiles: readonly ChosenProfile[]): ChosenProfile[] {
  return profiles.length === 0 ? [...labProfiles] : labProfiles.filter((profile) => profiles.includes(profile));
}
