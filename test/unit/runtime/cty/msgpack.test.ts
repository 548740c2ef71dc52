import { decode as referenceDecode, encode as referenceEncode, ExtData } from '@msgpack/msgpack';
import { CtyBigNumber, CtyDynamic, CtyTypeError, Unknown, decodeMsgpack, encodeMsgpack, t, unknown, valueEquals, type CtyPath, type CtyType, type CtyValue } from '../../../../providers/runtime/cty';
import { roundTripCases } from './round-trip-cases';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const str = (s: string): string => {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 31) throw new Error('fixstr only');
  return (0xa0 | b.length).toString(16) + b.toString('hex');
};

describe('msgpack round trips', () => {
  test.each(roundTripCases.map((c) => [c.name, c] as const))('%s', (_name, { type, value }) => {
    const encoded = encodeMsgpack(value, type);
    const decoded = decodeMsgpack(encoded, type);
    expect(valueEquals(decoded, value, type)).toBe(true);
    // Exactness: the decoded value encodes to the very same bytes.
    expect(hex(encodeMsgpack(decoded, type))).toBe(hex(encoded));
  });

  test('decoded objects list every attribute in declaration order; unknown refinements survive', () => {
    const type = t.object({ b: t.string, a: t.number, c: t.list(t.string) });
    const decoded = decodeMsgpack(encodeMsgpack({ a: 1, c: unknown({ lengthLower: 2 }) }, type), type) as Record<string, CtyValue>;
    expect(Object.keys(decoded)).toEqual(['b', 'a', 'c']);
    expect(decoded.b).toBeNull();
    expect((decoded.c as Unknown).refinements).toEqual({ lengthLower: 2 });
  });

  test('big numbers decode to CtyBigNumber with their exact text, representable ones to numbers', () => {
    expect(decodeMsgpack(bytes('cf 0020000000000001'), t.number)).toEqual(new CtyBigNumber('9007199254740993'));
    expect(decodeMsgpack(bytes('cf ffffffffffffffff'), t.number)).toEqual(new CtyBigNumber('18446744073709551615'));
    expect(decodeMsgpack(bytes('d3 8000000000000000'), t.number)).toBe(-(2 ** 63));
    expect(decodeMsgpack(bytes('d3 fffffffffffffffe'), t.number)).toBe(-2);
    expect(decodeMsgpack(bytes('ca 3fc00000'), t.number)).toBe(1.5); // float32 is accepted too
    expect(decodeMsgpack(bytes(`${str('1e400')}`), t.number)).toEqual(new CtyBigNumber('1e400'));
    expect(decodeMsgpack(bytes(`${str('0.5')}`), t.number)).toBe(0.5);
    expect(decodeMsgpack(bytes(`${str('-Inf')}`), t.number)).toBe(-Infinity);
  });

  test('sets drop duplicate known elements like cty sets, keeping unknowns', () => {
    const type = t.set(t.number);
    expect(hex(encodeMsgpack([1, 2, 1, new CtyBigNumber('2')], type))).toBe('920102');
    expect(decodeMsgpack(bytes('94 01 01 d40000 d40000'), type)).toEqual([1, unknown(), unknown()]);
  });
});

