/**
 * Evaluates a checked CEL expression. int and uint are 64-bit (bigint here) and overflow is an
 * error, as in CEL; && and || absorb an error on one side when the other side decides the result.
 */
import { T, type CelType, type TypeMap } from './check';
import { re2ToRegExp } from './re2';
import { CelError, type Expr } from './syntax';

export type CelValue = boolean | bigint | number | string | null | readonly CelValue[] | { readonly [field: string]: CelValue };

const INT_MIN = -(1n << 63n);
const INT_MAX = (1n << 63n) - 1n;
const UINT_MAX = (1n << 64n) - 1n;

function inRange(v: bigint, t: CelType, at: number): bigint {
  if (t.name === 'uint' ? v < 0n || v > UINT_MAX : v < INT_MIN || v > INT_MAX) throw new CelError(`${t.name === 'uint' ? 'unsigned integer' : 'integer'} overflow`, at);
  return v;
}

/** ryanuber/go-glob, which Talos' glob() uses: `*` matches any run of characters, nothing else is special. */
export function glob(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === subject;
  if (!subject.startsWith(parts[0])) return false;
  let rest = subject.slice(parts[0].length);
  for (const middle of parts.slice(1, -1)) {
    const i = rest.indexOf(middle);
    if (i < 0) return false;
    rest = rest.slice(i + middle.length);
  }
  return rest.endsWith(parts[parts.length - 1]);
}

/** Whether a bigint and a double denote the same number (CEL's equality across numeric types, reached through dyn). */
function sameNumber(a: bigint, b: number): boolean {
  return Number.isInteger(b) && BigInt(b) === a;
}

function equal(a: CelValue, b: CelValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'number') return sameNumber(a, b);
  if (typeof a === 'number' && typeof b === 'bigint') return sameNumber(b, a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, (b as CelValue[])[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => equal((a as Record<string, CelValue>)[k], (b as Record<string, CelValue>)[k]));
  }
  return a === b;
}

