const shown = 4;

/** The ids of an entry, the first few: an action that read many documents would list them all. */
export function formatIds(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const more = ids.length > shown ? `, +${ids.length - shown}` : '';
  return `[${ids.slice(0, shown).join(', ')}${more}]`;
}
