/**
 * CEL (Common Expression Language) syntax for the expressions Talos evaluates over a resource,
 * e.g. disk selectors `disk.size > 6u * GB && !disk.rotational`: a lexer and a precedence-climbing
 * parser producing a small AST. Macros (exists, all) are parsed as calls and checked later.
 */

export type UnaryOp = '!' | '-';
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%';

export type Literal =
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int' | 'uint'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'null'; readonly value: null };

export type Expr =
  | { readonly kind: 'literal'; readonly at: number; readonly literal: Literal }
  | { readonly kind: 'ident'; readonly at: number; readonly name: string }
  | { readonly kind: 'select'; readonly at: number; readonly operand: Expr; readonly field: string }
  | { readonly kind: 'index'; readonly at: number; readonly operand: Expr; readonly index: Expr }
  | { readonly kind: 'call'; readonly at: number; readonly name: string; readonly target?: Expr; readonly args: readonly Expr[] }
  | { readonly kind: 'list'; readonly at: number; readonly items: readonly Expr[] }
  | { readonly kind: 'unary'; readonly at: number; readonly op: UnaryOp; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly at: number; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly at: number; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr };

/** A problem in the expression text, with its 1-based column. */
export class CelError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(column === undefined ? message : `${message} (at column ${column})`);
    this.name = 'CelError';
  }
}

type Token =
  | { readonly kind: 'number'; readonly at: number; readonly literal: Literal }
  | { readonly kind: 'string'; readonly at: number; readonly value: string }
  | { readonly kind: 'ident'; readonly at: number; readonly name: string }
  | { readonly kind: 'punct'; readonly at: number; readonly text: string }
  | { readonly kind: 'end'; readonly at: number };

const PUNCTUATION = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', '.', ',', '?', ':'];
const RESERVED = new Set(['as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '`': '`', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

function readString(text: string, start: number, raw: boolean): { value: string; end: number } {
  const quote = text[start];
  if (text.startsWith(quote.repeat(3), start)) throw new CelError('triple-quoted strings are not supported here: use a single-line string', start + 1);
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value: out, end: i + 1 };
    if (c === '\n') break;
    if (c === '\\' && !raw) {
      const e = text[++i];
      if (e !== undefined && e in ESCAPES) out += ESCAPES[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else throw new CelError(`unknown escape sequence \\${e ?? ''} in a string`, i);
      continue;
    }
    out += c;
  }
  throw new CelError('string is not closed: end it with the same quote it starts with', start + 1);
}

function readNumber(text: string, start: number): { literal: Literal; end: number } {
  const hex = /^0[xX][0-9a-fA-F]+[uU]?/.exec(text.slice(start));
  const dec = /^(\d+\.\d+([eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?)/.exec(text.slice(start));
  const m = hex ?? dec;
  if (!m) throw new CelError('malformed number', start + 1);
  const raw = m[0];
  const end = start + raw.length;
  if (/^[A-Za-z_]/.test(text[end] ?? '')) throw new CelError(`malformed number "${raw}${text[end]}": unsigned numbers take the suffix u (e.g. 6u)`, start + 1);
  if (!hex && /[.eE]/.test(raw)) return { literal: { type: 'double', value: Number(raw) }, end };
  const unsigned = /[uU]$/.test(raw);
  const value = BigInt(unsigned ? raw.slice(0, -1) : raw);
  if (value > (unsigned ? UINT64_MAX : INT64_MAX + 1n)) throw new CelError(`number ${raw} is out of range for ${unsigned ? 'uint' : 'int'}`, start + 1);
  return { literal: { type: unsigned ? 'uint' : 'int', value }, end };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const { literal, end } = readNumber(text, i);
      tokens.push({ kind: 'number', at: i + 1, literal });
      i = end;
      continue;
    }
    const rawPrefix = (c === 'r' || c === 'R') && (text[i + 1] === '"' || text[i + 1] === "'");
    if (c === '"' || c === "'" || rawPrefix) {
      const { value, end } = readString(text, rawPrefix ? i + 1 : i, rawPrefix);
      tokens.push({ kind: 'string', at: i + 1, value });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'ident', at: i + 1, name });
      i += name.length;
      continue;
    }
    const p = PUNCTUATION.find((s) => text.startsWith(s, i));
    if (c === '=' && !p) throw new CelError('"=" is not an operator in CEL: compare with ==', i + 1);
    if (c === '&' || c === '|') {
      if (!p) throw new CelError(`"${c}" is not an operator in CEL: write ${c}${c}`, i + 1);
    }
    if (!p) throw new CelError(`unexpected character "${c}"`, i + 1);
    tokens.push({ kind: 'punct', at: i + 1, text: p });
    i += p.length;
  }
  tokens.push({ kind: 'end', at: text.length + 1 });
  return tokens;
}