/** -1, 0 or 1; a NaN operand is an error, as cel-go's Double.Compare makes it ("NaN values cannot be ordered"). */
function compare(a: CelValue, b: CelValue, at: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new CelError('NaN values cannot be ordered', at);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // Numbers of different kinds only meet here through dyn (the checker refuses uint vs int).
  if (typeof a === 'number' && typeof b === 'bigint') return -compare(b, a, at);
  if (typeof a === 'bigint' && typeof b === 'number') {
    if (!Number.isFinite(b)) return b > 0 ? -1 : 1;
    const whole = BigInt(Math.trunc(b));
    return a < whole ? -1 : a > whole ? 1 : Number.isInteger(b) ? 0 : b > 0 ? -1 : 1;
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('internal: values of unordered types reached a comparison');
}

// Go's strconv.ParseInt/ParseUint with base 10, which cel-go's int(string) and uint(string) use:
// an optional sign (int only) and decimal digits, nothing else (no spaces, prefixes or underscores).
const INT_TEXT = /^[+-]?[0-9]+$/;
const UINT_TEXT = /^[0-9]+$/;
// Go's strconv.ParseFloat (double(string)): decimal or hexadecimal (with p exponent) float
// literals, _ between digits, and NaN / [+-]Inf / [+-]Infinity in any case.
const SPECIAL_DOUBLE = /^(nan|[+-]?inf(inity)?)$/i;
const DECIMAL_DOUBLE = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const HEX_DOUBLE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/;

/** Go's rule for _ in numbers: only between two digits (a 0x prefix counts as a digit). */
function underscoresOk(text: string): boolean {
  return !text.includes('_') || /^[+-]?(0[xX]_?)?[0-9a-fA-F]+(_[0-9a-fA-F]+)*([.pPeE+-]+[0-9a-fA-F]+(_[0-9a-fA-F]+)*)*$/.test(text);
}

function parseDouble(text: string): number | undefined {
  if (SPECIAL_DOUBLE.test(text)) return /nan/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  if (!underscoresOk(text)) return undefined;
  const plain = text.replaceAll('_', '');
  let value: number;
  if (DECIMAL_DOUBLE.test(plain)) value = Number(plain);
  else {
    const hex = HEX_DOUBLE.exec(plain);
    if (!hex || hex[2] + hex[3] === '') return undefined;
    value = Number(BigInt(`0x${hex[2]}${hex[3]}`)) * 2 ** (Number(hex[4]) - 4 * hex[3].length);
    if (hex[1] === '-') value = -value;
  }
  // A well-formed literal beyond the double range is a range error in Go, not an infinity.
  return Number.isFinite(value) ? value : undefined;
}

/** int(x), uint(x), double(x), string(x) with cel-go's rules; every failure is a CelError. */
function convert(name: string, v: CelValue, at: number): CelValue {
  const fail = (why: string): CelError => new CelError(`${name}(${typeof v === 'string' ? JSON.stringify(v) : String(v)}): ${why}`, at);
  switch (name) {
    case 'string':
      return String(v);
    case 'double': {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      const d = parseDouble(v as string);
      if (d === undefined) throw fail('not a number (write digits with an optional sign, fraction and exponent, e.g. "1.5e9")');
      return d;
    }
    case 'int':
    case 'uint': {
      let n: bigint;
      if (typeof v === 'bigint') n = v;
      else if (typeof v === 'number') {
        // cel-go refuses NaN, infinities and values at or beyond the 64-bit limits before truncating,
        // so uint(-0.5) is an error although it would truncate to 0.
        const low = name === 'uint' ? v < 0 : v <= -(2 ** 63);
        if (Number.isNaN(v) || low || v >= (name === 'uint' ? 2 ** 64 : 2 ** 63)) throw fail(`out of range for ${name}`);
        n = BigInt(Math.trunc(v));
      } else {
        if (!(name === 'uint' ? UINT_TEXT : INT_TEXT).test(v as string)) throw fail(`not a base-10 ${name} (write decimal digits${name === 'int' ? ' with an optional sign' : ''}, e.g. "12")`);
        n = BigInt(v as string);
      }
      return inRange(n, T[name], at);
    }
  }
  throw new Error(`internal: conversion ${name}`);
}

export function evaluateCel(expr: Expr, types: TypeMap, variables: Readonly<Record<string, CelValue>>): CelValue {
  const scope: Record<string, CelValue>[] = [];
  const typeOf = (e: Expr): CelType => types.get(e) ?? T.dyn;

  const ev = (e: Expr): CelValue => {
    switch (e.kind) {
      case 'literal':
        return e.literal.value;
      case 'ident': {
        for (let i = scope.length - 1; i >= 0; i--) if (e.name in scope[i]) return scope[i][e.name];
        if (!(e.name in variables)) throw new CelError(`no value for '${e.name}'`, e.at);
        return variables[e.name];
      }
      case 'select': {
        const obj = ev(e.operand) as Record<string, CelValue> | null;
        const v = obj?.[e.field];
        if (v !== undefined) return v;
        // Proto3: an unset field reads as its type's zero value.
        const t = typeOf(e);
        return t.name === 'list' ? [] : t.name === 'string' ? '' : t.name === 'bool' ? false : t.name === 'double' ? 0 : 0n;
      }
      case 'index': {
        const list = ev(e.operand) as CelValue[];
        const i = ev(e.index) as bigint;
        if (i < 0n || i >= BigInt(list.length)) throw new CelError(`index ${i} out of range (the list has ${list.length} elements)`, e.at);
        return list[Number(i)];
      }
      case 'list':
        return e.items.map(ev);
      case 'unary': {
        const v = ev(e.operand);
        if (e.op === '!') return !v;
        return typeof v === 'bigint' ? inRange(-v, T.int, e.at) : -(v as number);
      }
      case 'conditional':
        return ev(e.test) ? ev(e.then) : ev(e.otherwise);
      case 'binary':
        return binary(e);
      case 'call':
        return call(e);
    }
  };

  const logical = (e: Extract<Expr, { kind: 'binary' }>): boolean => {
    const decisive = e.op === '||';
    let leftError: unknown;
    try {
      if (ev(e.left) === decisive) return decisive;
    } catch (err) {
      leftError = err;
    }
    const right = ev(e.right);
    if (right === decisive) return decisive;
    if (leftError !== undefined) throw leftError;
    return !decisive;
  };

  const binary = (e: Extract<Expr, { kind: 'binary' }>): CelValue => {
    if (e.op === '&&' || e.op === '||') return logical(e);
    const l = ev(e.left);
    const r = ev(e.right);
    const t = typeOf(e);
    switch (e.op) {
      case '==':
        return equal(l, r);
      case '!=':
        return !equal(l, r);
      case '<':
        return compare(l, r, e.at) < 0;
      case '<=':
        return compare(l, r, e.at) <= 0;
      case '>':
        return compare(l, r, e.at) > 0;
      case '>=':
        return compare(l, r, e.at) >= 0;
      case 'in':
        return (r as CelValue[]).some((x) => equal(l, x));
      case '+':
        if (typeof l === 'string') return l + (r as string);
        if (Array.isArray(l)) return [...l, ...(r as CelValue[])];
        return typeof l === 'bigint' ? inRange(l + (r as bigint), t, e.at) : (l as number) + (r as number);
      case '-':
        return typeof l === 'bigint' ? inRange(l - (r as bigint), t, e.at) : (l as number) - (r as number);
      case '*':
        return typeof l === 'bigint' ? inRange(l * (r as bigint), t, e.at) : (l as number) * (r as number);
      case '/':
      case '%': {
        if (typeof l !== 'bigint') return (l as number) / (r as number);
        if (r === 0n) throw new CelError(e.op === '/' ? 'division by zero' : 'modulus by zero', e.at);
        return inRange(e.op === '/' ? l / (r as bigint) : l % (r as bigint), t, e.at);
      }
    }
  };

  /**
   * The macros as CEL expands them: exists folds with ||, all with && — so the first element that
   * decides the result ends the loop and absorbs errors of earlier elements, and an error surfaces
   * only when nothing decided — while exists_one counts every element and propagates any error.
   */
  const quantifier = (name: 'exists' | 'all' | 'exists_one', list: readonly CelValue[], e: Extract<Expr, { kind: 'call' }>): boolean => {
    const variable = (e.args[0] as Extract<Expr, { kind: 'ident' }>).name;
    const predicate = (item: CelValue): boolean => {
      scope.push({ [variable]: item });
      try {
        return ev(e.args[1]) as boolean;
      } finally {
        scope.pop();
      }
    };
    if (name === 'exists_one') return list.filter(predicate).length === 1;
    const decisive = name === 'exists';
    let firstError: unknown;
    for (const item of list) {
      try {
        if (predicate(item) === decisive) return decisive;
      } catch (err) {
        if (!(err instanceof CelError)) throw err;
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
    return !decisive;
  };

  const call = (e: Extract<Expr, { kind: 'call' }>): CelValue => {
    const { name, target, args } = e;
    if (target && (name === 'exists' || name === 'all' || name === 'exists_one')) return quantifier(name, ev(target) as CelValue[], e);
    if (!target && name === 'has') {
      const v = ev(args[0]);
      return !(v === '' || v === false || v === 0 || v === 0n || v === null || (Array.isArray(v) && v.length === 0));
    }
    const values = [...(target ? [ev(target)] : []), ...args.map(ev)];
    switch (name) {
      case 'size': {
        const v = values[0];
        return BigInt(typeof v === 'string' ? [...v].length : (v as CelValue[]).length);
      }
      case 'startsWith':
        return (values[0] as string).startsWith(values[1] as string);
      case 'endsWith':
        return (values[0] as string).endsWith(values[1] as string);
      case 'contains':
        return (values[0] as string).includes(values[1] as string);
      case 'matches':
        return re2ToRegExp(values[1] as string, e.at).test(values[0] as string);
      case 'glob':
        return glob(values[0] as string, values[1] as string);
      default:
        return convert(name, values[0], e.at);
    }
  };

  return ev(expr);
}
