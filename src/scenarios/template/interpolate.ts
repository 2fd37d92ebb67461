import { randomUUID } from 'node:crypto';

/** What `{{…}}` can name in a step. */
export interface TemplateScope {
  /** Each earlier step's action result, by step id. */
  readonly steps: Readonly<Record<string, unknown>>;
  /** Each running service, by name. */
  readonly services: Readonly<Record<string, { readonly url: string }>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: Readonly<Record<string, unknown>>;
}

/** A `{{…}}` that names nothing: the step fails with this message instead of sending a wrong value. */
export class TemplateError extends Error {}

const placeholder = /\{\{\s*([^{}]+?)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*([^{}]+?)\s*\}\}$/;

/**
 * Replaces every `{{…}}` in the strings of a value: `steps.<id>.<path>`, `services.<name>.url`,
 * `env.X`, `vars.x`, and generated `uuid` and `email` (fresh at each use). A string that is one
 * placeholder takes the value's own type (a number stays a number, an object an object).
 */
export function interpolate<T>(value: T, scope: TemplateScope, options: InterpolateOptions = {}): T {
  if (typeof value === 'string') return interpolateString(value, scope, options) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolate(item, scope, options)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, scope, options)]),
    ) as T;
  return value;
}

export interface InterpolateOptions {
  /** Leave a placeholder that names nothing yet as it is, instead of failing. */
  readonly lenient?: boolean;
}

function interpolateString(text: string, scope: TemplateScope, options: InterpolateOptions): unknown {
  const lookUp = (expression: string, written: string) => {
    try {
      return resolve(expression, scope);
    } catch (error) {
      if (options.lenient === true && error instanceof TemplateError) return written;
      throw error;
    }
  };
  const whole = wholePlaceholder.exec(text);
  if (whole?.[1] !== undefined) return lookUp(whole[1], text);
  return text.replace(placeholder, (written, expression: string) => {
    const value = lookUp(expression, written);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function resolve(expression: string, scope: TemplateScope): unknown {
  if (expression === 'uuid') return randomUUID();
  if (expression === 'email') return `learner-${randomUUID().slice(0, 8)}@example.com`;
  const [root, ...path] = expression.split('.');
  const roots: Record<string, unknown> = {
    steps: scope.steps,
    services: scope.services,
    env: scope.env,
    vars: scope.vars,
  };
  if (root === undefined || !(root in roots))
    throw new TemplateError(
      `{{${expression}}} names nothing: use steps.<id>.<path>, services.<name>.url, env.<NAME>, vars.<name>, uuid or email.`,
    );
  let current: unknown = roots[root];
  for (const [index, key] of path.entries()) {
    if (current === null || typeof current !== 'object' || !(key in current)) {
      const known = current !== null && typeof current === 'object' ? Object.keys(current).join(', ') : '';
      throw new TemplateError(
        `{{${expression}}}: ${[root, ...path.slice(0, index)].join('.')} has no "${key}"${known === '' ? '' : ` (it has: ${known})`}.`,
      );
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
