/**
 * A finite number as an exact decimal, `(negative ? -1 : 1) × coefficient × 10^exponent`, with no
 * trailing zeros in the coefficient (zero is `0 × 10^0`, never negative). mongod compares Decimal128
 * with the other number types in decimal, so the engine needs the same exact arithmetic.
 */
export interface ExactDecimal {
  readonly negative: boolean;
  readonly coefficient: bigint;
  readonly exponent: number;
}

/** Decimal128 holds 34 significant digits; mongod rounds a double to that before comparing it with one. */
const DECIMAL128_DIGITS = 34;

export function toExactDecimal(negative: boolean, coefficient: bigint, exponent: number): ExactDecimal {
  if (coefficient === 0n) return { negative: false, coefficient: 0n, exponent: 0 };
  const digits = coefficient.toString();
  const trimmed = digits.replace(/0+$/, '');
  if (trimmed.length === digits.length) return { negative, coefficient, exponent };
  return { negative, coefficient: BigInt(trimmed), exponent: exponent + digits.length - trimmed.length };
}

/**
 * A finite double as mongod sees it next to a Decimal128: its exact binary value written in decimal,
 * rounded half-even to 34 significant digits (`Decimal128(double, kRoundTo34Digits)`), so that
 * Decimal128("0.1") is less than the double 0.1 (0.1000000000000000055511151231257827…).
 * The rounding keeps every double distinct and never moves one across an integer.
 */
export function toExactDecimalOfDouble(value: number): ExactDecimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const power = Math.max(biasedExponent, 1) - 1075;
  const negative = bits >> 63n === 1n;
  // mantissa × 2^power = mantissa × 5^-power × 10^power when power is negative.
  const exact =
    power >= 0
      ? toExactDecimal(negative, mantissa << BigInt(power), 0)
      : toExactDecimal(negative, mantissa * 5n ** BigInt(-power), power);
  return roundToDecimal128Digits(exact);
}

function roundToDecimal128Digits(value: ExactDecimal): ExactDecimal {
  const extra = value.coefficient.toString().length - DECIMAL128_DIGITS;
  if (extra <= 0) return value;
  const divisor = 10n ** BigInt(extra);
  let kept = value.coefficient / divisor;
  const twiceRest = (value.coefficient % divisor) * 2n;
  if (twiceRest > divisor || (twiceRest === divisor && kept % 2n === 1n)) kept += 1n;
  return toExactDecimal(value.negative, kept, value.exponent + extra);
}

/**
 * A Decimal128 from its string form (`1.0`, `-2.5E+7`, `NaN`, `Infinity`): an exact decimal, or the
 * special values as the doubles NaN and ±Infinity (mongod finds them equal to the double ones).
 */
export function parseDecimal128Text(text: string): ExactDecimal | number {
  if (text.includes('NaN')) return NaN;
  if (text.includes('Inf')) return text.startsWith('-') ? -Infinity : Infinity;
  const match = /^([-+])?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!match) throw new TypeError(`Unexpected Decimal128 text ${JSON.stringify(text)}`);
  const fractionDigits = match[3] ?? '';
  return toExactDecimal(
    match[1] === '-',
    BigInt(`${match[2] ?? ''}${fractionDigits}` || '0'),
    Number(match[4] ?? 0) - fractionDigits.length,
  );
}

export function compareExactDecimals(a: ExactDecimal, b: ExactDecimal): number {
  const signA = a.coefficient === 0n ? 0 : a.negative ? -1 : 1;
  const signB = b.coefficient === 0n ? 0 : b.negative ? -1 : 1;
  if (signA !== signB || signA === 0) return signA - signB;
  return signA * compareMagnitudes(a, b);
}

function compareMagnitudes(a: ExactDecimal, b: ExactDecimal): number {
  // Compare orders of magnitude first, so that 1E+6000 against 1 never builds a 6000-digit bigint.
  const digitsA = a.coefficient.toString().length;
  const digitsB = b.coefficient.toString().length;
  const magnitudeA = digitsA + a.exponent;
  const magnitudeB = digitsB + b.exponent;
  if (magnitudeA !== magnitudeB) return magnitudeA < magnitudeB ? -1 : 1;
  const exponent = Math.min(a.exponent, b.exponent);
  const scaledA = a.coefficient * 10n ** BigInt(a.exponent - exponent);
  const scaledB = b.coefficient * 10n ** BigInt(b.exponent - exponent);
  return scaledA < scaledB ? -1 : scaledA > scaledB ? 1 : 0;
}
