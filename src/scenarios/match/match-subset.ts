/**
 * Whether `actual` matches the expected subset: objects by the keys expected names, arrays element
 * by element at the indexes listed, scalars by equality, and the operators `$regex`, `$exists`,
 * `$gte`, `$lte`. Returns undefined on a match, else where and why it does not.
 */
export function findMismatch(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (isOperator(expected)) return findOperatorMismatch(expected, actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at(path)}expected an array, received ${describe(actual)}`;
    for (const [index, item] of expected.entries()) {
      if (index >= actual.length) return `${at(`${path}[${index}]`)}missing (the array has ${actual.length})`;
      const mismatch = findMismatch(item, actual[index], `${path}[${index}]`);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return `${at(path)}expected an object, received ${describe(actual)}`;
    for (const [key, item] of Object.entries(expected)) {
      const mismatch = findMismatch(
        item,
        (actual as Record<string, unknown>)[key],
        path === '' ? key : `${path}.${key}`,
      );
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (Object.is(expected, actual) || (expected === actual && expected !== undefined)) return undefined;
  return `${at(path)}expected ${describe(expected)}, received ${describe(actual)}`;
}

type Operator = { $regex?: string; $exists?: boolean; $gte?: number; $lte?: number };

function isOperator(value: unknown): value is Operator {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => ['$regex', '$exists', '$gte', '$lte'].includes(key))
  );
}

function findOperatorMismatch(expected: Operator, actual: unknown, path: string): string | undefined {
  if (expected.$exists !== undefined && (actual !== undefined) !== expected.$exists)
    return `${at(path)}expected ${expected.$exists ? 'to exist' : 'to be absent'}, received ${describe(actual)}`;
  if (expected.$regex !== undefined && !(typeof actual === 'string' && new RegExp(expected.$regex).test(actual)))
    return `${at(path)}expected text matching /${expected.$regex}/, received ${describe(actual)}`;
  if (expected.$gte !== undefined && !(typeof actual === 'number' && actual >= expected.$gte))
    return `${at(path)}expected ≥ ${expected.$gte}, received ${describe(actual)}`;
  if (expected.$lte !== undefined && !(typeof actual === 'number' && actual <= expected.$lte))
    return `${at(path)}expected ≤ ${expected.$lte}, received ${describe(actual)}`;
  return undefined;
}

function at(path: string): string {
  return path === '' ? '' : `${path}: `;
}

/** A value as a short JSON excerpt. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
