import { CtyTypeJsonError, t, typeEquals, typeFromJson, typeFromJsonText, typeToJson, typeToJsonString, typeToString, type CtyType } from '../../../../providers/runtime/cty';

const deep = (depth: number): CtyType => (depth === 0 ? t.string : t.list(deep(depth - 1)));

const cases: [string, CtyType, string][] = [
  ['string', t.string, '"string"'],
  ['number', t.number, '"number"'],
  ['bool', t.bool, '"bool"'],
  ['dynamic', t.dynamic, '"dynamic"'],
  ['list', t.list(t.string), '["list","string"]'],
  ['set of objects', t.set(t.object({ name: t.string, port: t.number })), '["set",["object",{"name":"string","port":"number"}]]'],
  ['map of lists', t.map(t.list(t.bool)), '["map",["list","bool"]]'],
  ['object sorted by key bytes', t.object({ z: t.string, a: t.number, B: t.bool }), '["object",{"B":"bool","a":"number","z":"string"}]'],
  ['empty object', t.object({}), '["object",{}]'],
  ['tuple', t.tuple([t.string, t.dynamic, t.list(t.number)]), '["tuple",["string","dynamic",["list","number"]]]'],
  ['empty tuple', t.tuple([]), '["tuple",[]]'],
  ['html-unsafe attribute names escaped like Go', t.object({ 'a<b>&': t.string }), '["object",{"a\\u003cb\\u003e\\u0026":"string"}]'],
  ['deeply nested', deep(20), `${'["list",'.repeat(20)}"string"${']'.repeat(20)}`],
];

describe('JSON type syntax', () => {
  test.each(cases)('%s: typeToJsonString gives go-cty bytes', (_name, type, json) => {
    expect(typeToJsonString(type)).toBe(json);
  });

  test.each(cases)('%s: JSON.stringify(typeToJson) matches typeToJsonString modulo Go HTML escapes', (_name, type, json) => {
    expect(JSON.stringify(typeToJson(type))).toBe(JSON.stringify(JSON.parse(json)));
  });

  test.each(cases)('%s: round trips through typeFromJson and typeFromJsonText', (_name, type, json) => {
    expect(typeEquals(typeFromJson(typeToJson(type)), type)).toBe(true);
    expect(typeEquals(typeFromJsonText(json), type)).toBe(true);
    expect(typeEquals(typeFromJsonText(new TextEncoder().encode(json)), type)).toBe(true);
  });

  test('an attribute named __proto__ survives parsing as an own attribute', () => {
    const type = typeFromJsonText('["object",{"__proto__":"string","a":"number"}]');
    expect(type.kind === 'object' && Object.keys(type.attributes)).toEqual(['__proto__', 'a']);
    expect(typeToJsonString(type)).toBe('["object",{"__proto__":"string","a":"number"}]');
  });

  const errors: [string, unknown, RegExp][] = [
    ['unknown primitive', 'strin', /invalid primitive type name "strin"/],
    ['number instead of type', 42, /a type must be a primitive name .* got number 42/],
    ['null', null, /got null/],
    ['object instead of array', { list: 'string' }, /got an object/],
    ['missing element type', ['list'], /\["list", …\] needs a second element/],
    ['unknown complex kind', ['lst', 'string'], /invalid complex type kind "lst"/],
    ['non-string kind', [1, 'string'], /complex type kind must be a string/],
    ['object attrs as array', ['object', ['a']], /at \[1\]: object attributes must be a JSON object, got an array/],
    ['bad nested attribute type', ['object', { ok: 'string', port: 'int' }], /at \[1\]\.port: invalid primitive type name "int"/],
    ['bad tuple element', ['tuple', ['string', ['map']]], /at \[1\]\[1\]: \["map", …\] needs a second element/],
    ['tuple elements not an array', ['tuple', 'string'], /tuple element types must be a JSON array/],
    ['optional attributes', ['object', { a: 'string' }, ['a']], /optional-attribute markers .* not supported/],
    ['extra data', ['list', 'string', 'x'], /unexpected extra data/],
  ];
  test.each(errors)('typeFromJson rejects %s', (_name, json, message) => {
    expect(() => typeFromJson(json)).toThrow(CtyTypeJsonError);
    expect(() => typeFromJson(json)).toThrow(message);
  });

  test('typeFromJson rejects absurd nesting instead of overflowing the stack', () => {
    let json: unknown = 'string';
    for (let i = 0; i < 300; i++) json = ['list', json];
    expect(() => typeFromJson(json)).toThrow(/nested deeper than 256 levels/);
  });

  test('typeFromJsonText reports invalid JSON and invalid UTF-8', () => {
    expect(() => typeFromJsonText('["list",')).toThrow(/type is not valid JSON/);
    expect(() => typeFromJsonText(Uint8Array.of(0x22, 0xff, 0x22))).toThrow(/not valid UTF-8/);
  });
});

describe('type helpers', () => {
  test('typeEquals is structural and ignores attribute order', () => {
    expect(typeEquals(t.object({ a: t.string, b: t.number }), t.object({ b: t.number, a: t.string }))).toBe(true);
    expect(typeEquals(t.object({ a: t.string }), t.object({ a: t.string, b: t.number }))).toBe(false);
    expect(typeEquals(t.object({ a: t.string, b: t.bool }), t.object({ a: t.string, c: t.bool }))).toBe(false);
    expect(typeEquals(t.list(t.string), t.set(t.string))).toBe(false);
    expect(typeEquals(t.tuple([t.string]), t.tuple([t.string, t.string]))).toBe(false);
    expect(typeEquals(t.map(t.dynamic), t.map(t.dynamic))).toBe(true);
  });

  test('typeToString renders readable type expressions', () => {
    expect(typeToString(t.list(t.object({ name: t.string, 'odd key': t.number })))).toBe('list(object({name=string, "odd key"=number}))');
    expect(typeToString(t.tuple([t.bool, t.map(t.dynamic)]))).toBe('tuple([bool, map(dynamic)])');
  });

  test('builders freeze types and reject non-types', () => {
    const obj = t.object({ a: t.string });
    expect(Object.isFrozen(obj)).toBe(true);
    expect(() => t.list(undefined as unknown as CtyType)).toThrow(/t\.list: expected a cty type/);
    expect(() => t.object({ a: 'string' as unknown as CtyType })).toThrow(/attribute "a"/);
  });
});
