/** Values of every cty type shape, shared by the msgpack and JSON round-trip tables. */
import { CtyBigNumber, CtyDynamic, t, unknown, type CtyType, type CtyValue } from '../../../../providers/runtime/cty';

export interface RoundTripCase {
  name: string;
  type: CtyType;
  value: CtyValue;
  /** Only msgpack can carry unknowns and ±Infinity. */
  msgpackOnly?: boolean;
}

const endpoint = t.object({ host: t.string, port: t.number, tls: t.bool });
const machine = t.object({
  name: t.string,
  endpoints: t.set(endpoint),
  labels: t.map(t.string),
  disks: t.list(t.object({ size: t.number, path: t.string })),
  extra: t.dynamic,
  shape: t.tuple([t.string, t.number, t.list(t.bool)]),
});

const big = {
  twoPow53Plus1: new CtyBigNumber('9007199254740993'),
  minInt64: new CtyBigNumber('-9223372036854775808'),
  maxUint64: new CtyBigNumber('18446744073709551615'),
  huge: new CtyBigNumber('1.2345678901234567890123456789e400'),
  tiny: new CtyBigNumber('-4.2e-400'),
  tenth: new CtyBigNumber('0.1'),
  longFraction: new CtyBigNumber('3.14159265358979323846264338327950288419716939937510'),
};

const known: RoundTripCase[] = [
  { name: 'string', type: t.string, value: 'hello, wörld ✓ 🎉' },
  { name: 'empty string', type: t.string, value: '' },
  { name: 'long string (str16)', type: t.string, value: 'x'.repeat(70000) },
  { name: 'bool true', type: t.bool, value: true },
  { name: 'bool false', type: t.bool, value: false },
  ...[
    0,
    1,
    -1,
    127,
    128,
    -32,
    -33,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    -(2 ** 31),
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 60,
    1e20,
    0.5,
    -2.75,
    0.1,
    1e-320,
    Number.MAX_VALUE,
  ].map((n): RoundTripCase => ({ name: `number ${n}`, type: t.number, value: n })),
  ...Object.entries(big).map(([name, n]): RoundTripCase => ({ name: `big number ${name} (${n.text})`, type: t.number, value: n })),
  { name: 'list of strings', type: t.list(t.string), value: ['a', 'b', 'a'] },
  { name: 'empty list', type: t.list(t.number), value: [] },
  { name: 'long list (array16)', type: t.list(t.number), value: Array.from({ length: 300 }, (_, i) => i * 1.5) },
  { name: 'list with null elements', type: t.list(t.string), value: [null, 'x', null] },
  { name: 'set of strings', type: t.set(t.string), value: ['b', 'a', 'c'] },
  {
    name: 'set of objects',
    type: t.set(endpoint),
    value: [
      { host: 'a', port: 1, tls: true },
      { host: 'b', port: 2, tls: null },
    ],
  },
  { name: 'set of big numbers', type: t.set(t.number), value: [big.maxUint64, big.tenth, 7] },
  { name: 'map of numbers', type: t.map(t.number), value: { b: 2, a: big.twoPow53Plus1, '10': 10, '9': 9 } },
  { name: 'empty map', type: t.map(t.string), value: {} },
  { name: 'map with "__proto__" and null values', type: t.map(t.string), value: JSON.parse('{"__proto__":"p","constructor":null,"ok":"v"}') as CtyValue },
  { name: 'map of maps of lists', type: t.map(t.map(t.list(t.number))), value: { x: { y: [1, 2], z: [] }, w: {} } },
  { name: 'big map (map16)', type: t.map(t.bool), value: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 2 === 0])) },
  { name: 'tuple', type: t.tuple([t.string, t.number, t.list(t.bool)]), value: ['a', big.minInt64, [true, false]] },
  { name: 'empty tuple', type: t.tuple([]), value: [] },
  { name: 'empty object', type: t.object({}), value: {} },
  {
    name: 'nested object',
    type: machine,
    value: {
      name: 'cp-1',
      endpoints: [{ host: '10.0.0.1', port: 6443, tls: true }],
      labels: { role: 'control-plane', zone: 'a' },
      disks: [
        { size: big.maxUint64, path: '/dev/sda' },
        { size: 0.5, path: null },
      ],
      extra: new CtyDynamic(t.object({ k: t.list(t.string) }), { k: ['v'] }),
      shape: ['s', 3, []],
    },
  },
  {
    name: 'null at every level',
    type: machine,
    value: { name: null, endpoints: null, labels: { a: null }, disks: [null, { size: null, path: null }], extra: null, shape: [null, null, null] },
  },
  { name: 'absent attributes are written as null', type: machine, value: { name: 'only-name' } },
  ...(
    [
      ['string', t.string, 'hi'],
      ['number', t.number, big.maxUint64],
      ['bool', t.bool, false],
      ['list', t.list(t.number), [1, 2]],
      ['set', t.set(t.string), ['x']],
      ['map', t.map(t.bool), { a: true }],
      ['object', endpoint, { host: 'h', port: 1, tls: false }],
      ['tuple', t.tuple([t.string, t.bool]), ['a', true]],
      ['typed null', t.list(t.string), null],
    ] as [string, CtyType, CtyValue][]
  ).map(([name, type, value]): RoundTripCase => ({ name: `dynamic holding ${name}`, type: t.dynamic, value: new CtyDynamic(type, value) })),
  { name: 'null dynamic', type: t.dynamic, value: null },
  {
    name: 'dynamic inside object inside dynamic',
    type: t.map(t.dynamic),
    value: { a: new CtyDynamic(t.object({ inner: t.dynamic }), { inner: new CtyDynamic(t.set(t.number), [1, 2]) }), b: null },
  },
  ...[t.string, t.number, t.bool, t.list(t.string), t.set(t.number), t.map(t.bool), machine, t.tuple([t.string]), t.dynamic].map((type): RoundTripCase => ({
    name: `null ${type.kind}`,
    type,
    value: null,
  })),
];

