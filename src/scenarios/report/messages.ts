import type { Language, Localized } from '../schema/localized.js';

/** The runner's own words, in the learner's language. */
const texts = {
  expected: { es: 'esperado', en: 'expected' },
  received: { es: 'recibido', en: 'received' },
  lastLines: { es: 'últimas líneas de', en: 'last lines of' },
  noLines: { es: '(sin líneas)', en: '(no lines)' },
  skipped: { es: 'omitido', en: 'skipped' },
  skippedCount: { es: 'omitidos', en: 'skipped' },
  passed: { es: 'superados', en: 'passed' },
  failed: { es: 'fallidos', en: 'failed' },
  steps: { es: 'pasos', en: 'steps' },
  scenarios: { es: 'escenarios', en: 'scenarios' },
  in: { es: 'en', en: 'in' },
  error: { es: 'error', en: 'error' },
} as const satisfies Record<string, Localized>;

export type MessageKey = keyof typeof texts;

export function say(key: MessageKey, lang: Language): string {
  return texts[key][lang];
}

export function pick(text: Localized, lang: Language): string {
  return text[lang];
}
