import {
  CtyBigNumber,
  CtyDynamic,
  CtyTypeError,
  decodeJson,
  decodeMsgpack,
  encodeJson,
  encodeMsgpack,
  t,
  unknown,
  valueEquals,
  type CtyPath,
  type CtyType,
  type CtyValue,
} from '../../../../providers/runtime/cty';
import { roundTripCases } from './round-trip-cases';

describe('JSON round trips', () => {
  test.each(roundTripCases.filter((c) => !c.msgpackOnly).map((c) => [c.name, c] as const))('%s', (_name, { type, value }) => {
    const text = encodeJson(value, type);
    expect(() => JSON.parse(text)).not.toThrow();
    const decoded = decodeJson(text, type);
    expect(valueEquals(decoded, value, type)).toBe(true);
    expect(encodeJson(decoded, type)).toBe(text);
    // bytes input decodes the same
    expect(valueEquals(decodeJson(new TextEncoder().encode(text), type), value, type)).toBe(true);
  });

  test('state JSON → msgpack keeps big numbers and dynamic values exact (UpgradeResourceState path)', () => {
    const type = t.object({ size: t.number, meta: t.dynamic, ratio: t.number });
    const state = '{"meta":{"value":{"ids":[18446744073709551615,1e400]},"type":["object",{"ids":["list","number"]}]},"ratio":0.1,"size":9007199254740993}';
    const value = decodeJson(state, type);
    expect(value).toEqual({
      size: new CtyBigNumber('9007199254740993'),
      meta: new CtyDynamic(t.object({ ids: t.list(t.number) }), { ids: [new CtyBigNumber('18446744073709551615'), new CtyBigNumber('1e400')] }),
      ratio: new CtyBigNumber('0.1'),
    });
    const back = decodeMsgpack(encodeMsgpack(value, type), type);
    expect(encodeJson(back, type)).toBe(state);
  });
});

describe('JSON golden text (go-cty cty/json marshal.go)', () => {
  const golden: [string, CtyValue, CtyType, string][] = [
    ['attributes sorted, absent ones null', { b: 1, a: 'x' }, t.object({ c: t.bool, b: t.number, a: t.string }), '{"a":"x","b":1,"c":null}'],
    ['dynamic as {"value","type"}', new CtyDynamic(t.map(t.string), { k: 'v' }), t.dynamic, '{"value":{"k":"v"},"type":["map","string"]}'],
    ['dynamic typed null', new CtyDynamic(t.string, null), t.dynamic, '{"value":null,"type":"string"}'],
    ['null dynamic', null, t.dynamic, 'null'],
    ['numbers positional, exact', [0.1, 1e21, 2 ** 70, -1e-7, new CtyBigNumber('1e400'), -0], t.list(t.number), '[0.1,1000000000000000000000,1180591620717411303424,-0.0000001,1e400,0]'],
    ['HTML-safe string escapes like Go', '<a href="x">&\u2028', t.string, '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028"'],
    ['map keys sorted bytewise', { b: 1, '\u{1F600}': 2, '\uFFFD': 3 }, t.map(t.number), '{"b":1,"\uFFFD":3,"\u{1F600}":2}'],
    ['tuple', ['a', false], t.tuple([t.string, t.bool]), '["a",false]'],
  ];
  test.each(golden)('%s', (_name, value, type, expected) => {
    expect(encodeJson(value, type)).toBe(expected);
  });
});

