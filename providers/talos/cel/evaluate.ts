/**
 * Evaluates a checked CEL expression. int and uint are 64-bit (bigint here) and overflow is an
 * error, as in CEL; && and || absorb an error on one side when the other side decides the result.
 */
import { T, type CelType, type TypeMap } from './check';
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

function equal(a: CelValue, b: CelValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, (b as CelValue[])[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => equal((a as Record<string, CelValue>)[k], (b as Record<string, CelValue>)[k]));
  }
  return a === b;
}

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('internal: values of unordered types reached a comparison');
}

function convert(name: string, v: CelValue, at: number): CelValue {
  try {
    switch (name) {
      case 'string':
        return String(v);
      case 'double':
        return typeof v === 'string' ? Number(v) : Number(v);
      case 'int':
      case 'uint': {
        const n = typeof v === 'number' ? (Number.isFinite(v) ? BigInt(Math.trunc(v)) : NaN) : BigInt(v as bigint | string);
        if (typeof n !== 'bigint') throw new Error('not finite');
        return inRange(n, T[name], at);
      }
    }
  } catch (err) {
    if (err instanceof CelError) throw err;
    throw new CelError(`${name}(${String(v)}): the value cannot be converted`, at);
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
        return compare(l, r) < 0;
      case '<=':
        return compare(l, r) <= 0;
      case '>':
        return compare(l, r) > 0;
      case '>=':
        return compare(l, r) >= 0;
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

  const call = (e: Extract<Expr, { kind: 'call' }>): CelValue => {
    const { name, target, args } = e;
    if (target && (name === 'exists' || name === 'all' || name === 'exists_one')) {
      const list = ev(target) as CelValue[];
      const variable = (args[0] as Extract<Expr, { kind: 'ident' }>).name;
      const results = list.map((item) => {
        scope.push({ [variable]: item });
        try {
          return ev(args[1]) as boolean;
        } finally {
          scope.pop();
        }
      });
      if (name === 'exists') return results.some(Boolean);
      if (name === 'all') return results.every(Boolean);
      return results.filter(Boolean).length === 1;
    }
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
      case 'matches': {
        let re: RegExp;
        try {
          re = new RegExp(values[1] as string, 'u');
        } catch (err) {
          throw new CelError(`matches: invalid regular expression ${JSON.stringify(values[1])}: ${(err as Error).message}`, e.at);
        }
        return re.test(values[0] as string);
      }
      case 'glob':
        return glob(values[0] as string, values[1] as string);
      default:
        return convert(name, values[0], e.at);
    }
  };

  return ev(expr);
}