const BINARY_PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, in: 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === text) return this.next();
    throw new CelError(`expected "${text}" ${what}, found ${describe(t)}`, t.at);
  }

  parseAll(): Expr {
    const e = this.conditional();
    const t = this.peek();
    if (t.kind !== 'end') throw new CelError(`unexpected ${describe(t)} after a complete expression: join conditions with && or ||`, t.at);
    return e;
  }

  private conditional(): Expr {
    const test = this.binary(1);
    if (!this.isPunct('?')) return test;
    const at = this.next().at;
    const then = this.binary(1);
    this.expect(':', 'in a conditional (test ? a : b)');
    const otherwise = this.conditional();
    return { kind: 'conditional', at, test, then, otherwise };
  }

  private binaryOp(): BinaryOp | undefined {
    const t = this.peek();
    if (t.kind === 'punct' && t.text in BINARY_PRECEDENCE) return t.text as BinaryOp;
    if (t.kind === 'ident' && t.name === 'in') return 'in';
    return undefined;
  }

  private binary(minPrecedence: number): Expr {
    let left = this.unary();
    for (;;) {
      const op = this.binaryOp();
      if (!op || BINARY_PRECEDENCE[op] < minPrecedence) return left;
      const at = this.next().at;
      const right = this.binary(BINARY_PRECEDENCE[op] + 1);
      left = { kind: 'binary', at, op, left, right };
    }
  }

  /** `negated`: the operand of a unary minus, where 9223372036854775808 is still in range (it becomes -2^63). */
  private unary(negated = false): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-')) {
      this.next();
      const operand = this.unary(t.text === '-');
      // A negative literal is one number (so -9223372036854775808 is in range).
      if (t.text === '-' && operand.kind === 'literal' && (operand.literal.type === 'int' || operand.literal.type === 'double')) {
        const lit = operand.literal;
        const literal: Literal = lit.type === 'int' ? { type: 'int', value: -lit.value } : { type: 'double', value: -(lit.value as number) };
        if (literal.type === 'int' && !negated && literal.value > INT64_MAX) throw new CelError('number is out of range for int', t.at);
        return { kind: 'literal', at: t.at, literal };
      }
      return { kind: 'unary', at: t.at, op: t.text, operand };
    }
    const e = this.member();
    if (!negated && e.kind === 'literal' && e.literal.type === 'int' && e.literal.value > INT64_MAX) throw new CelError('number is out of range for int', e.at);
    return e;
  }

  private member(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'ident') throw new CelError(`expected a field or method name after ".", found ${describe(t)}`, t.at);
        if (this.isPunct('(')) e = { kind: 'call', at: t.at, name: t.name, target: e, args: this.args() };
        else e = { kind: 'select', at: t.at, operand: e, field: t.name };
      } else if (this.isPunct('[')) {
        const at = this.next().at;
        const index = this.conditional();
        this.expect(']', 'to close the index');
        e = { kind: 'index', at, operand: e, index };
      } else return e;
    }
  }

  private args(): Expr[] {
    this.expect('(', 'to open the arguments');
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      do args.push(this.conditional());
      while (this.isPunct(',') && this.next());
    }
    this.expect(')', 'to close the arguments');
    return args;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', at: t.at, literal: t.literal };
      case 'string':
        return { kind: 'literal', at: t.at, literal: { type: 'string', value: t.value } };
      case 'ident': {
        if (t.name === 'true' || t.name === 'false') return { kind: 'literal', at: t.at, literal: { type: 'bool', value: t.name === 'true' } };
        if (t.name === 'null') return { kind: 'literal', at: t.at, literal: { type: 'null', value: null } };
        if (t.name === 'in' || RESERVED.has(t.name)) throw new CelError(`"${t.name}" is a reserved word in CEL`, t.at);
        if (this.isPunct('(')) return { kind: 'call', at: t.at, name: t.name, args: this.args() };
        return { kind: 'ident', at: t.at, name: t.name };
      }
      case 'punct':
        if (t.text === '(') {
          const e = this.conditional();
          this.expect(')', 'to close the parenthesis');
          return e;
        }
        if (t.text === '[') {
          const items: Expr[] = [];
          if (!this.isPunct(']')) {
            do items.push(this.conditional());
            while (this.isPunct(',') && this.next() && !this.isPunct(']'));
          }
          this.expect(']', 'to close the list');
          return { kind: 'list', at: t.at, items };
        }
        if (t.text === '{') throw new CelError('maps and message literals are not supported in selectors', t.at);
        throw new CelError(`unexpected ${describe(t)}`, t.at);
      case 'end':
        throw new CelError('the expression ends too early', t.at);
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'punct':
      return `"${t.text}"`;
    case 'ident':
      return `"${t.name}"`;
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
  }
}

/** Parses CEL text into an AST; throws CelError naming the column of the first problem. */
export function parseCel(text: string): Expr {
  if (text.trim() === '') throw new CelError('the expression is empty');
  return new Parser(tokenize(text)).parseAll();
}
