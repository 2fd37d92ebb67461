import { z } from 'zod';
import { labProfiles } from '../../runtime/embedded/lab-profiles.js';
import { actionSchema } from './action-schema.js';
import { durationSchema } from './duration.js';
import { expectationSchema } from './expectation-schema.js';
import { localizedSchema } from './localized.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
  error: 'must be lower-case letters, digits, - and _ (it names the step in reports and captures)',
});

/** One step: an action, then the checks of what it caused. Listening checks start before the action. */
export const stepSchema = z.strictObject({
  id: idSchema,
  title: localizedSchema,
  /** What happens on the wire, and what proves it: shown before the step in guided mode. */
  explain: localizedSchema.optional(),
  hint: localizedSchema.optional(),
  do: actionSchema,
  expect: z.array(expectationSchema).default([]),
  /** The longest the whole step may take (default 15s). */
  timeout: durationSchema.optional(),
});

/** A lab: `labs/<id>.yaml`. */
export const scenarioSchema = z
  .strictObject({
    id: idSchema,
    title: localizedSchema,
    explain: localizedSchema,
    /** The lab profiles it needs running (MongoDB always runs). */
    profiles: z.array(z.enum(labProfiles)).min(1),
    /** Values the steps use as `{{vars.name}}`. */
    vars: z.record(z.string(), z.unknown()).optional(),
    /** Run first; a failure here skips the steps. */
    setup: z.array(stepSchema).optional(),
    steps: z.array(stepSchema).min(1),
    /** Run last, whatever happened. */
    cleanup: z.array(stepSchema).optional(),
  })
  .superRefine((scenario, context) => {
    const seen = new Set<string>();
    const phases = ['setup', 'steps', 'cleanup'] as const;
    for (const phase of phases)
      (scenario[phase] ?? []).forEach((step, index) => {
        if (seen.has(step.id))
          context.addIssue({
            code: 'custom',
            path: [phase, index, 'id'],
            message: `step id "${step.id}" is used twice; captures ({{steps.<id>…}}) need it unique`,
          });
        seen.add(step.id);
      });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type Step = z.output<typeof stepSchema>;
