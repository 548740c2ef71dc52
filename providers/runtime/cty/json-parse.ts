/**
 * A strict RFC 8259 JSON parser that keeps each number's source text (JSON.parse would round
 * 18446744073709551615 or 1e400 to a double before the type tells us it is a cty number) and
 * keeps object members in order, duplicates included.
 */

export type JsonNode =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: JsonNode[] }
  | { readonly kind: 'object'; readonly members: [string, JsonNode][] };

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`invalid JSON at offset ${offset}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 1000;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NULL_NODE: JsonNode = Object.freeze({ kind: 'null' });
const TRUE_NODE: JsonNode = Object.freeze({ kind: 'bool', value: true });
const FALSE_NODE: JsonNode = Object.freeze({ kind: 'bool', value: false });

class Parser {
  pos = 0;

  constructor(readonly src: string) {}

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(at, reason);
  }

  ws(): void {
    const s = this.src;
    let c = s.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.pos);
  }

  literal(word: string, node: JsonNode): JsonNode {
    if (!this.src.startsWith(word, this.pos)) this.fail(`unexpected ${this.describe()}`);
    this.pos += word.length;
    return node;
  }

  describe(): string {
    return this.pos >= this.src.length ? 'end of input' : `character ${JSON.stringify(this.src[this.pos])}`;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.ws();
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.object(depth);
      case 0x5b /* [ */:
        return this.array(depth);
      case 0x22 /* " */:
        return { kind: 'string', value: this.string() };
      case 0x74 /* t */:
        return this.literal('true', TRUE_NODE);
      case 0x66 /* f */:
        return this.literal('false', FALSE_NODE);
      case 0x6e /* n */:
        return this.literal('null', NULL_NODE);
      default: {
        NUMBER_RE.lastIndex = this.pos;
        const m = NUMBER_RE.exec(this.src);
        if (!m) return this.fail(`unexpected ${this.describe()}`);
        this.pos += m[0].length;
        return { kind: 'number', text: m[0] };
      }
    }
  }

  string(): string {
    const s = this.src;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= s.length) this.fail('unterminated string', start);
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string', i);
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return s.slice(start + 1, i);
    try {
      return JSON.parse(s.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid escape sequence in string', start);
    }
  }

  array(depth: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.src.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.src.charCodeAt(this.pos++);
      if (c === 0x5d) return { kind: 'array', items };
      if (c !== 0x2c) this.fail(`expected "," or "]" in array`, this.pos - 1);
    }
  }

  object(depth: number): JsonNode {
    this.pos++;
    const members: [string, JsonNode][] = [];
    this.ws();
    if (this.src.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { kind: 'object', members };
    }
    for (;;) {
      this.ws();
      if (this.src.charCodeAt(this.pos) !== 0x22) this.fail(`expected a string key, found ${this.describe()}`);
      const key = this.string();
      this.ws();
      if (this.src.charCodeAt(this.pos++) !== 0x3a) this.fail('expected ":" after object key', this.pos - 1);
      members.push([key, this.value(depth + 1)]);
      this.ws();
      const c = this.src.charCodeAt(this.pos++);
      if (c === 0x7d) return { kind: 'object', members };
      if (c !== 0x2c) this.fail('expected "," or "}" in object', this.pos - 1);
    }
  }
}

/** Parses one JSON document (surrounding whitespace allowed, nothing else). */
export function parseJsonLossless(text: string): JsonNode {
  const p = new Parser(text);
  const node = p.value(0);
  p.ws();
  if (p.pos < text.length) p.fail(`unexpected ${p.describe()} after the JSON value`);
  return node;
}

/** Converts a node to plain JS (numbers become doubles) — for JSON type constraints. */
export function jsonNodeToPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return node.value;
    case 'number':
      return Number(node.text);
    case 'array':
      return node.items.map(jsonNodeToPlain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.members) {
        Object.defineProperty(out, k, { value: jsonNodeToPlain(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
