/**
 * Exact cty numbers. cty numbers are arbitrary-precision decimals; a JS `number` holds those a
 * double represents exactly and {@link CtyBigNumber} keeps the decimal text of all others, so a
 * value Terraform sends comes back bit-for-bit (e.g. config `0.1` arrives as the text "0.1"
 * and must be echoed as such, not as the double nearest to it).
 */

/** A decimal split into sign, significant digits (no leading/trailing zeros) and base-10 exponent. */
export interface CtyDecimal {
  readonly negative: boolean;
  /** "0" for zero, otherwise digits without leading or trailing zeros. */
  readonly digits: string;
  readonly exponent: number;
}

// Go's big.ParseFloat (base 10) accepts these forms; JSON numbers are a subset.
const DECIMAL_RE = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const INFINITY_RE = /^([+-]?)[Ii]nf$/;
// Exponents beyond this are not meaningful numbers (cty keeps 512 mantissa bits) and would make
// exact integer arithmetic explode.
const MAX_EXPONENT = 1_000_000;

function parseDecimal(text: string): { decimal: CtyDecimal; json: string } | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const negative = m[1] === '-';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[4] ?? '';
  const expText = m[5];
  const exp = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) return undefined;
  const all = (intPart + fracPart).replace(/^0+/, '');
  let digits = all.replace(/0+$/, '');
  let exponent = exp - fracPart.length + (all.length - digits.length);
  if (digits === '') {
    digits = '0';
    exponent = 0;
  }
  // The same value spelled as a JSON number (what encoders write): sign, no "+", no leading zeros.
  const jsonInt = intPart.replace(/^0+(?=\d)/, '') || '0';
  const json = `${negative ? '-' : ''}${jsonInt}${fracPart ? `.${fracPart}` : ''}${expText === undefined ? '' : `e${expText.replace(/^\+/, '')}`}`;
  return { decimal: { negative: negative && digits !== '0', digits, exponent }, json };
}

