import { CtyBigNumber, numberEquals, parseCtyNumber } from '../../../../providers/runtime/cty';
import { numberToJsonText, wireNumber } from '../../../../providers/runtime/cty/numbers';

describe('parseCtyNumber', () => {
  const toNumber: [string, number][] = [
    ['0', 0],
    ['-17', -17],
    ['0.5', 0.5],
    ['9007199254740992', 2 ** 53], // 2^53 is exactly representable, though not "safe"
    ['-9223372036854775808', -(2 ** 63)],
    ['1e21', 1e21],
    ['1E+2', 100],
    ['+.25', 0.25],
    ['5.', 5],
    ['0.000', 0],
    ['Inf', Infinity],
    ['-inf', -Infinity],
  ];
  test.each(toNumber)('%s is exactly the double %p', (text, expected) => {
    expect(parseCtyNumber(text)).toBe(expected);
  });

  const toBig: [string, string][] = [
    ['9007199254740993', '9007199254740993'],
    ['18446744073709551615', '18446744073709551615'],
    ['0.1', '0.1'],
    ['1e400', '1e400'],
    ['-1e-400', '-1e-400'],
    ['+0012.10', '12.10'],
    ['3.14159265358979323846264338327950288', '3.14159265358979323846264338327950288'],
  ];
  test.each(toBig)('%s keeps its exact decimal text', (text, kept) => {
    const n = parseCtyNumber(text);
    expect(n).toBeInstanceOf(CtyBigNumber);
    expect((n as CtyBigNumber).text).toBe(kept);
  });

  test.each(['', 'abc', '1e', '--1', '0x10', '1_000', 'NaN', 'Infinity', '1e99999999'])('rejects %p', (text) => {
    expect(parseCtyNumber(text)).toBeUndefined();
    expect(() => new CtyBigNumber(text)).toThrow(/is not a decimal number/);
  });
});

describe('CtyBigNumber', () => {
  test('integer helpers are exact', () => {
    const n = CtyBigNumber.fromBigInt(2n ** 64n - 1n);
    expect(n.text).toBe('18446744073709551615');
    expect(n.isInteger()).toBe(true);
    expect(n.toBigInt()).toBe(2n ** 64n - 1n);
    expect(new CtyBigNumber('1.5e3').toBigInt()).toBe(1500n);
    expect(() => new CtyBigNumber('1.5').toBigInt()).toThrow(/not an integer/);
    expect(new CtyBigNumber('0.1').toNumber()).toBe(0.1);
    expect(JSON.stringify({ n: new CtyBigNumber('1e400') })).toBe('{"n":"1e400"}');
  });
});

describe('numberEquals (go-cty semantics)', () => {
  const equal: [unknown, unknown][] = [
    [0.1, new CtyBigNumber('0.1')], // cty compares non-integers by their shortest decimal text
    [new CtyBigNumber('0.10'), new CtyBigNumber('1e-1')],
    [2 ** 53, new CtyBigNumber('9007199254740992')],
    [0, -0],
    [new CtyBigNumber('-0'), 0],
    [1e21, new CtyBigNumber('1000000000000000000000')],
    [Infinity, Infinity],
  ];
  test.each(equal)('%p equals %p', (a, b) => {
    expect(numberEquals(a as number, b as number)).toBe(true);
    expect(numberEquals(b as number, a as number)).toBe(true);
  });

  const different: [unknown, unknown][] = [
    [2 ** 53, new CtyBigNumber('9007199254740993')],
    [0.1, new CtyBigNumber('0.1000000000000000055511151231257827021181583404541015625')],
    [new CtyBigNumber('1e400'), new CtyBigNumber('1e401')],
    [Infinity, -Infinity],
    [1, -1],
  ];
  test.each(different)('%p differs from %p', (a, b) => {
    expect(numberEquals(a as number, b as number)).toBe(false);
  });
});

describe('wire forms (go-cty marshal rules)', () => {
  test.each([
    [1, { kind: 'int', value: 1 }],
    [-0, { kind: 'int', value: 0 }],
    [2 ** 60, { kind: 'int', value: 2n ** 60n }], // go writes int64 whenever the value is an exact int64
    [1e20, { kind: 'text', value: '100000000000000000000' }], // integer beyond int64: decimal text
    [1.5, { kind: 'float', value: 1.5 }],
    [-Infinity, { kind: 'float', value: -Infinity }],
    [new CtyBigNumber('9223372036854775807'), { kind: 'int', value: 2n ** 63n - 1n }],
    [new CtyBigNumber('9223372036854775808'), { kind: 'text', value: '9223372036854775808' }],
    [new CtyBigNumber('0.5'), { kind: 'float', value: 0.5 }],
    [new CtyBigNumber('0.1'), { kind: 'text', value: '0.1' }],
    [new CtyBigNumber('12e2'), { kind: 'int', value: 1200 }],
  ])('%p → %p', (n, wire) => {
    expect(wireNumber(n)).toEqual(wire);
  });

  test.each([
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [2 ** 70, '1180591620717411303424'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [123.456, '123.456'],
    [new CtyBigNumber('1e400'), '1e400'],
  ])('JSON text of %p is %p', (n, text) => {
    expect(numberToJsonText(n)).toBe(text);
  });
});