const msgpackOnly: RoundTripCase[] = [
  { name: '+Infinity', type: t.number, value: Infinity },
  { name: '-Infinity', type: t.number, value: -Infinity },
  ...[t.string, t.number, t.bool, t.list(t.string), t.set(t.number), t.map(t.bool), machine, t.tuple([t.string]), t.dynamic].map((type): RoundTripCase => ({
    name: `unknown ${type.kind}`,
    type,
    value: unknown(),
  })),
  { name: 'unknown not null', type: machine, value: unknown({ notNull: true }) },
  { name: 'unknown with string prefix', type: t.string, value: unknown({ stringPrefix: 'https://' }) },
  { name: 'unknown not-null string with prefix', type: t.string, value: unknown({ notNull: true, stringPrefix: 'ü/' }) },
  {
    name: 'unknown number with both bounds',
    type: t.number,
    value: unknown({ notNull: true, numberLower: { value: 0, inclusive: true }, numberUpper: { value: 65535, inclusive: false } }),
  },
  {
    name: 'unknown number with big and fractional bounds',
    type: t.number,
    value: unknown({ numberLower: { value: big.tenth, inclusive: false }, numberUpper: { value: big.maxUint64, inclusive: true } }),
  },
  { name: 'unknown number with only an upper bound', type: t.number, value: unknown({ numberUpper: { value: -1.5, inclusive: true } }) },
  { name: 'unknown list with length bounds', type: t.list(t.string), value: unknown({ lengthLower: 1, lengthUpper: 3 }) },
  { name: 'unknown set with lower length bound', type: t.set(t.string), value: unknown({ notNull: true, lengthLower: 2 }) },
  { name: 'unknown map with upper length bound', type: t.map(t.string), value: unknown({ lengthUpper: 0 }) },
  {
    name: 'unknowns nested at every level',
    type: machine,
    value: {
      name: unknown({ stringPrefix: 'cp-' }),
      endpoints: [{ host: unknown(), port: 1, tls: true }, unknown()],
      labels: { a: unknown({ notNull: true }) },
      disks: unknown({ lengthLower: 1 }),
      extra: new CtyDynamic(t.string, unknown({ stringPrefix: 'x' })),
      shape: ['s', unknown({ numberLower: { value: 1, inclusive: true } }), [unknown()]],
    },
  },
  { name: 'unknown dynamic', type: t.dynamic, value: unknown() },
  { name: 'dynamic holding a typed unknown', type: t.dynamic, value: new CtyDynamic(t.number, unknown({ numberUpper: { value: 10, inclusive: true } })) },
];

export const roundTripCases: RoundTripCase[] = [...known, ...msgpackOnly.map((c) => ({ ...c, msgpackOnly: true }))];
