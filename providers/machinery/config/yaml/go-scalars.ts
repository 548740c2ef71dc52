/**
 * Scalar rules of the Go YAML library Talos encodes and decodes with (go.yaml.in/yaml v4, legacy
 * quoting): how a plain scalar resolves, how map keys are ordered and how floats print. Written
 * from the library's documented behaviour so re-encoded configs match talosctl byte for byte.
 */

export type ResolvedTag = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge';

export interface Resolved {
  readonly tag: ResolvedTag;
  readonly value: string | number | boolean | null;
}

const BOOLS: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '-0': -0,
  '-0.0': -0,
};
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** Resolves an unquoted scalar the way the Go library does (YAML 1.2 core plus timestamps). */
export function resolvePlain(text: string): Resolved {
  const first = text.length ? text[0] : '';
  const hint = text === '' ? 'M' : hintOf(first);
  if (!hint) return { tag: 'str', value: text };
  if (text in BOOLS) return { tag: 'bool', value: BOOLS[text] };
  if (NULLS.has(text)) return { tag: 'null', value: null };
  if (text in SPECIAL_FLOATS) return { tag: 'float', value: SPECIAL_FLOATS[text] };
  if (text === '<<') return { tag: 'merge', value: text };
  if (hint === '.') {
    const f = parseGoFloat(text);
    return f === undefined ? { tag: 'str', value: text } : { tag: 'float', value: f };
  }
  if (hint === 'D' || hint === 'S') {
    if (looksLikeTimestamp(text)) return { tag: 'timestamp', value: text };
    const plain = text.replace(/_/g, '');
    const int = parseGoInt(plain);
    if (int !== undefined) return { tag: 'int', value: int };
    if (YAML_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
  }
  return { tag: 'str', value: text };
}

function hintOf(c: string): string {
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~<'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** strconv.ParseInt(s, 0, 64) (then ParseUint): decimal, 0x, 0o, 0b and legacy leading-0 octal. */
export function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === '-' ? -n : n;
}

function parseGoFloat(s: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) && !/^[-+]?(inf|infinity|nan)$/i.test(s)) return undefined;
  const n = Number(s);
  return Number.isNaN(n) && !/nan/i.test(s) ? undefined : n;
}

function looksLikeTimestamp(s: string): boolean {
  // YYYY-M-D, optionally followed by a time; only full dates count, as in the Go library.
  return /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s) && isValidDate(s);
}

function isValidDate(s: string): boolean {
  const [y, mo, d] = s
    .slice(0, 10)
    .split(/[-Tt ]/)
    .map(Number);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 0;
}

/** Whether a Go string must be quoted by the representer because it would read back as another type. */
export function stringNeedsTypeQuoting(s: string): boolean {
  const r = resolvePlain(s);
  return r.tag !== 'str' || isBase60Float(s) || OLD_BOOLS.has(s);
}

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** strconv.FormatFloat(f, 'g', -1, 64) with the YAML spellings of infinities and NaN. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const { digits, exponent } = shortestDigits(f);
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${f < 0 ? '-' : ''}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(f);
}

function shortestDigits(f: number): { digits: string; exponent: number } {
  const [mant, exp] = Math.abs(f).toExponential().split('e');
  return { digits: mant.replace('.', ''), exponent: Number(exp) };
}

/** The Go library's map key order: numbers numerically, letters before other characters, digit runs by value. */
export function compareGoKeys(a: string, b: string): number {
  if (a === b) return 0;
  return goKeyLess(a, b) ? -1 : 1;
}

function goKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function isDigit(c: string): boolean {
  return /^\p{Nd}$/u.test(c);
}

function isLetter(c: string): boolean {
  return /^\p{L}$/u.test(c);
}
