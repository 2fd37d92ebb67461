import { z } from 'zod';

/** Every text a learner reads is given in Spanish and in English (`--lang` picks one). */
export const localizedSchema = z.strictObject({
  es: z.string().min(1),
  en: z.string().min(1),
});

export type Localized = z.output<typeof localizedSchema>;

export const languages = ['es', 'en'] as const;
export type Language = (typeof languages)[number];
