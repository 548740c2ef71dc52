import { stringNeedsTypeQuoting } from './go-scalars';

/**
 * A YAML block emitter that writes what the Go YAML library (4-space indent, no line wrapping,
 * legacy quoting) writes for the same tree: sequences indented under their key, mappings inside
 * sequence items aligned after "- ", deeper levels rounded up to multiples of four, strings quoted
 * only when needed (double quotes when they would read back as another type, single quotes when the
 * text cannot be plain), multi-line strings as literal blocks.
 */
export type EmitNode =
  | { readonly t: 'map'; readonly entries: readonly (readonly [string, EmitNode])[] }
  | { readonly t: 'seq'; readonly items: readonly EmitNode[] }
  /** A Go string. */
  | { readonly t: 'str'; readonly value: string }
  /** A non-string scalar already rendered (int, bool, null, float): always written plain. */
  | { readonly t: 'plain'; readonly text: string };

const INDENT = 4;

type Context = 'root' | 'mapValue' | 'seqItem';

/** Emits one document (without the `---` separator). */
export function emitDocument(node: EmitNode): string {
  const out = new Writer();
  emitNode(out, node, -1, 'root');
  out.newlineIfNeeded();
  return out.text();
}

/** Length in code points (the column unit), without materializing the characters. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

class Writer {
  private readonly parts: string[] = [];
  column = 0;

  write(s: string): void {
    this.parts.push(s);
    this.column += codePoints(s);
  }

  newline(): void {
    this.parts.push('\n');
    this.column = 0;
  }

  newlineIfNeeded(): void {
    if (this.column > 0) this.newline();
  }

  /** Moves to `indent` on a fresh line unless the cursor already sits there after an indicator. */
  indentTo(indent: number, sameLineOk: boolean): void {
    if (!(sameLineOk && this.column <= indent) && this.column > 0) this.newline();
    this.write(' '.repeat(indent - this.column));
  }

  text(): string {
    return this.parts.join('');
  }
}

function increase(indent: number, context: Context, flow = false): number {
  if (indent < 0) return flow ? INDENT : 0;
  if (context === 'seqItem') return indent + 2;
  return INDENT * Math.floor((indent + INDENT) / INDENT);
}

function emitNode(out: Writer, node: EmitNode, indent: number, context: Context): void {
  switch (node.t) {
    case 'map': {
      if (node.entries.length === 0) return writeInline(out, '{}', context);
      const inner = increase(indent, context);
      let first = true;
      for (const [key, value] of node.entries) {
        out.indentTo(inner, first && context === 'seqItem');
        first = false;
        writeKey(out, key);
        out.write(':');
        emitNode(out, value, inner, 'mapValue');
      }
      return;
    }
    case 'seq': {
      if (node.items.length === 0) return writeInline(out, '[]', context);
      const inner = increase(indent, context);
      let first = true;
      for (const item of node.items) {
        out.indentTo(inner, first && context === 'seqItem');
        first = false;
        out.write('-');
        emitNode(out, item, inner, 'seqItem');
      }
      return;
    }
    case 'plain':
      return writeInline(out, node.text, context);
    case 'str':
      return writeString(out, node.value, increase(indent, context, true), context);
  }
}

function writeInline(out: Writer, text: string, context: Context): void {
  if (context !== 'root') out.write(' ');
  out.write(text);
}

function writeKey(out: Writer, key: string): void {
  const analysis = analyze(key);
  if (analysis.multiline || [...key].length > 128) throw new Error(`cannot encode mapping key ${JSON.stringify(key)} as a simple key`);
  const style = chooseStyle(key, analysis, true);
  out.write(renderFlowScalar(key, style));
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function writeString(out: Writer, value: string, scalarIndent: number, context: Context): void {
  const analysis = analyze(value);
  const style = chooseStyle(value, analysis, false);
  if (style !== 'literal') return writeInline(out, renderFlowScalar(value, style), context);
  if (context !== 'root') out.write(' ');
  out.write('|' + blockHints(value));
  out.newline();
  // Line by line (certificates make long literals); empty lines get no indentation.
  const pad = ' '.repeat(scalarIndent);
  value.split('\n').forEach((line, i) => {
    if (i > 0) out.newline();
    if (line !== '') out.write(pad + line);
  });
  // A literal block always ends the line it is on; the next key starts on a new one.
  if (!value.endsWith('\n')) out.newline();
}

function blockHints(value: string): string {
  let hints = value.startsWith(' ') ? String(INDENT) : '';
  if (!isBreak(value[value.length - 1] ?? '')) hints += '-';
  else if (value.length === 1 || isBreak(value[value.length - 2])) hints += '+';
  return hints;
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  empty: boolean;
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

/** The emitter's analysis of which scalar styles can represent the text. */
function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false, empty: true };
  const chars = [...value];
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) blockIndicators = true;
    else if (c === '#' && precededByWhitespace) blockIndicators = true;
    if (c === '\t') tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(c) || c === '\0';
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || tabs || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) blockAllowed = false;
  if (lineBreaks || blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed, empty: false };
}

function shouldUseLiteral(s: string): boolean {
  return s.includes('\n') && s.length >= 2 && /\S/u.test(s);
}

function chooseStyle(value: string, a: Analysis, simpleKey: boolean): Style {
  // Representer: multi-line text prefers a literal block; text that would read back as another type is double-quoted.
  let style: Style;
  if (value.includes('\n')) style = shouldUseLiteral(value) ? 'literal' : 'double';
  else if (!stringNeedsTypeQuoting(value)) style = 'plain';
  else style = 'double';
  // Emitter: fall back when the analysis forbids the chosen style.
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlainAllowed || (a.empty && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

function renderFlowScalar(value: string, style: Style): string {
  if (style === 'plain') return value;
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  return doubleQuote(value);
}

const ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function doubleQuote(value: string): string {
  let out = '"';
  for (const c of value) {
    const cp = c.codePointAt(0) ?? 0;
    if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
      const esc = ESCAPES[cp];
      if (esc) out += '\\' + esc;
      else if (cp <= 0xff) out += '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
      else if (cp <= 0xffff) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
      else out += '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
    } else out += c;
  }
  return out + '"';
}
