import {
  CtyBigNumber,
  CtyDynamic,
  CtyTypeError,
  Unknown,
  conform,
  isUnknown,
  isWhollyKnown,
  t,
  unknown,
  valueEquals,
  type CtyPath,
  type CtyType,
  type CtyValue,
} from '../../../../providers/runtime/cty';

const node = t.object({ name: t.string, port: t.number, tags: t.map(t.string), roles: t.set(t.string) });
const cluster = t.object({ name: t.string, nodes: t.list(node), extra: t.dynamic, pair: t.tuple([t.string, t.bool]) });

function conformError(value: unknown, type: CtyType): CtyTypeError {
  try {
    conform(value as CtyValue, type);
  } catch (err) {
    expect(err).toBeInstanceOf(CtyTypeError);
    return err as CtyTypeError;
  }
  throw new Error('conform accepted the value');
}

describe('conform', () => {
  test('accepts conforming values, nulls and unknowns anywhere, and absent attributes', () => {
    const good: CtyValue = {
      name: 'c1',
      nodes: [
        { name: 'n1', port: 6443, tags: { a: 'b' }, roles: ['cp'] },
        { name: null, port: new CtyBigNumber('18446744073709551615'), tags: unknown({ lengthLower: 1 }), roles: null },
        null,
        unknown({ notNull: true }),
      ],
      extra: new CtyDynamic(t.list(t.number), [1, unknown({ numberLower: { value: 0, inclusive: true } })]),
      // pair absent: counts as null
    };
    expect(() => conform(good, cluster)).not.toThrow();
    expect(() => conform(null, cluster)).not.toThrow();
    expect(() => conform(unknown(), t.dynamic)).not.toThrow();
    expect(() => conform(new CtyDynamic(t.string, null), t.dynamic)).not.toThrow();
  });

  const failures: [string, unknown, CtyType, CtyPath, string][] = [
    ['number for string', 1, t.string, [], 'string required (got number)'],
    ['string for number', '1', t.number, [], 'number required (got string)'],
    ['NaN', NaN, t.number, [], 'NaN is not a valid cty number'],
    ['object for list', {}, t.list(t.string), [], 'list of string required (got an object)'],
    ['Map instance for map', new Map(), t.map(t.string), [], 'map of string required (got a Map)'],
    ['array for object', [], node, [], 'object required (got an array of 0)'],
    ['extra attribute', { name: 'x', colour: 'red' }, node, [], 'unsupported attribute "colour"'],
    ['undefined list element', [undefined], t.list(t.string), [{ index: 0 }], 'string or null required (got undefined)'],
    ['tuple length', ['a'], t.tuple([t.string, t.bool]), [], 'a tuple of length 2 is required (1 given)'],
    ['tuple element', ['a', 'yes'], t.tuple([t.string, t.bool]), [{ index: 1 }], 'bool required (got string)'],
    ['deep path', { nodes: [{}, { tags: { zone: 7 } }] }, cluster, [{ attr: 'nodes' }, { index: 1 }, { attr: 'tags' }, { key: 'zone' }], 'string required (got number)'],
    ['dynamic without wrapper', { extra: 'raw' }, cluster, [{ attr: 'extra' }], 'a dynamic value must be wrapped as new CtyDynamic(type, value) (got string)'],
    ['dynamic wrapper of dynamic', new CtyDynamic(t.dynamic, null), t.dynamic, [], 'the type of a CtyDynamic value must be concrete, not dynamic'],
    ['dynamic content', new CtyDynamic(t.list(t.bool), [true, 'x']), t.dynamic, [{ index: 1 }], 'bool required (got string)'],
    ['wrapper where no dynamic is declared', new CtyDynamic(t.string, 'x'), t.string, [], 'string required (got a CtyDynamic)'],
    ['prefix on a number', unknown({ stringPrefix: 'a' }), t.number, [], 'a string prefix refinement is only valid for string, not number'],
    ['bounds on a string', unknown({ numberUpper: { value: 1, inclusive: false } }), t.string, [], 'number bound refinements are only valid for number, not string'],
    ['length on an object', unknown({ lengthUpper: 2 }), node, [], 'length bound refinements are only valid for list, set or map, not object'],
  ];
  test.each(failures)('rejects %s with path and go-cty-like message', (_name, value, type, path, reason) => {
    const err = conformError(value, type);
    expect(err.path).toEqual(path);
    expect(err.reason).toBe(reason);
  });

  test('message renders the path; a base path is prefixed', () => {
    expect(conformError({ nodes: [{ name: 1 }] }, cluster).message).toBe('nodes[0].name: string required (got number)');
    expect(() => conform(1, t.string, [{ attr: 'spec' }, { key: 'odd key' }])).toThrow('spec["odd key"]: string required (got number)');
  });

  test('an own "__proto__" key is checked like any other key', () => {
    const m: Record<string, CtyValue> = {};
    Object.defineProperty(m, '__proto__', { value: 5, enumerable: true });
    expect(conformError(m, t.map(t.string)).path).toEqual([{ key: '__proto__' }]);
  });
});

