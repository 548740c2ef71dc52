/**
 * Token-level msgpack reading and writing for the type-directed cty codec.
 *
 * go-cty decodes by peeking at each token (ext header and length before the payload, a map's
 * entry count, int vs float vs str for numbers) and writes maps in byte-sorted key order.
 * @msgpack/msgpack 3.1 cannot do that: its decoder only builds whole JS trees (duplicate keys
 * merge, a "__proto__" map key is rejected), its encoder writes maps in JS property order
 * (integer-like keys first) and, with useBigInt64, writes integers from 2^32 to 2^53 as float64.
 * So the codec runs on this small layer; the tests cross-check its bytes with @msgpack/msgpack.
 */

export class MsgpackFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MsgpackFormatError';
  }
}

const enum Code {
  Nil = 0xc0,
  False = 0xc2,
  True = 0xc3,
  Bin8 = 0xc4,
  Bin16 = 0xc5,
  Bin32 = 0xc6,
  Ext8 = 0xc7,
  Ext16 = 0xc8,
  Ext32 = 0xc9,
  Float32 = 0xca,
  Float64 = 0xcb,
  Uint8 = 0xcc,
  Uint16 = 0xcd,
  Uint32 = 0xce,
  Uint64 = 0xcf,
  Int8 = 0xd0,
  Int16 = 0xd1,
  Int32 = 0xd2,
  Int64 = 0xd3,
  FixExt1 = 0xd4,
  FixExt16 = 0xd8,
  Str8 = 0xd9,
  Str16 = 0xda,
  Str32 = 0xdb,
  Array16 = 0xdc,
  Array32 = 0xdd,
  Map16 = 0xde,
  Map32 = 0xdf,
}

/** A number token: integers beyond ±2^53 as bigint, floats as number, str/bin as text. */
export type NumberToken = { kind: 'int'; value: number | bigint } | { kind: 'float'; value: number } | { kind: 'text'; value: string };

const utf8 = new TextDecoder('utf-8');

export function isExtCode(code: number): boolean {
  return (code >= Code.FixExt1 && code <= Code.FixExt16) || (code >= Code.Ext8 && code <= Code.Ext32);
}