describe('golden bytes (derived from go-cty v1.16 cty/msgpack marshal.go and unknown.go)', () => {
  const golden: [string, CtyValue, CtyType, string][] = [
    ['plain unknown = fixext1 type 0 payload 0', unknown(), t.string, 'd4 00 00'],
    ['unknown dynamic ignores refinements', unknown({ notNull: true }), t.dynamic, 'd4 00 00'],
    ['null', null, t.object({ a: t.string }), 'c0'],
    // ext8 len 7 type 0x0c, map{1: false, 2: "ab"}
    ['refined unknown string', unknown({ notNull: true, stringPrefix: 'ab' }), t.string, 'c7 07 0c 82 01 c2 02 a2 61 62'],
    // payload of exactly 4 bytes uses fixext4
    ['4-byte refinement payload = fixext4', unknown({ stringPrefix: 'x' }), t.string, 'd6 0c 81 02 a1 78'],
    ['number bounds as [number, inclusive]', unknown({ notNull: true, numberLower: { value: 0, inclusive: true } }), t.number, 'c7 07 0c 82 01 c2 03 92 00 c3'],
    ['-Inf lower / +Inf upper bounds are not written', unknown({ numberLower: { value: -Infinity, inclusive: true }, numberUpper: { value: Infinity, inclusive: true } }), t.number, 'd4 00 00'],
    ['collection length bounds', unknown({ lengthLower: 1, lengthUpper: 3 }), t.list(t.string), 'c7 05 0c 82 05 01 06 03'],
    ['object keys sorted, one entry per attribute', { a: 'x', b: 1 }, t.object({ b: t.number, a: t.string }), '82 a1 61 a1 78 a1 62 01'],
    ['absent attribute written as nil', { name: 'n' }, t.object({ name: t.string, id: t.string }), '82 a2 69 64 c0 a4 6e 61 6d 65 a1 6e'],
    ['map keys sorted bytewise ("10" < "9" < "a")', { a: 1, '9': 2, '10': 3 }, t.map(t.number), `83 ${str('10')} 03 ${str('9')} 02 ${str('a')} 01`],
    ['dynamic = [bin(type JSON), value]', new CtyDynamic(t.string, 'hi'), t.dynamic, `92 c4 08 ${Buffer.from('"string"').toString('hex')} a2 68 69`],
    ['dynamic typed null', new CtyDynamic(t.list(t.bool), null), t.dynamic, `92 c4 0f ${Buffer.from('["list","bool"]').toString('hex')} c0`],
    ['2^53+1 as uint64', new CtyBigNumber('9007199254740993'), t.number, 'cf 00 20 00 00 00 00 00 01'],
    ['-2^63 as int64', new CtyBigNumber('-9223372036854775808'), t.number, 'd3 80 00 00 00 00 00 00 00'],
    ['2^64-1 as decimal text (go only tries int64)', new CtyBigNumber('18446744073709551615'), t.number, `b4 ${Buffer.from('18446744073709551615').toString('hex')}`],
    ['integer double beyond int64 as decimal text', 1e20, t.number, `b5 ${Buffer.from('100000000000000000000').toString('hex')}`],
    ['2^32 as uint64 (compact ints)', 2 ** 32, t.number, 'cf 00 00 00 01 00 00 00 00'],
    ['-200 as int16', -200, t.number, 'd1 ff 38'],
    ['-1 as negative fixint', -1, t.number, 'ff'],
    ['0.1 double as float64', 0.1, t.number, 'cb 3f b9 99 99 99 99 99 9a'],
    ['decimal 0.1 as text', new CtyBigNumber('0.1'), t.number, 'a3 30 2e 31'],
    ['exact decimal 0.5 as float64', new CtyBigNumber('0.5'), t.number, 'cb 3f e0 00 00 00 00 00 00'],
    ['+Infinity as float64', Infinity, t.number, 'cb 7f f0 00 00 00 00 00 00'],
    ['-Infinity as float64', -Infinity, t.number, 'cb ff f0 00 00 00 00 00 00'],
    ['strings are NFC-normalised', 'e\u0301', t.string, 'a2 c3 a9'],
    ['tuple', ['a', true], t.tuple([t.string, t.bool]), '92 a1 61 c3'],
  ];
  test.each(golden)('%s', (_name, value, type, expected) => {
    expect(hex(encodeMsgpack(value, type))).toBe(expected.replace(/\s+/g, ''));
  });

  test('string prefixes over 256 bytes are cut like go-cty (ctystrings.SafeKnownPrefix)', () => {
    // A trailing letter could still combine with a following mark: go keeps 254 of 255 bytes.
    const letters = encodeMsgpack(unknown({ stringPrefix: 'a'.repeat(300) }), t.string);
    expect(hex(letters.subarray(0, 4))).toBe('c8 01 02 0c'.replace(/ /g, '')); // ext16, 2+2+254 bytes
    expect((decodeMsgpack(letters, t.string) as Unknown).refinements?.stringPrefix).toBe('a'.repeat(254));
    // A trailing "/" ends a grapheme cluster: all 255 bytes stay.
    const slashes = decodeMsgpack(encodeMsgpack(unknown({ stringPrefix: '/'.repeat(300) }), t.string), t.string) as Unknown;
    expect(slashes.refinements?.stringPrefix).toBe('/'.repeat(255));
    // Never cut inside a multi-byte character.
    const wide = decodeMsgpack(encodeMsgpack(unknown({ stringPrefix: 'é'.repeat(200) }), t.string), t.string) as Unknown;
    expect(Buffer.byteLength(wide.refinements?.stringPrefix ?? '')).toBeLessThanOrEqual(255);
    expect(wide.refinements?.stringPrefix).toMatch(/^é+$/);
  });
});

