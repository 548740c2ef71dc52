/**
 * cty values ⇄ msgpack, the DynamicValue.msgpack wire form, following go-cty's cty/msgpack:
 * null = nil; unknown = ext (D4 00 00, or ext 12 carrying refinements); objects = maps with
 * exactly one entry per attribute in byte-sorted key order; dynamic = [bin(type JSON), value].
 */
import { MsgpackFormatError, MsgpackReader, MsgpackWriter, isExtCode } from './msgpack-wire';
import { ctyNumberFromBigInt, parseCtyNumber, wireNumber, type CtyNumber } from './numbers';
import { getOwn, setOwn, sortedKeys } from './ordering';
import { CtyTypeError, type CtyPathStep } from './path';
import { wirePrefix } from './string-prefix';
import { CtyTypeJsonError, friendlyTypeName, typeFromJsonText, typeToJsonString, type CtyType } from './types';
import { CtyDynamic, Unknown, conform, dedupeSetElements, unknown, type CtyNumberBound, type CtyObjectValue, type CtyRefinements, type CtyValue } from './values';

/** Extension type go-cty uses for unknowns that carry refinements. */
const REFINED_UNKNOWN_EXT = 0x0c;
/** go-cty rejects refinement payloads above this many bytes. */
const MAX_REFINEMENT_BYTES = 1024;
const enum RefinementKey {
  Nullness = 1,
  StringPrefix = 2,
  NumberLower = 3,
  NumberUpper = 4,
  LengthLower = 5,
  LengthUpper = 6,
}
const PLAIN_UNKNOWN_BYTES = Uint8Array.of(0xd4, 0x00, 0x00);
const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Encoding

function writeNumber(w: MsgpackWriter, n: CtyNumber): void {
  const wire = wireNumber(n);
  if (wire.kind === 'int') w.int(wire.value);
  else if (wire.kind === 'float') w.float64(wire.value);
  else w.string(wire.value);
}

function writeRefinements(r: CtyRefinements, type: CtyType): { count: number; body: Uint8Array } {
  const w = new MsgpackWriter();
  let count = 0;
  if (r.notNull) {
    w.int(RefinementKey.Nullness);
    w.bool(false); // the key states nullness; false = definitely not null
    count++;
  }
  const bound = (key: RefinementKey, b: CtyNumberBound | undefined, unbounded: number): void => {
    if (b === undefined || b.value === unbounded) return;
    w.int(key);
    w.arrayHeader(2);
    writeNumber(w, b.value);
    w.bool(b.inclusive);
    count++;
  };
  switch (type.kind) {
    case 'number':
      bound(RefinementKey.NumberLower, r.numberLower, -Infinity);
      bound(RefinementKey.NumberUpper, r.numberUpper, Infinity);
      break;
    case 'string':
      if (r.stringPrefix !== undefined) {
        w.int(RefinementKey.StringPrefix);
        w.string(wirePrefix(r.stringPrefix));
        count++;
      }
      break;
    case 'list':
    case 'set':
    case 'map':
      if (r.lengthLower !== undefined && r.lengthLower > 0) {
        w.int(RefinementKey.LengthLower);
        w.int(r.lengthLower);
        count++;
      }
      if (r.lengthUpper !== undefined) {
        w.int(RefinementKey.LengthUpper);
        w.int(r.lengthUpper);
        count++;
      }
      break;
  }
  return { count, body: w.finish() };
}

function writeUnknown(w: MsgpackWriter, u: Unknown, type: CtyType): void {
  // go-cty never refines unknowns of dynamic type.
  const refined = u.refinements !== undefined && type.kind !== 'dynamic' ? writeRefinements(u.refinements, type) : undefined;
  if (refined === undefined || refined.count === 0) {
    w.raw(PLAIN_UNKNOWN_BYTES);
    return;
  }
  const header = new MsgpackWriter();
  header.mapHeader(refined.count);
  const head = header.finish();
  w.extHeader(REFINED_UNKNOWN_EXT, head.length + refined.body.length);
  w.raw(head);
  w.raw(refined.body);
}

