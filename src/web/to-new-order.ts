import type { NewOrder } from './orders-api.js';

/** An item row of the form, as typed. */
export interface ItemDraft {
  readonly sku: string;
  readonly name: string;
  readonly quantity: string;
  /** In currency units, as a person writes it: `7.99` or `7,99`. */
  readonly price: string;
}

export type NewOrderDraft =
  | { readonly ok: true; readonly order: NewOrder }
  | { readonly ok: false; readonly issues: ReadonlyMap<string, string> };

/**
 * The form's text as a CreateOrderRequest, with prices in cents. Only what cannot be sent at all
 * (a quantity or price that is not a number) is refused here; whether the values are acceptable
 * (an email, quantity > 0, a price not negative) is the server's to say, for every client alike.
 */
export function toNewOrder(form: {
  customerEmail: string;
  currency: string;
  items: readonly ItemDraft[];
}): NewOrderDraft {
  const issues = new Map<string, string>();
  const items = form.items.map((item, index) => {
    const quantity = item.quantity.trim();
    const price = item.price.trim().replace(',', '.');
    if (!/^-?\d{1,9}$/.test(quantity)) issues.set(`items[${index}].quantity`, 'escribí un número entero, como 2');
    if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(price))
      issues.set(`items[${index}].unit_price_cents`, 'escribí un importe, como 7.99');
    return {
      sku: item.sku.trim(),
      name: item.name.trim(),
      quantity: Number(quantity),
      unitPriceCents: Math.round(Number(price) * 100),
    };
  });
  if (issues.size > 0) return { ok: false, issues };
  return {
    ok: true,
    order: { customerEmail: form.customerEmail.trim(), currency: form.currency.trim().toUpperCase(), items },
  };
}

/**
 * A refused field's path as the form keys it: the server's proto names (`items[0].unit_price_cents`)
 * as they are, the bridge's shape check (`items.0.unitPriceCents`) turned into them.
 */
export function toIssueKey(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]').replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