describe('msgpack decoding rules', () => {
  test('any extension with a payload of at most one byte is a plain unknown', () => {
    for (const h of ['d4 00 00', 'd4 05 07', 'd4 0c 01', 'c7 00 00', 'c7 00 0c', 'c7 01 7f 00']) {
      expect(decodeMsgpack(bytes(h), t.string)).toBe(unknown());
    }
  });

  test('ext 12 refinements: unknown keys are skipped, nullness true collapses to null', () => {
    // map{9: [1, {"x": 2}], 1: false} — key 9 is not defined (yet) and must be ignored
    const payload = `82 09 92 01 81 ${str('x')} 02 01 c2`;
    const len = bytes(payload).length;
    expect(decodeMsgpack(bytes(`c7 ${len.toString(16).padStart(2, '0')} 0c ${payload}`), t.string)).toEqual(unknown({ notNull: true }));
    expect(decodeMsgpack(bytes('d6 0c 81 01 c3 00'), t.string)).toBeNull();
    // trailing bytes after the refinement map are reserved and ignored
    expect(decodeMsgpack(bytes('d6 0c 81 01 c2 ff'), t.string)).toEqual(unknown({ notNull: true }));
    // number bounds may be any number encoding, including decimal text
    expect(decodeMsgpack(bytes(`c7 08 0c 81 03 92 ${str('0.1')} c2`), t.number)).toEqual(unknown({ numberLower: { value: new CtyBigNumber('0.1'), inclusive: false } }));
    // refinements of a dynamic unknown are ignored
    expect(decodeMsgpack(bytes('d6 0c 81 02 a1 78'), t.dynamic)).toBe(unknown());
  });

  test('reference encoder output (@msgpack/msgpack) decodes', () => {
    const type = t.object({ s: t.string, n: t.list(t.number), u: t.map(t.string), d: t.dynamic });
    const wire = referenceEncode({ u: { k: new ExtData(0, Uint8Array.of(0)) }, s: 'v', n: [1, 2.5, '0.1', 2n ** 64n - 1n], d: [new TextEncoder().encode('"bool"'), true] }, { useBigInt64: true });
    expect(decodeMsgpack(wire, type)).toEqual({
      s: 'v',
      n: [1, 2.5, new CtyBigNumber('0.1'), new CtyBigNumber('18446744073709551615')],
      u: { k: unknown() },
      d: new CtyDynamic(t.bool, true),
    });
  });

  test('our bytes decode with the reference decoder (@msgpack/msgpack) to the same structure', () => {
    const type = t.object({ s: t.string, n: t.list(t.number), m: t.map(t.bool), u: t.string, r: t.number, d: t.dynamic });
    const value: CtyValue = {
      s: 'ü',
      n: [1, -1, 2 ** 40, -(2 ** 40), 0.25, new CtyBigNumber('9007199254740993'), new CtyBigNumber('0.1')],
      m: { z: true, a: false },
      u: unknown(),
      r: unknown({ notNull: true, numberUpper: { value: 3, inclusive: true } }),
      d: new CtyDynamic(t.list(t.string), ['x']),
    };
    const generic = referenceDecode(encodeMsgpack(value, type), { useBigInt64: true }) as Record<string, unknown>;
    expect(Object.keys(generic)).toEqual(['d', 'm', 'n', 'r', 's', 'u']);
    expect(generic.s).toBe('ü');
    expect(generic.n).toEqual([1, -1, 2n ** 40n, -(2n ** 40n), 0.25, 9007199254740993n, '0.1']);
    expect(generic.m).toEqual({ a: false, z: true });
    expect(generic.u).toEqual(new ExtData(0, Uint8Array.of(0)));
    const refined = generic.r as ExtData;
    expect(refined.type).toBe(12);
    const refinements = referenceDecode(refined.data as Uint8Array, { useBigInt64: true });
    expect(refinements).toEqual({ 1: false, 4: [3, true] });
    expect(generic.d).toEqual([new TextEncoder().encode('["list","string"]'), ['x']]);
  });

  const errors: [string, string, CtyType, CtyPath, RegExp][] = [
    ['missing attribute', `81 ${str('a')} ${str('x')}`, t.object({ a: t.string, b: t.string }), [], /^an object with 2 attributes is required \(1 given\)$/],
    ['empty map for an object with attributes', '80', t.object({ a: t.string }), [], /an object with 1 attributes is required \(0 given\)/],
    ['extra attribute', `82 ${str('a')} c0 ${str('c')} c0`, t.object({ a: t.string, b: t.string }), [], /^unsupported attribute "c"$/],
    ['duplicate attribute', `82 ${str('a')} c0 ${str('a')} c0`, t.object({ a: t.string, b: t.string }), [], /duplicate attribute "a"/],
    ['non-string object key', '81 01 c0', t.object({ a: t.string }), [], /all object keys must be strings \(got an integer\)/],
    ['tuple too short', '91 01', t.tuple([t.number, t.number]), [], /^a tuple of length 2 is required \(1 given\)$/],
    ['tuple too long', '93 01 02 03', t.tuple([t.number, t.number]), [], /a tuple of length 2 is required \(3 given\)/],
    ['bad ext type with payload', 'd5 03 00 00', t.string, [], /^unsupported extension type 0x03 with len 2$/],
    ['oversize refinements', `c8 04 01 0c ${'00'.repeat(1025)}`, t.string, [], /oversize unknown value refinement/],
    ['refinement payload not a map', 'd5 0c 92 01', t.string, [], /extension body: not a map/],
    ['prefix refinement on a number', 'd6 0c 81 02 a1 78', t.number, [], /string prefix refinement for non-string type/],
    ['length refinement on a string', 'd5 0c 81 05', t.string, [], /length bound refinement for non-collection type/],
    ['bound refinement on a list', 'c7 05 0c 81 03 92 00 c3', t.list(t.number), [], /numeric bound refinement for non-number type/],
    ['malformed bound', 'c7 04 0c 81 03 91 00', t.number, [], /must be a \[number, bool\] array/],
    ['string for bool', 'a1 78', t.bool, [], /^bool is required \(got a string\)$/],
    ['bool for string', 'c3', t.string, [], /^string is required \(got a bool\)$/],
    ['non-numeric text for number', `${str('12abc')}`, t.number, [], /number is required \(got the string "12abc"\)/],
    ['map for list', '80', t.list(t.string), [], /a list is required \(got a map\)/],
    ['array for map', '90', t.map(t.string), [], /a map is required \(got an array\)/],
    ['dynamic not an array', 'a1 78', t.dynamic, [], /dynamic value must be an array/],
    ['dynamic with 3 elements', '93 c4 01 22 c0 c0', t.dynamic, [], /exactly two elements/],
    ['dynamic with a bad type', `92 c4 05 ${Buffer.from('"int"').toString('hex')} 01`, t.dynamic, [], /invalid primitive type name "int"/],
    [
      'nested error carries its path',
      `81 ${str('l')} 92 ${`81 ${str('p')} 01`} ${`81 ${str('p')} c3`}`,
      t.object({ l: t.list(t.object({ p: t.number })) }),
      [{ attr: 'l' }, { index: 1 }, { attr: 'p' }],
      /number is required \(got a bool\)/,
    ],
    ['map value path', `81 ${str('k')} 01`, t.map(t.string), [{ key: 'k' }], /string is required/],
    ['truncated input', `82 ${str('a')}`, t.object({ a: t.string, b: t.string }), [{ attr: 'a' }], /unexpected end of msgpack data/],
    ['trailing bytes', 'c0 c0', t.string, [], /1 trailing bytes/],
    ['empty input', '', t.string, [], /empty msgpack data/],
  ];
  test.each(errors)('rejects %s', (_name, h, type, path, message) => {
    let error: unknown;
    try {
      decodeMsgpack(bytes(h), type);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CtyTypeError);
    expect((error as CtyTypeError).path).toEqual(path);
    expect((error as CtyTypeError).reason).toMatch(message);
  });

  test('deeply nested dynamic values fail cleanly instead of overflowing the stack', () => {
    const level = `92 c4 09 ${Buffer.from('"dynamic"').toString('hex')}`;
    const wire = bytes(`${level.repeat(5000)} c0`);
    expect(() => decodeMsgpack(wire, t.dynamic)).toThrow(/dynamic values nested deeper than 100 levels/);
    expect(decodeMsgpack(bytes(`${level.repeat(3)} c0`), t.dynamic)).toBeNull();
  });

  test('encoder rejects non-conforming values with the path', () => {
    expect(() => encodeMsgpack({ a: [1, 'x'] }, t.object({ a: t.list(t.number) }))).toThrow('a[1]: number required (got string)');
    expect(() => encodeMsgpack('x', t.dynamic)).toThrow(CtyTypeError);
  });
});