describe('unknown values', () => {
  test('plain unknowns are one shared instance; no-op refinements collapse to it', () => {
    expect(unknown()).toBe(unknown());
    expect(unknown({})).toBe(unknown());
    expect(unknown({ notNull: false, stringPrefix: '', lengthLower: 0 })).toBe(unknown());
    expect(isUnknown(unknown())).toBe(true);
    expect(isUnknown(null)).toBe(false);
    expect(unknown({ notNull: true })).not.toBe(unknown());
  });

  test('refinements are validated and NFC-normalised', () => {
    expect(unknown({ stringPrefix: 'e\u0301' }).refinements).toEqual({ stringPrefix: '\u00e9' });
    expect(() => unknown({ lengthLower: -1 })).toThrow(/lengthLower must be a non-negative integer/);
    expect(() => unknown({ lengthLower: 3, lengthUpper: 2 })).toThrow(/exceeds lengthUpper/);
    expect(() => unknown({ numberLower: { value: NaN, inclusive: true } })).toThrow(/numberLower must be/);
    expect(() => unknown({ notNull: 'yes' as unknown as boolean })).toThrow(/notNull must be a boolean/);
    expect(Object.isFrozen(unknown({ notNull: true }).refinements)).toBe(true);
  });

  test('isWhollyKnown looks through arrays, objects and dynamic wrappers', () => {
    expect(isWhollyKnown({ a: [1, { b: 'x' }], c: new CtyDynamic(t.string, 'y') })).toBe(true);
    expect(isWhollyKnown({ a: [1, { b: unknown() }] })).toBe(false);
    expect(isWhollyKnown(new CtyDynamic(t.string, unknown()))).toBe(false);
    expect(isWhollyKnown(new Unknown({ notNull: true }))).toBe(false);
    expect(isWhollyKnown(new CtyBigNumber('1e400'))).toBe(true);
  });
});

describe('valueEquals', () => {
  const cases: [string, CtyType, CtyValue, CtyValue, boolean][] = [
    ['sets ignore order', t.set(t.string), ['a', 'b'], ['b', 'a'], true],
    ['sets ignore duplicates', t.set(t.number), [1, 1, 2], [2, 1], true],
    ['different sets', t.set(t.string), ['a'], ['a', 'b'], false],
    [
      'sets of objects',
      t.set(node),
      [
        { name: 'a', port: 1 },
        { name: 'b', port: 2 },
      ],
      [
        { name: 'b', port: 2 },
        { name: 'a', port: 1 },
      ],
      true,
    ],
    ['lists keep order', t.list(t.string), ['a', 'b'], ['b', 'a'], false],
    ['number vs big number', t.number, 0.1, new CtyBigNumber('0.1'), true],
    ['2^53 vs 2^53+1', t.number, 2 ** 53, new CtyBigNumber('9007199254740993'), false],
    ['absent attribute equals null', node, { name: 'x' }, { name: 'x', port: null, tags: null, roles: null }, true],
    ['maps by key', t.map(t.number), { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ['maps with different keys', t.map(t.number), { a: 1 }, { b: 1 }, false],
    ['NFC-equivalent strings', t.string, 'e\u0301', '\u00e9', true],
    ['dynamic with equal types', t.dynamic, new CtyDynamic(t.list(t.number), [1]), new CtyDynamic(t.list(t.number), [1]), true],
    ['dynamic with different types', t.dynamic, new CtyDynamic(t.list(t.number), [1]), new CtyDynamic(t.set(t.number), [1]), false],
    ['typed null vs null dynamic', t.dynamic, new CtyDynamic(t.string, null), null, false],
    ['unknown vs unknown', t.string, unknown(), unknown(), true],
    ['unknown vs refined unknown', t.string, unknown(), unknown({ notNull: true }), false],
    ['equal refinements', t.number, unknown({ numberLower: { value: 1, inclusive: true } }), unknown({ numberLower: { value: new CtyBigNumber('1'), inclusive: true } }), true],
    ['unknown vs null', t.string, unknown(), null, false],
    ['tuples', t.tuple([t.string, t.number]), ['a', 1], ['a', 1], true],
  ];
  test.each(cases)('%s', (_name, type, a, b, expected) => {
    expect(valueEquals(a, b, type)).toBe(expected);
    expect(valueEquals(b, a, type)).toBe(expected);
  });
});
