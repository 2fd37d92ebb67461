import { RE2JS } from 're2js';
import { ErrorCode, MongoCommandError, shortenForReply } from '../mongo-command-error.js';

/** Compiled patterns by source and options: a query is compiled per command, often the same. */
const cache = new Map<string, RE2JS>();
const cacheSize = 256;

/**
 * Compiles a client's regular expression with RE2, whose matching time is linear in the input:
 * no pattern can stall the engine. Options as mongod reads them: i, m, s and x (u is implied);
 * what RE2 cannot do (backreferences, lookaround) is refused with BadValue rather than run with
 * backtracking.
 */
export function compileRegex(pattern: string, options = ''): RE2JS {
  const key = `${options}/${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let flags = 0;
  for (const option of options) {
    if (option === 'i') flags |= RE2JS.CASE_INSENSITIVE;
    else if (option === 'm') flags |= RE2JS.MULTILINE;
    else if (option === 's') flags |= RE2JS.DOTALL;
    else if (option !== 'x' && option !== 'u')
      throw new MongoCommandError(ErrorCode.BadValue, `invalid flag in regex options: ${option}`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(options.includes('x') ? toCompactPattern(pattern) : pattern, flags);
  } catch (error) {
    throw new MongoCommandError(
      ErrorCode.BadValue,
      `Regular expression is invalid: ${shortenForReply((error as Error).message, 512)}. rtlab's embedded engine matches regular expressions in linear time (RE2 syntax): backreferences, lookahead and lookbehind are not supported; use a real MongoDB (MONGO_URL or --mongo memory) for them`,
    );
  }
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/** The `x` option: unescaped whitespace outside a character class, and `#` comments, are ignored. */
function toCompactPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      out += char + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      out += char;
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}

/** The pattern and options of a `$regex` value: a string, or a regular expression object. */
export function toRegexParts(value: unknown, extraOptions: unknown): { pattern: string; options: string } {
  const options = typeof extraOptions === 'string' ? extraOptions : '';
  if (typeof value === 'string') return { pattern: value, options };
  if (value instanceof RegExp) return { pattern: value.source, options: jsFlagsToOptions(value.flags) + options };
  const bson = value as { _bsontype?: string; pattern?: string; options?: string };
  if (bson?._bsontype === 'BSONRegExp' && typeof bson.pattern === 'string')
    return { pattern: bson.pattern, options: (bson.options ?? '') + options };
  throw new MongoCommandError(ErrorCode.BadValue, '$regex has to be a string');
}

function jsFlagsToOptions(flags: string): string {
  return [...flags].filter((flag) => 'ims'.includes(flag)).join('');
}