function writeValue(w: MsgpackWriter, value: CtyValue | undefined, type: CtyType): void {
  if (value === null || value === undefined) return w.nil();
  if (value instanceof Unknown) return writeUnknown(w, value, type);
  switch (type.kind) {
    case 'dynamic': {
      const d = value as CtyDynamic;
      w.arrayHeader(2);
      w.bin(utf8.encode(typeToJsonString(d.type)));
      return writeValue(w, d.value, d.type);
    }
    case 'string':
      return w.string((value as string).normalize('NFC'));
    case 'number':
      return writeNumber(w, value as CtyNumber);
    case 'bool':
      return w.bool(value as boolean);
    case 'list':
    case 'set': {
      const items = type.kind === 'set' ? dedupeSetElements(value as CtyValue[], type.element) : (value as CtyValue[]);
      w.arrayHeader(items.length);
      for (const item of items) writeValue(w, item, type.element);
      return;
    }
    case 'tuple': {
      const items = value as CtyValue[];
      w.arrayHeader(items.length);
      items.forEach((item, i) => writeValue(w, item, type.elements[i]!));
      return;
    }
    case 'map': {
      const m = value as CtyObjectValue;
      const keys = sortedKeys(m);
      w.mapHeader(keys.length);
      for (const k of keys) {
        w.string(k);
        writeValue(w, m[k], type.element);
      }
      return;
    }
    case 'object': {
      const o = value as CtyObjectValue;
      const names = sortedKeys(type.attributes);
      w.mapHeader(names.length);
      for (const name of names) {
        w.string(name);
        writeValue(w, getOwn(o, name), type.attributes[name]!);
      }
      return;
    }
  }
}

/**
 * Encodes `value` as go-cty would for `type` (DynamicValue.msgpack). Throws {@link CtyTypeError}
 * when the value does not conform. Absent object attributes are written as nil.
 */
export function encodeMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  conform(value, type);
  const w = new MsgpackWriter();
  writeValue(w, value, type);
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Dynamic values can nest without a type to bound them; stop long before the JS stack would. */
const MAX_DYNAMIC_DEPTH = 100;

class Decoder {
  readonly path: CtyPathStep[] = [];
  #dynamicDepth = 0;

  constructor(readonly r: MsgpackReader) {}

  fail(reason: string): never {
    throw new CtyTypeError([...this.path], reason);
  }

  value(type: CtyType): CtyValue {
    const r = this.r;
    if (isExtCode(r.peek())) return this.unknown(type);
    if (type.kind === 'dynamic') return this.dynamic();
    if (r.tryNil()) return null;
    switch (type.kind) {
      case 'string': {
        const s = r.readString();
        return s === undefined ? this.fail(`string is required (got ${r.describeNext()})`) : s.normalize('NFC');
      }
      case 'bool': {
        const b = r.readBool();
        return b === undefined ? this.fail(`bool is required (got ${r.describeNext()})`) : b;
      }
      case 'number':
        return this.number();
      case 'list':
      case 'set': {
        const n = r.readArrayHeader();
        if (n === undefined) return this.fail(`a ${type.kind} is required (got ${r.describeNext()})`);
        const items = this.elements(n, () => type.element);
        return type.kind === 'set' ? dedupeSetElements(items, type.element) : items;
      }
      case 'tuple': {
        const n = r.readArrayHeader();
        if (n === undefined) return this.fail(`a tuple is required (got ${r.describeNext()})`);
        if (n !== type.elements.length) return this.fail(`a tuple of length ${type.elements.length} is required (${n} given)`);
        return this.elements(n, (i) => type.elements[i]!);
      }
      case 'map':
        return this.map(type.element);
      case 'object':
        return this.object(type.attributes);
    }
  }

