/**
 * The server's reasons for refusing a field, in Spanish for the dashboard. The API answers in
 * English (clients in any language read it; the reasons are its contract), so the translation is
 * the dashboard's: each known reason by its shape, its values kept. A reason not listed here is
 * shown as the server wrote it — better English than nothing.
 */
const translations: ReadonlyArray<readonly [RegExp, (...parts: string[]) => string]> = [
  [/^is required$/, () => 'es obligatorio'],
  [/^must be an email address, got (.*)$/s, (got) => `debe ser una dirección de email (se recibió ${got})`],
  [
    /^must be an ISO 4217 code of three capital letters \(USD\), got (.*)$/s,
    (got) => `debe ser un código ISO 4217 de tres mayúsculas, como USD (se recibió ${got})`,
  ],
  [/^must contain at least one item$/, () => 'debe tener al menos un ítem'],
  [/^must contain at most (\d+) items$/, (most) => `puede tener ${most} ítems como máximo`],
  [/^must be greater than 0, got (.*)$/s, (got) => `debe ser mayor que 0 (se recibió ${got})`],
  [/^must be at most ([\d,.]+)$/, (most) => `debe ser como máximo ${most}`],
  [/^must not be negative, got (.*)$/s, (got) => `no puede ser negativo (se recibió ${got})`],
  [
    /^must total at most (\d+) cents \(quantity × unit_price_cents\), got (\d+)$/,
    (most, got) => `el total (cantidad × precio) debe ser como máximo ${most} centavos (se recibió ${got})`,
  ],
  [/^\S+ must be at most ([\d,.]+) characters$/, (most) => `debe tener ${most} caracteres como máximo`],
  [/^\S+ must not be empty$/, () => 'no puede estar vacío'],
  [/^\S+ must not contain control characters$/, () => 'no puede contener caracteres de control'],
];

export function toSpanishIssue(reason: string): string {
  for (const [pattern, translate] of translations) {
    const match = pattern.exec(reason);
    if (match !== null) return translate(...match.slice(1));
  }
  return reason;
}
