/**
 * One line for a piece of evidence: a log line's message and fields, an event's payload, a
 * document, a response. Long values are cut: the JSON report keeps them whole.
 */
export function describeEvidence(value: unknown, maxChars = 160): string {
  const text = toText(value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

function toText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'message' in value && typeof value.message === 'string') {
    const { message, ...fields } = value as { message: string } & Record<string, unknown>;
    const rest = Object.entries(fields)
      .map(([key, item]) => `${key}=${typeof item === 'string' ? item : JSON.stringify(item)}`)
      .join(' ');
    return rest === '' ? message : `${message}  ${rest}`;
  }
  return JSON.stringify(value) ?? String(value);
}