/** Sequential reader over one msgpack buffer. Every read checks bounds. */
export class MsgpackReader {
  #pos = 0;
  readonly #view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get position(): number {
    return this.#pos;
  }

  get atEnd(): boolean {
    return this.#pos >= this.bytes.length;
  }

  #need(n: number): number {
    const at = this.#pos;
    if (at + n > this.bytes.length) {
      throw new MsgpackFormatError(`unexpected end of msgpack data at byte ${at} (need ${n} more, ${this.bytes.length - at} left)`);
    }
    this.#pos = at + n;
    return at;
  }

  peek(): number {
    if (this.#pos >= this.bytes.length) throw new MsgpackFormatError(`unexpected end of msgpack data at byte ${this.#pos}`);
    return this.bytes[this.#pos]!;
  }

  #u8(): number {
    return this.#view.getUint8(this.#need(1));
  }
  #u16(): number {
    return this.#view.getUint16(this.#need(2));
  }
  #u32(): number {
    return this.#view.getUint32(this.#need(4));
  }

  #take(n: number): Uint8Array {
    const at = this.#need(n);
    return this.bytes.subarray(at, at + n);
  }

  /** Consumes a nil if one is next. */
  tryNil(): boolean {
    if (this.peek() !== Code.Nil) return false;
    this.#pos++;
    return true;
  }

  /** Boolean or undefined (nothing consumed) when the next token is not a bool. */
  readBool(): boolean | undefined {
    const c = this.peek();
    if (c !== Code.True && c !== Code.False) return undefined;
    this.#pos++;
    return c === Code.True;
  }

  /** Integer, float or str/bin token, or undefined (nothing consumed) for any other token. */
  readNumber(): NumberToken | undefined {
    const c = this.peek();
    if (c <= 0x7f) {
      this.#pos++;
      return { kind: 'int', value: c };
    }
    if (c >= 0xe0) {
      this.#pos++;
      return { kind: 'int', value: c - 0x100 };
    }
    switch (c) {
      case Code.Uint8:
        this.#pos++;
        return { kind: 'int', value: this.#u8() };
      case Code.Uint16:
        this.#pos++;
        return { kind: 'int', value: this.#u16() };
      case Code.Uint32:
        this.#pos++;
        return { kind: 'int', value: this.#u32() };
      case Code.Uint64:
        this.#pos++;
        return { kind: 'int', value: narrow(this.#view.getBigUint64(this.#need(8))) };
      case Code.Int8:
        this.#pos++;
        return { kind: 'int', value: this.#view.getInt8(this.#need(1)) };
      case Code.Int16:
        this.#pos++;
        return { kind: 'int', value: this.#view.getInt16(this.#need(2)) };
      case Code.Int32:
        this.#pos++;
        return { kind: 'int', value: this.#view.getInt32(this.#need(4)) };
      case Code.Int64:
        this.#pos++;
        return { kind: 'int', value: narrow(this.#view.getBigInt64(this.#need(8))) };
      case Code.Float32:
        this.#pos++;
        return { kind: 'float', value: this.#view.getFloat32(this.#need(4)) };
      case Code.Float64:
        this.#pos++;
        return { kind: 'float', value: this.#view.getFloat64(this.#need(8)) };
    }
    const text = this.readString();
    return text === undefined ? undefined : { kind: 'text', value: text };
  }

  /** Length of the str or bin payload that follows, or undefined for other tokens. */
  #bytesHeader(): number | undefined {
    const c = this.peek();
    if (c >= 0xa0 && c <= 0xbf) {
      this.#pos++;
      return c & 0x1f;
    }
    switch (c) {
      case Code.Str8:
      case Code.Bin8:
        this.#pos++;
        return this.#u8();
      case Code.Str16:
      case Code.Bin16:
        this.#pos++;
        return this.#u16();
      case Code.Str32:
      case Code.Bin32:
        this.#pos++;
        return this.#u32();
      default:
        return undefined;
    }
  }

  /** str (or bin, as Go's decoder also allows) as text; undefined for other tokens. */
  readString(): string | undefined {
    const n = this.#bytesHeader();
    return n === undefined ? undefined : utf8.decode(this.#take(n));
  }

  /** bin (or str) payload bytes; undefined for other tokens. */
  readBytes(): Uint8Array | undefined {
    const n = this.#bytesHeader();
    return n === undefined ? undefined : this.#take(n);
  }

  /** Array element count, or undefined (nothing consumed) when the next token is not an array. */
  readArrayHeader(): number | undefined {
    const c = this.peek();
    if (c >= 0x90 && c <= 0x9f) {
      this.#pos++;
      return c & 0x0f;
    }
    if (c === Code.Array16) {
      this.#pos++;
      return this.#u16();
    }
    if (c === Code.Array32) {
      this.#pos++;
      return this.#u32();
    }
    return undefined;
  }

  /** Map entry count, or undefined (nothing consumed) when the next token is not a map. */
  readMapHeader(): number | undefined {
    const c = this.peek();
    if (c >= 0x80 && c <= 0x8f) {
      this.#pos++;
      return c & 0x0f;
    }
    if (c === Code.Map16) {
      this.#pos++;
      return this.#u16();
    }
    if (c === Code.Map32) {
      this.#pos++;
      return this.#u32();
    }
    return undefined;
  }

  /** Extension header (type is the signed ext type) without consuming the payload. */
  readExtHeader(): { type: number; length: number } | undefined {
    const c = this.peek();
    let length: number;
    if (c >= Code.FixExt1 && c <= Code.FixExt16) {
      this.#pos++;
      length = 1 << (c - Code.FixExt1);
    } else if (c === Code.Ext8) {
      this.#pos++;
      length = this.#u8();
    } else if (c === Code.Ext16) {
      this.#pos++;
      length = this.#u16();
    } else if (c === Code.Ext32) {
      this.#pos++;
      length = this.#u32();
    } else {
      return undefined;
    }
    return { type: this.#view.getInt8(this.#need(1)), length };
  }

  /** The next `n` raw bytes (an ext payload). */
  readRaw(n: number): Uint8Array {
    return this.#take(n);
  }

  /** Skips one complete value of any kind (used for refinement keys this codec does not know). */
  skip(): void {
    let pending = 1;
    while (pending > 0) {
      pending--;
      const c = this.peek();
      if (c === Code.Nil || c === Code.True || c === Code.False) {
        this.#pos++;
        continue;
      }
      const arrayLen = this.readArrayHeader();
      if (arrayLen !== undefined) {
        pending += arrayLen;
        continue;
      }
      const mapLen = this.readMapHeader();
      if (mapLen !== undefined) {
        pending += 2 * mapLen;
        continue;
      }
      const ext = this.readExtHeader();
      if (ext !== undefined) {
        this.#take(ext.length);
        continue;
      }
      const bytesLen = this.#bytesHeader();
      if (bytesLen !== undefined) {
        this.#take(bytesLen);
        continue;
      }
      if (this.readNumber() === undefined) throw new MsgpackFormatError(`invalid msgpack byte 0x${c.toString(16)} at ${this.#pos}`);
    }
  }

  /** Name of the token at the current position, for error messages. */
  describeNext(): string {
    const c = this.peek();
    if (c <= 0x7f || c >= 0xe0 || (c >= Code.Uint8 && c <= Code.Int64)) return 'an integer';
    if (c === Code.Float32 || c === Code.Float64) return 'a float';
    if ((c >= 0xa0 && c <= 0xbf) || (c >= Code.Str8 && c <= Code.Str32)) return 'a string';
    if (c >= Code.Bin8 && c <= Code.Bin32) return 'binary data';
    if ((c >= 0x90 && c <= 0x9f) || c === Code.Array16 || c === Code.Array32) return 'an array';
    if ((c >= 0x80 && c <= 0x8f) || c === Code.Map16 || c === Code.Map32) return 'a map';
    if (c === Code.Nil) return 'nil';
    if (c === Code.True || c === Code.False) return 'a bool';
    if (isExtCode(c)) return 'an extension';
    return `invalid byte 0x${c.toString(16).padStart(2, '0')}`;
  }
}

function narrow(v: bigint): number | bigint {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

const utf8Encoder = new TextEncoder();
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Growable msgpack writer using the compact formats Go's vmihailenco/msgpack picks. */
export class MsgpackWriter {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #pos = 0;

  /** Reserves `n` bytes and returns their offset. May replace #buf/#view, so call it before touching them. */
  #reserve(n: number): number {
    const need = this.#pos + n;
    if (need > this.#buf.length) {
      const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
      next.set(this.#buf.subarray(0, this.#pos));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    const at = this.#pos;
    this.#pos = need;
    return at;
  }

  #u8(v: number): void {
    const at = this.#reserve(1);
    this.#view.setUint8(at, v);
  }

  /** A one-byte format code followed by a big-endian unsigned length/value of `width` bytes. */
  #head(code: number, width: 1 | 2 | 4, v: number): void {
    const at = this.#reserve(1 + width);
    this.#view.setUint8(at, code);
    if (width === 1) this.#view.setUint8(at + 1, v);
    else if (width === 2) this.#view.setUint16(at + 1, v);
    else this.#view.setUint32(at + 1, v);
  }

  /** Length-prefixed header: fixed form when `n` fits `fixMax`, else the 8/16/32-bit forms. */
  #sized(n: number, fix: number | undefined, fixMax: number, code8: number | undefined, code16: number, code32: number): void {
    if (fix !== undefined && n <= fixMax) this.#u8(fix | n);
    else if (code8 !== undefined && n <= 0xff) this.#head(code8, 1, n);
    else if (n <= 0xffff) this.#head(code16, 2, n);
    else this.#head(code32, 4, n);
  }

  nil(): void {
    this.#u8(Code.Nil);
  }

  bool(v: boolean): void {
    this.#u8(v ? Code.True : Code.False);
  }

  /** Smallest int encoding: non-negative values as fixint/uint*, negative ones as fixint/int*. */
  int(v: number | bigint): void {
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof v === 'bigint' ? v < INT64_MIN || v > UINT64_MAX : !Number.isSafeInteger(n)) {
      throw new RangeError(`int() needs a safe integer or a bigint within 64 bits, got ${v}`);
    }
    if (n > 0xffffffff || n < -0x80000000) {
      const big = BigInt(v);
      const at = this.#reserve(9);
      this.#view.setUint8(at, big >= 0n ? Code.Uint64 : Code.Int64);
      if (big >= 0n) this.#view.setBigUint64(at + 1, big);
      else this.#view.setBigInt64(at + 1, big);
      return;
    }
    if (n >= 0) {
      if (n <= 0x7f) this.#u8(n);
      else this.#head(n <= 0xff ? Code.Uint8 : n <= 0xffff ? Code.Uint16 : Code.Uint32, n <= 0xff ? 1 : n <= 0xffff ? 2 : 4, n);
      return;
    }
    if (n >= -32) return this.#u8(n + 0x100);
    const width = n >= -0x80 ? 1 : n >= -0x8000 ? 2 : 4;
    const at = this.#reserve(1 + width);
    this.#view.setUint8(at, width === 1 ? Code.Int8 : width === 2 ? Code.Int16 : Code.Int32);
    if (width === 1) this.#view.setInt8(at + 1, n);
    else if (width === 2) this.#view.setInt16(at + 1, n);
    else this.#view.setInt32(at + 1, n);
  }

  float64(v: number): void {
    const at = this.#reserve(9);
    this.#view.setUint8(at, Code.Float64);
    this.#view.setFloat64(at + 1, v);
  }

  string(s: string): void {
    if (s.length <= 31 && this.#shortAscii(s)) return;
    const bytes = utf8Encoder.encode(s);
    this.#sized(bytes.length, 0xa0, 31, Code.Str8, Code.Str16, Code.Str32);
    this.raw(bytes);
  }

  /** Fast path for the common short ASCII string (attribute names): fixstr without a TextEncoder copy. */
  #shortAscii(s: string): boolean {
    const start = this.#pos;
    const at = this.#reserve(1 + s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.#pos = start;
        return false;
      }
      this.#buf[at + 1 + i] = c;
    }
    this.#buf[at] = 0xa0 | s.length;
    return true;
  }

  bin(bytes: Uint8Array): void {
    this.#sized(bytes.length, undefined, 0, Code.Bin8, Code.Bin16, Code.Bin32);
    this.raw(bytes);
  }

  arrayHeader(n: number): void {
    this.#sized(n, 0x90, 15, undefined, Code.Array16, Code.Array32);
  }

  mapHeader(n: number): void {
    this.#sized(n, 0x80, 15, undefined, Code.Map16, Code.Map32);
  }

  /** Extension header: fixext for payloads of 1/2/4/8/16 bytes, else ext8/16/32. */
  extHeader(type: number, length: number): void {
    const fix = [1, 2, 4, 8, 16].indexOf(length);
    if (fix >= 0) this.#u8(Code.FixExt1 + fix);
    else this.#sized(length, undefined, 0, Code.Ext8, Code.Ext16, Code.Ext32);
    const at = this.#reserve(1);
    this.#view.setInt8(at, type);
  }

  raw(bytes: Uint8Array): void {
    const at = this.#reserve(bytes.length);
    this.#buf.set(bytes, at);
  }

  /** The bytes written so far (a copy, so the writer can be dropped). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}
