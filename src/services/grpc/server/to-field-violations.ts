import type { FieldViolation } from './encode-status-details.js';

/**
 * What a zod `safeParse` of one field says, as at most one violation of that field. `named` is
 * the name the schema gives in its messages (`sku` for the field `items[3].sku`).
 */
export function toFieldViolations(
  field: string,
  parsed: { success: boolean; error?: { issues: Array<{ message: string }> } },
  named: string = field,
): FieldViolation[] {
  if (parsed.success) return [];
  // The schemas' messages start with the field's name, which the violation already carries.
  const message = parsed.error?.issues[0]?.message ?? 'is invalid';
  return [{ field, description: message.startsWith(`${named} `) ? message.slice(named.length + 1) : message }];
}