const F64 = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite double. */
function doubleToDecimal(x: number): CtyDecimal {
  if (x === 0) return { negative: false, digits: '0', exponent: 0 };
  F64.setFloat64(0, x);
  const bits = F64.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biasedExp === 0 ? fraction : fraction | (1n << 52n);
  const binExp = (biasedExp === 0 ? 1 : biasedExp) - 1075;
  let digits: string;
  let exponent: number;
  if (binExp >= 0) {
    digits = (mantissa << BigInt(binExp)).toString();
    exponent = 0;
  } else {
    // m·2^-k = m·5^k·10^-k
    digits = (mantissa * 5n ** BigInt(-binExp)).toString();
    exponent = binExp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { negative, digits: trimmed, exponent: exponent + (digits.length - trimmed.length) };
}

function decimalEquals(a: CtyDecimal, b: CtyDecimal): boolean {
  return a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}

/** The double equal to `decimal`, or undefined when no double is exactly equal. */
function exactDouble(decimal: CtyDecimal, text: string): number | undefined {
  if (decimal.digits === '0') return 0;
  const x = Number(text);
  if (!Number.isFinite(x) || x === 0) return undefined;
  return decimalEquals(doubleToDecimal(x), decimal) ? x : undefined;
}

/**
 * A cty number no JS `number` represents exactly, kept as its decimal text.
 * `text` is always a valid JSON number (normalised from e.g. "+.5" to "0.5").
 */
export class CtyBigNumber {
  readonly text: string;
  readonly #decimal: CtyDecimal;
  #double: number | undefined | null = null; // null = not computed yet

  constructor(text: string) {
    const parsed = typeof text === 'string' ? parseDecimal(text.trim()) : undefined;
    if (!parsed) {
      throw new TypeError(`CtyBigNumber: ${JSON.stringify(text)} is not a decimal number (expected e.g. "18446744073709551615" or "0.1" or "1e400")`);
    }
    this.text = parsed.json;
    this.#decimal = parsed.decimal;
  }

  /** Exact conversion from a bigint. */
  static fromBigInt(value: bigint): CtyBigNumber {
    return new CtyBigNumber(value.toString());
  }

  /** Nearest double (lossy; ±Infinity beyond the double range). */
  toNumber(): number {
    return Number(this.text);
  }

  /** True when the value is a whole number. */
  isInteger(): boolean {
    return this.#decimal.exponent >= 0;
  }

  /** Exact integer value; throws for fractions. */
  toBigInt(): bigint {
    if (!this.isInteger()) throw new RangeError(`CtyBigNumber ${this.text} is not an integer`);
    const { negative, digits, exponent } = this.#decimal;
    const magnitude = BigInt(digits) * 10n ** BigInt(exponent);
    return negative ? -magnitude : magnitude;
  }

  /** The double exactly equal to this value, if there is one. */
  exactNumber(): number | undefined {
    if (this.#double === null) this.#double = exactDouble(this.#decimal, this.text);
    return this.#double;
  }

  /** Sign, significant digits and exponent (for exact comparisons). */
  decimal(): Readonly<CtyDecimal> {
    return this.#decimal;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export type CtyNumber = number | CtyBigNumber;

const SAFE_INT_RE = /^-?(?:0|[1-9]\d{0,14})$/;

/**
 * Normalises decimal text (msgpack str numbers, JSON number tokens) to a JS number when exactly
 * representable, else a CtyBigNumber. Accepts Go's "Inf"/"-Inf" spellings. Undefined if invalid.
 */
export function parseCtyNumber(text: string): CtyNumber | undefined {
  if (SAFE_INT_RE.test(text)) return Number(text);
  const inf = INFINITY_RE.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const parsed = parseDecimal(text);
  if (!parsed) return undefined;
  const exact = exactDouble(parsed.decimal, parsed.json);
  return exact !== undefined ? exact : new CtyBigNumber(parsed.json);
}

/** Exact conversion of an integer from the wire (int64/uint64 arrive as bigint). */
export function ctyNumberFromBigInt(value: bigint): CtyNumber {
  const x = Number(value);
  return BigInt(x) === value ? x : CtyBigNumber.fromBigInt(value);
}

/**
 * The decimal go-cty compares a number by (cty's rawNumberEqual): integers exactly, other
 * numbers by their shortest decimal text at their own precision — for a double the shortest
 * round-trip digits, for decimal text the text itself. So 0.1 (double) equals "0.1".
 */
function comparableDecimal(n: CtyNumber): CtyDecimal {
  if (n instanceof CtyBigNumber) return n.decimal();
  if (Number.isInteger(n)) return doubleToDecimal(n);
  return parseDecimal(String(n))!.decimal;
}

/** A string that is identical exactly for numbers go-cty considers equal (0 = -0). */
export function numberKey(n: CtyNumber): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  const { negative, digits, exponent } = comparableDecimal(n);
  return `${negative ? '-' : ''}${digits}e${exponent}`;
}

/** Number equality with go-cty's semantics across number / CtyBigNumber (see {@link numberKey}). */
export function numberEquals(a: CtyNumber, b: CtyNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return numberKey(a) === numberKey(b);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * How go-cty's msgpack encoder writes a number: int when it is an integer within int64, float64
 * when a double holds it exactly and it is not an integer (and for ±Infinity), else decimal text.
 */
export type WireNumber = { kind: 'int'; value: number | bigint } | { kind: 'float'; value: number } | { kind: 'text'; value: string };

export function wireNumber(n: CtyNumber): WireNumber {
  if (typeof n === 'number') {
    if (!Number.isFinite(n)) return { kind: 'float', value: n };
    if (!Number.isInteger(n)) return { kind: 'float', value: n };
    if (Number.isSafeInteger(n)) return { kind: 'int', value: n === 0 ? 0 : n };
    const big = BigInt(n);
    return big >= INT64_MIN && big <= INT64_MAX ? { kind: 'int', value: big } : { kind: 'text', value: big.toString() };
  }
  const { digits, exponent } = n.decimal();
  if (digits === '0') return { kind: 'int', value: 0 };
  if (exponent >= 0) {
    if (digits.length + exponent <= 19) {
      const big = n.toBigInt();
      if (big >= INT64_MIN && big <= INT64_MAX) return { kind: 'int', value: ctyNumberFromBigIntValue(big) };
    }
    return { kind: 'text', value: n.text };
  }
  const exact = n.exactNumber();
  return exact !== undefined ? { kind: 'float', value: exact } : { kind: 'text', value: n.text };
}

function ctyNumberFromBigIntValue(big: bigint): number | bigint {
  const x = Number(big);
  return Number.isSafeInteger(x) ? x : big;
}

function decimalToPositional({ negative, digits, exponent }: CtyDecimal): string {
  const sign = negative ? '-' : '';
  if (exponent >= 0) return `${sign}${digits}${'0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * JSON number text for a finite cty number as go-cty writes it (`big.Float.Text('f', -1)`):
 * positional notation; integers exact; other doubles with their shortest round-trip digits
 * (read back as decimal text, which go-cty — and {@link numberEquals} — treat as the same
 * number); CtyBigNumber as its own text.
 */
export function numberToJsonText(n: CtyNumber): string {
  if (n instanceof CtyBigNumber) return n.text;
  return decimalToPositional(comparableDecimal(n));
}
