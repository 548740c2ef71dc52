/**
 * CEL type checking, as cel-go's checker does it before Talos evaluates an expression: every
 * identifier, field, operator and function must resolve to an overload for its argument types,
 * and mixed-type arithmetic (`6 * GB`, int times uint) is an error rather than a silent
 * conversion. The result maps each node to its type for the evaluator.
 */
import { re2ToRegExp } from './re2';
import { CelError, type Expr } from './syntax';

export interface MessageDecl {
  readonly name: string;
  readonly fields: Readonly<Record<string, CelType>>;
}

export type CelType =
  { readonly name: 'bool' | 'int' | 'uint' | 'double' | 'string' | 'null' | 'dyn' } | { readonly name: 'list'; readonly elem: CelType } | { readonly name: 'message'; readonly message: MessageDecl };

export const T = {
  bool: { name: 'bool' },
  int: { name: 'int' },
  uint: { name: 'uint' },
  double: { name: 'double' },
  string: { name: 'string' },
  null: { name: 'null' },
  dyn: { name: 'dyn' },
  list: (elem: CelType): CelType => ({ name: 'list', elem }),
  message: (message: MessageDecl): CelType => ({ name: 'message', message }),
} as const satisfies Record<string, CelType | ((t: CelType) => CelType) | ((m: MessageDecl) => CelType)>;

/** What an expression may name: variables and constants with their types. */
export interface CelEnvironment {
  readonly variables: Readonly<Record<string, CelType>>;
  /** Named constants (e.g. the size units GB, GiB); evaluated like variables. */
  readonly constants: Readonly<Record<string, { readonly type: CelType; readonly value: bigint }>>;
}

export function typeName(t: CelType): string {
  if (t.name === 'list') return `list(${typeName(t.elem)})`;
  if (t.name === 'message') return t.message.name;
  return t.name;
}

const NUMERIC = new Set(['int', 'uint', 'double']);

function same(a: CelType, b: CelType): boolean {
  if (a.name === 'dyn' || b.name === 'dyn') return true;
  if (a.name === 'list' && b.name === 'list') return same(a.elem, b.elem);
  if (a.name === 'message' && b.name === 'message') return a.message === b.message;
  return a.name === b.name;
}

function noOverload(op: string, args: readonly CelType[], at: number, hint = ''): CelError {
  return new CelError(`found no matching overload for '${op}' applied to '(${args.map(typeName).join(', ')})'${hint}`, at);
}

/** Why an int/uint mix failed and how to write it instead. */
function unsignedHint(a: CelType, b: CelType): string {
  const mix = (a.name === 'int' && b.name === 'uint') || (a.name === 'uint' && b.name === 'int');
  return mix ? ': disk sizes and the units (GB, GiB, …) are uint, so write unsigned numbers with the suffix u (e.g. 6u * GB)' : '';
}

/** Why a double met an int or uint in a comparison and how to write it instead. */
function doubleHint(a: CelType, b: CelType): string {
  const mix = NUMERIC.has(a.name) && NUMERIC.has(b.name) && a.name !== b.name;
  return mix ? ': numbers of different types are not compared, so convert one side (e.g. double(disk.size) < 1.5e12, or write 6u for a uint)' : '';
}

const ORDERED = new Set(['int', 'uint', 'double', 'string', 'bool', 'dyn']);

/** Types of every node of a checked expression (the evaluator needs int vs uint). */
export type TypeMap = Map<Expr, CelType>;