  elements(n: number, typeAt: (i: number) => CtyType): CtyValue[] {
    const out: CtyValue[] = [];
    for (let i = 0; i < n; i++) {
      this.path.push({ index: i });
      out.push(this.value(typeAt(i)));
      this.path.pop();
    }
    return out;
  }

  number(r: MsgpackReader = this.r): CtyNumber {
    const token = r.readNumber();
    if (token === undefined) return this.fail(`number is required (got ${r.describeNext()})`);
    if (token.kind === 'text') {
      return parseCtyNumber(token.value) ?? this.fail(`number is required (got the string ${JSON.stringify(token.value.slice(0, 40))})`);
    }
    return typeof token.value === 'bigint' ? ctyNumberFromBigInt(token.value) : token.value;
  }

  map(element: CtyType): CtyObjectValue {
    const r = this.r;
    const n = r.readMapHeader();
    if (n === undefined) return this.fail(`a map is required (got ${r.describeNext()})`);
    const out: CtyObjectValue = {};
    for (let i = 0; i < n; i++) {
      const key = r.readString();
      if (key === undefined) return this.fail(`map keys must be strings (got ${r.describeNext()})`);
      this.path.push({ key });
      setOwn(out, key, this.value(element));
      this.path.pop();
    }
    return out;
  }

  object(attributes: Readonly<Record<string, CtyType>>): CtyObjectValue {
    const r = this.r;
    const n = r.readMapHeader();
    if (n === undefined) return this.fail(`an object is required (got ${r.describeNext()})`);
    const names = Object.keys(attributes);
    if (n !== names.length) return this.fail(`an object with ${names.length} attributes is required (${n} given)`);
    const found: CtyObjectValue = {};
    for (let i = 0; i < n; i++) {
      const name = r.readString();
      if (name === undefined) return this.fail(`all object keys must be strings (got ${r.describeNext()})`);
      const attrType = getOwn(attributes, name);
      if (attrType === undefined) return this.fail(`unsupported attribute ${JSON.stringify(name)}`);
      if (Object.prototype.hasOwnProperty.call(found, name)) return this.fail(`duplicate attribute ${JSON.stringify(name)}`);
      this.path.push({ attr: name });
      setOwn(found, name, this.value(attrType));
      this.path.pop();
    }
    // Same key order as the type declares, independent of the wire order.
    const out: CtyObjectValue = {};
    for (const name of names) setOwn(out, name, found[name] as CtyValue);
    return out;
  }