describe('JSON decoding rules', () => {
  test('missing object attributes decode as null, in declaration order', () => {
    const decoded = decodeJson('{"b":true}', t.object({ c: t.string, b: t.bool, a: t.list(t.string) }));
    expect(decoded).toEqual({ c: null, b: true, a: null });
    expect(Object.keys(decoded as object)).toEqual(['c', 'b', 'a']);
  });

  test('primitive conversions go-cty applies', () => {
    expect(decodeJson('"42"', t.number)).toBe(42);
    expect(decodeJson('"18446744073709551617"', t.number)).toEqual(new CtyBigNumber('18446744073709551617'));
    expect(decodeJson('"18446744073709551616"', t.number)).toBe(2 ** 64);
    expect(decodeJson('1.50', t.string)).toBe('1.50'); // number token keeps its source text
    expect(decodeJson('true', t.string)).toBe('true');
    expect(decodeJson('"1"', t.bool)).toBe(true);
    expect(decodeJson('"false"', t.bool)).toBe(false);
  });

  test('whitespace, escapes, duplicate map keys (last wins) and "__proto__" keys', () => {
    const m = decodeJson(' { "a" : "x\\n\\u00e9" , "a":"y", "__proto__": "p" } ', t.map(t.string)) as Record<string, CtyValue>;
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(Object.keys(m)).toEqual(['a', '__proto__']);
    expect(m.a).toBe('y');
    expect(m['__proto__']).toBe('p');
    expect(decodeJson('"x\\n\\u00e9"', t.string)).toBe('x\né');
  });

  test('sets decode without duplicates', () => {
    expect(decodeJson('[1,1.0,"1",2]', t.set(t.number))).toEqual([1, 2]);
  });

  const errors: [string, string, CtyType, CtyPath, RegExp][] = [
    ['extra attribute', '{"a":1,"zz":2}', t.object({ a: t.number }), [], /^unsupported attribute "zz"$/],
    ['object for string', '{}', t.string, [], /string is required \(got an object\)/],
    ['bad number text', '"12abc"', t.number, [], /a number is required/],
    ['uppercase bool string', '"TRUE"', t.bool, [], /use lowercase "true"/],
    ['array for bool', '[]', t.bool, [], /bool is required \(got an array\)/],
    ['string for list', '"x"', t.list(t.string), [], /list of string required \(got a string\)/],
    ['array for map', '[]', t.map(t.string), [], /map of string required \(got an array\)/],
    ['too many tuple elements', '[1,2,3]', t.tuple([t.number, t.number]), [], /too many tuple elements \(need 2\)/],
    ['not enough tuple elements', '[1]', t.tuple([t.number, t.number]), [], /not enough tuple elements \(need 2\)/],
    ['dynamic without type', '{"value":1}', t.dynamic, [], /missing type in dynamically-typed value/],
    ['dynamic without value', '{"type":"number"}', t.dynamic, [], /missing value in dynamically-typed value/],
    ['dynamic with an extra key', '{"value":1,"type":"number","x":0}', t.dynamic, [], /invalid key "x" in dynamically-typed value/],
    ['dynamic with a bad type', '{"value":1,"type":["list"]}', t.dynamic, [], /failed to decode type for dynamic value/],
    ['dynamic value not matching its type', '{"value":"x","type":"bool"}', t.dynamic, [], /bool is required/],
    [
      'nested error path',
      '{"l":[{"m":{"k":[]}}]}',
      t.object({ l: t.list(t.object({ m: t.map(t.string) })) }),
      [{ attr: 'l' }, { index: 0 }, { attr: 'm' }, { key: 'k' }],
      /string is required \(got an array\)/,
    ],
    ['syntax: trailing comma', '[1,]', t.list(t.number), [], /invalid JSON at offset 3/],
    ['syntax: leading zero', '01', t.number, [], /after the JSON value/],
    ['syntax: unterminated string', '"abc', t.string, [], /unterminated string/],
    ['syntax: raw control character', '"a\u0001"', t.string, [], /control character/],
    ['syntax: bad escape', '"\\x"', t.string, [], /invalid escape/],
    ['syntax: trailing data', 'null x', t.string, [], /after the JSON value/],
    ['syntax: NaN', 'NaN', t.number, [], /unexpected character "N"/],
    ['syntax: empty', '', t.string, [], /end of input/],
    ['syntax: absurd nesting', `${'['.repeat(2000)}${']'.repeat(2000)}`, t.dynamic, [], /nesting deeper than 1000/],
  ];
  test.each(errors)('rejects %s', (_name, text, type, path, message) => {
    let error: unknown;
    try {
      decodeJson(text, type);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CtyTypeError);
    expect((error as CtyTypeError).path).toEqual(path);
    expect((error as CtyTypeError).reason).toMatch(message);
  });

  test('invalid UTF-8 bytes are rejected', () => {
    expect(() => decodeJson(Uint8Array.of(0x22, 0xc3, 0x22), t.string)).toThrow(/not valid UTF-8/);
  });
});

describe('JSON encoding limits', () => {
  test.each([
    ['unknown', unknown(), t.string, [], /value is not known/],
    ['nested unknown', { a: [1, unknown()] }, t.object({ a: t.list(t.number) }), [{ attr: 'a' }, { index: 1 }], /value is not known/],
    ['unknown dynamic content', new CtyDynamic(t.string, unknown()), t.dynamic, [], /value is not known/],
    ['+Infinity', Infinity, t.number, [], /cannot serialize infinity as JSON/],
    ['non-conforming value', { a: 'x' }, t.object({ a: t.number }), [{ attr: 'a' }], /number required/],
  ] as [string, CtyValue, CtyType, CtyPath, RegExp][])('refuses %s', (_name, value, type, path, message) => {
    let error: unknown;
    try {
      encodeJson(value, type);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CtyTypeError);
    expect((error as CtyTypeError).path).toEqual(path);
    expect((error as CtyTypeError).reason).toMatch(message);
  });
});