export function checkCel(expr: Expr, env: CelEnvironment): TypeMap {
  const types: TypeMap = new Map();
  const scope: Record<string, CelType>[] = [];

  const lookup = (name: string): CelType | undefined => {
    for (let i = scope.length - 1; i >= 0; i--) if (name in scope[i]) return scope[i][name];
    return env.variables[name] ?? env.constants[name]?.type;
  };

  const visit = (e: Expr): CelType => {
    const t = typeOf(e);
    types.set(e, t);
    return t;
  };

  const want = (e: Expr, expected: CelType, what: string): void => {
    const t = visit(e);
    if (!same(t, expected)) throw new CelError(`${what} must be ${typeName(expected)}, not ${typeName(t)}`, e.at);
  };

  const typeOf = (e: Expr): CelType => {
    switch (e.kind) {
      case 'literal':
        return T[e.literal.type];
      case 'ident': {
        const t = lookup(e.name);
        if (!t) {
          const known = [...Object.keys(env.variables), ...Object.keys(env.constants)].join(', ');
          throw new CelError(`undeclared reference to '${e.name}': the names known here are ${known}`, e.at);
        }
        return t;
      }
      case 'select': {
        const operand = visit(e.operand);
        if (operand.name !== 'message') throw new CelError(`type '${typeName(operand)}' has no field '${e.field}'`, e.at);
        const field = operand.message.fields[e.field];
        if (!field) throw new CelError(`undefined field '${e.field}' of ${operand.message.name}: the fields are ${Object.keys(operand.message.fields).join(', ')}`, e.at);
        return field;
      }
      case 'index': {
        const operand = visit(e.operand);
        if (operand.name !== 'list') throw noOverload('_[_]', [operand, visit(e.index)], e.at);
        want(e.index, T.int, 'a list index');
        return operand.elem;
      }
      case 'list': {
        if (e.items.length === 0) return T.list(T.dyn);
        const first = visit(e.items[0]);
        for (const item of e.items.slice(1)) {
          const t = visit(item);
          if (!same(t, first)) throw new CelError(`list elements must have one type: ${typeName(first)} and ${typeName(t)} are mixed`, item.at);
        }
        return T.list(first);
      }
      case 'unary': {
        const t = visit(e.operand);
        if (e.op === '!' && t.name === 'bool') return T.bool;
        if (e.op === '-' && (t.name === 'int' || t.name === 'double')) return t;
        throw noOverload(`${e.op}_`, [t], e.at);
      }
      case 'conditional': {
        want(e.test, T.bool, 'the condition of ? :');
        const a = visit(e.then);
        const b = visit(e.otherwise);
        if (!same(a, b)) throw new CelError(`both branches of ? : must have one type: ${typeName(a)} and ${typeName(b)} differ`, e.at);
        return a.name === 'dyn' ? b : a;
      }
      case 'binary':
        return binaryType(e.op, visit(e.left), visit(e.right), e.at);
      case 'call':
        return callType(e);
    }
  };

  const binaryType = (op: string, l: CelType, r: CelType, at: number): CelType => {
    const sym = op === 'in' ? '@in' : `_${op}_`;
    switch (op) {
      case '&&':
      case '||':
        if (l.name === 'bool' && r.name === 'bool') return T.bool;
        throw noOverload(sym, [l, r], at);
      case '==':
      case '!=':
        if (same(l, r) || l.name === 'null' || r.name === 'null') return T.bool;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r));
      case '<':
      case '<=':
      case '>':
      case '>=':
        // Only values of one type are ordered: cel-go filters its int/uint/double cross-type overloads
        // unless cel.CrossTypeNumericComparisons(true) is set, and Talos' celenv.DiskLocator does not set it.
        if (same(l, r) && ORDERED.has(l.name === 'dyn' ? r.name : l.name)) return T.bool;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r) || doubleHint(l, r));
      case 'in':
        if (r.name === 'list' && same(l, r.elem)) return T.bool;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r.name === 'list' ? r.elem : r));
      case '+':
        if (same(l, r) && (NUMERIC.has(l.name) || l.name === 'string' || l.name === 'list')) return l.name === 'dyn' ? r : l;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r));
      case '-':
      case '*':
      case '/':
        if (l.name === r.name && NUMERIC.has(l.name)) return l;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r));
      case '%':
        if (l.name === r.name && (l.name === 'int' || l.name === 'uint')) return l;
        throw noOverload(sym, [l, r], at, unsignedHint(l, r));
    }
    throw new CelError(`unknown operator ${op}`, at);
  };

  const callType = (e: Extract<Expr, { kind: 'call' }>): CelType => {
    const { name, target, args } = e;
    // Macros: list.exists(x, predicate), list.all(x, predicate), list.exists_one(x, predicate).
    if (target && (name === 'exists' || name === 'all' || name === 'exists_one')) {
      const list = visit(target);
      const variable = args[0];
      if (args.length !== 2 || variable.kind !== 'ident') throw new CelError(`${name} takes a variable name and a condition, e.g. disk.symlinks.${name}(s, s.startsWith("/dev/disk/by-id/"))`, e.at);
      if (list.name !== 'list') throw noOverload(name, [list], e.at);
      scope.push({ [variable.name]: list.elem });
      try {
        want(args[1], T.bool, `the condition of ${name}`);
      } finally {
        scope.pop();
      }
      return T.bool;
    }
    // has(disk.field): proto3 presence, i.e. the field is not its zero value.
    if (!target && name === 'has') {
      const field = args[0];
      if (args.length !== 1 || field.kind !== 'select') throw new CelError('has takes one field selection, e.g. has(disk.wwid)', e.at);
      visit(field);
      return T.bool;
    }
    const argTypes = args.map(visit);
    const targetType = target ? visit(target) : undefined;
    const sig = targetType ? [targetType, ...argTypes] : argTypes;
    const is = (...names: string[]): boolean => sig.length === names.length && sig.every((t, i) => t.name === names[i] || (names[i] === 'list' && t.name === 'list'));
    switch (name) {
      case 'size':
        if (is('string') || is('list')) return T.int;
        break;
      case 'startsWith':
      case 'endsWith':
      case 'contains':
      case 'matches':
        if (is('string', 'string') && (target || name === 'matches')) {
          // A literal pattern is checked now, so RE2 syntax JavaScript would read differently is refused before any read.
          const pattern = args[args.length - 1];
          if (name === 'matches' && pattern.kind === 'literal' && typeof pattern.literal.value === 'string') re2ToRegExp(pattern.literal.value, pattern.at);
          return T.bool;
        }
        break;
      case 'glob':
        if (!target && is('string', 'string')) return T.bool;
        break;
      case 'int':
      case 'uint':
      case 'double':
        if (!target && sig.length === 1 && (NUMERIC.has(sig[0].name) || sig[0].name === 'string')) return T[name];
        break;
      case 'string':
        if (!target && sig.length === 1 && (NUMERIC.has(sig[0].name) || sig[0].name === 'string' || sig[0].name === 'bool')) return T.string;
        break;
      default:
        throw new CelError(
          `undeclared reference to '${name}': the functions known here are size, startsWith, endsWith, contains, matches, glob, int, uint, double, string and the macros has, exists, all, exists_one`,
          e.at,
        );
    }
    throw noOverload(target ? `${name} (method)` : name, sig, e.at);
  };

  visit(expr);
  return types;
}