  dynamic(): CtyValue {
    const r = this.r;
    if (r.tryNil()) return null;
    const n = r.readArrayHeader();
    if (n === undefined) return this.fail(`a dynamic value must be an array [type JSON, value] (got ${r.describeNext()})`);
    if (n !== 2) return this.fail('dynamic value array must have exactly two elements');
    const typeJson = r.readBytes();
    if (typeJson === undefined) return this.fail(`the type of a dynamic value must be binary JSON (got ${r.describeNext()})`);
    let type: CtyType;
    try {
      type = typeFromJsonText(typeJson);
    } catch (err) {
      if (err instanceof CtyTypeJsonError) return this.fail(`dynamic value: ${err.message}`);
      throw err;
    }
    if (++this.#dynamicDepth > MAX_DYNAMIC_DEPTH) return this.fail(`dynamic values nested deeper than ${MAX_DYNAMIC_DEPTH} levels`);
    const inner = this.value(type);
    this.#dynamicDepth--;
    // A nested "dynamic" type adds no information: its value already carries its own wrapper.
    return type.kind === 'dynamic' ? inner : new CtyDynamic(type, inner);
  }

  unknown(type: CtyType): CtyValue {
    const r = this.r;
    const ext = r.readExtHeader()!;
    const payload = r.readRaw(ext.length);
    // Zero or one payload byte: a plain unknown, whatever the extension type (go-cty).
    if (ext.length <= 1) return unknown();
    if (ext.type !== REFINED_UNKNOWN_EXT) {
      return this.fail(`unsupported extension type 0x${(ext.type & 0xff).toString(16).padStart(2, '0')} with len ${ext.length}`);
    }
    if (ext.length > MAX_REFINEMENT_BYTES) return this.fail(`oversize unknown value refinement (${ext.length} bytes, at most ${MAX_REFINEMENT_BYTES})`);
    return this.refinements(new MsgpackReader(payload), type);
  }

  refinements(body: MsgpackReader, type: CtyType): CtyValue {
    const bad = (why: string): never => this.fail(`failed to decode msgpack extension body: ${why}`);
    const count = body.readMapHeader();
    if (count === undefined) return bad('not a map');
    if (type.kind === 'dynamic') return unknown(); // refinements of dynamic unknowns are ignored (go-cty)
    const out: { -readonly [K in keyof CtyRefinements]: CtyRefinements[K] } = {};
    let definitelyNull = false;
    for (let i = 0; i < count; i++) {
      const key = body.readNumber();
      if (key === undefined || key.kind !== 'int') return bad('non-integer key in map');
      switch (key.value) {
        case RefinementKey.Nullness: {
          const isNull = body.readBool();
          if (isNull === undefined) return bad('null refinement is not boolean');
          if (isNull) definitelyNull = true;
          else out.notNull = true;
          break;
        }
        case RefinementKey.StringPrefix: {
          if (type.kind !== 'string') return bad('string prefix refinement for non-string type');
          const prefix = body.readString();
          if (prefix === undefined) return bad('string prefix refinement is not string');
          out.stringPrefix = prefix;
          break;
        }
        case RefinementKey.LengthLower:
        case RefinementKey.LengthUpper: {
          if (type.kind !== 'list' && type.kind !== 'set' && type.kind !== 'map') return bad('length bound refinement for non-collection type');
          const n = body.readNumber();
          if (n === undefined || n.kind !== 'int' || typeof n.value !== 'number' || n.value < 0) {
            return bad('length bound refinement must be a non-negative integer');
          }
          if (key.value === RefinementKey.LengthLower) out.lengthLower = n.value;
          else out.lengthUpper = n.value;
          break;
        }
        case RefinementKey.NumberLower:
        case RefinementKey.NumberUpper: {
          if (type.kind !== 'number') return bad('numeric bound refinement for non-number type');
          if (body.readArrayHeader() !== 2) return bad('number bound refinement must be a [number, bool] array');
          const value = this.number(body);
          const inclusive = body.readBool();
          if (inclusive === undefined) return bad('number bound refinement must be a [number, bool] array');
          if (key.value === RefinementKey.NumberLower) out.numberLower = { value, inclusive };
          else out.numberUpper = { value, inclusive };
          break;
        }
        default:
          body.skip(); // a refinement from a newer protocol: ignore it
      }
    }
    // Trailing bytes after the map are reserved for future use and ignored (go-cty).
    if (definitelyNull) return null; // "definitely null" collapses to null in cty
    try {
      return unknown(out);
    } catch (err) {
      return bad((err as Error).message);
    }
  }
}

/**
 * Decodes DynamicValue.msgpack bytes as `type`, as strictly as go-cty (objects need exactly one
 * entry per attribute, tuples their exact length) and stricter in two places: trailing bytes
 * and duplicate object keys are errors. Throws {@link CtyTypeError} with the failing path.
 */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  const reader = new MsgpackReader(bytes);
  const decoder = new Decoder(reader);
  let value: CtyValue;
  try {
    if (reader.atEnd) throw new CtyTypeError([], `empty msgpack data (expected ${friendlyTypeName(type)})`);
    value = decoder.value(type);
  } catch (err) {
    if (err instanceof MsgpackFormatError) throw new CtyTypeError([...decoder.path], err.message);
    throw err;
  }
  if (!reader.atEnd) throw new CtyTypeError([], `unexpected ${bytes.length - reader.position} trailing bytes after the msgpack value`);
  return value;
}
