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
  stopped: { es: 'detenido', en: 'stopped' },
  guideKeys: { es: 'Enter: ejecutar el paso · h: pista · q: terminar', en: 'Enter: run the step · h: hint · q: stop' },
  hint: { es: 'Pista', en: 'Hint' },
  noHint: { es: 'Este paso no tiene pista.', en: 'This step has no hint.' },
  step: { es: 'Paso', en: 'Step' },
  checked: { es: 'Lo que se comprobó', en: 'What was checked' },
  stoppedAt: {
    es: 'Detuviste el recorrido; los pasos que faltaban se omitieron.',
    en: 'You stopped the run; the steps left were skipped.',
  },
} as const satisfies Record<string, Localized>;

export type MessageKey = keyof typeof texts;

export function say(key: MessageKey, lang: Language): string {
  return texts[key][lang];
}

/** Words that agree with a count in Spanish ("1 superado", "2 superados"); English needs no change here. */
const singular: Partial<Record<MessageKey, Localized>> = {
  passed: { es: 'superado', en: 'passed' },
  failed: { es: 'fallido', en: 'failed' },
  skippedCount: { es: 'omitido', en: 'skipped' },
};

/** `count` and the word for it, in the number that agrees with it. */
export function sayCount(count: number, key: MessageKey, lang: Language): string {
  return `${count} ${count === 1 ? (singular[key] ?? texts[key])[lang] : texts[key][lang]}`;
}

export function pick(text: Localized, lang: Language): string {
  return text[lang];
}
