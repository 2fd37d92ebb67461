import { z } from 'zod';

/**
 * A refinement for an object whose keys are alternatives (`do: { http: … }`): exactly one set.
 * Strict objects with optional keys, rather than a union, so that a typo is reported as that
 * unknown key, not as "no alternative matched".
 */
export function exactlyOneKey(kind: string, keys: readonly string[]) {
  return (value: Record<string, unknown>, context: z.RefinementCtx) => {
    const set = keys.filter((key) => value[key] !== undefined);
    if (set.length === 1) return;
    context.addIssue({
      code: 'custom',
      message:
        set.length === 0
          ? `${kind} needs one of: ${keys.join(', ')}`
          : `${kind} takes exactly one of ${keys.join(', ')}; found ${set.join(' and ')}`,
    });
  };
}

/** `{ http: …, ws: … }` of which exactly one key is given: a strict object of optional alternatives. */
export function oneOf<Shape extends Record<string, z.ZodType>>(kind: string, alternatives: Shape) {
  const optional = Object.fromEntries(
    Object.entries(alternatives).map(([key, schema]) => [key, schema.optional()]),
  ) as {
    [Key in keyof Shape]: z.ZodOptional<Shape[Key]>;
  };
  return z.strictObject(optional).superRefine(exactlyOneKey(kind, Object.keys(alternatives)));
}
