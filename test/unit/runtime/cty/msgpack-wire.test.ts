import { encode as referenceEncode, decode as referenceDecode, ExtData } from '@msgpack/msgpack';
import { MsgpackReader, MsgpackWriter } from '../../../../providers/runtime/cty/msgpack-wire';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const write = (fn: (w: MsgpackWriter) => void): Uint8Array => {
  const w = new MsgpackWriter();
  fn(w);
  return w.finish();
};

describe('msgpack wire layer matches @msgpack/msgpack format choices', () => {
  // Within ±2^32 both pick the smallest format; beyond it the reference needs bigint to stay an int.
  const ints = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31)];
  test.each(ints)('int %p', (n) => {
    const ours = write((w) => w.int(n));
    expect(hex(ours)).toBe(hex(referenceEncode(n)));
    expect(new MsgpackReader(ours).readNumber()).toEqual({ kind: 'int', value: n });
  });

  test.each([2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n, -(2n ** 31n) - 1n, -(2n ** 63n)])('int %p uses 64-bit formats', (n) => {
    const ours = write((w) => w.int(n));
    expect(hex(ours)).toBe(hex(referenceEncode(n, { useBigInt64: true })));
    const token = new MsgpackReader(ours).readNumber();
    expect(token?.kind).toBe('int');
    expect(BigInt(token?.value ?? 0)).toBe(n);
  });

  test('ints beyond 64 bits are refused', () => {
    expect(() => write((w) => w.int(2n ** 64n))).toThrow(RangeError);
    expect(() => write((w) => w.int(0.5))).toThrow(RangeError);
  });

  // Header bytes compared as hex for readable failures, the whole buffer with Buffer.equals (cheap).
  const expectSame = (ours: Uint8Array, reference: Uint8Array): void => {
    expect(hex(ours.subarray(0, 6))).toBe(hex(reference.subarray(0, 6)));
    expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
  };

  test.each([0, 15, 16, 31, 32, 255, 256, 65535, 65536])('string / bin / array / map headers at length %p', (n) => {
    const s = 'x'.repeat(n);
    expectSame(
      write((w) => w.string(s)),
      referenceEncode(s),
    );
    const bin = new Uint8Array(n).fill(7);
    expectSame(
      write((w) => w.bin(bin)),
      referenceEncode(bin),
    );
    expectSame(
      write((w) => {
        w.arrayHeader(n);
        for (let i = 0; i < n; i++) w.nil();
      }),
      referenceEncode(new Array<null>(n).fill(null)),
    );
    // Building a 65536-key reference object is slow; big map headers are checked against the spec bytes below.
    if (n > 256) return;
    const map: Record<string, number> = {};
    for (let i = 0; i < n; i++) map[`k${i}`] = 1;
    expectSame(
      write((w) => {
        w.mapHeader(n);
        for (const k of Object.keys(map)) {
          w.string(k);
          w.int(1);
        }
      }),
      referenceEncode(map),
    );
  });

  test('map16 / map32 headers (msgpack spec: 0xde + u16, 0xdf + u32)', () => {
    expect(hex(write((w) => w.mapHeader(65535)))).toBe('deffff');
    expect(hex(write((w) => w.mapHeader(65536)))).toBe('df00010000');
  });

  test.each([1, 2, 3, 4, 8, 16, 17, 255, 256, 70000])('ext header for a %p-byte payload', (n) => {
    const payload = new Uint8Array(n).fill(1);
    const ours = write((w) => {
      w.extHeader(12, n);
      w.raw(payload);
    });
    expectSame(ours, referenceEncode(new ExtData(12, payload)));
    const r = new MsgpackReader(ours);
    expect(r.readExtHeader()).toEqual({ type: 12, length: n });
    expect(Buffer.from(r.readRaw(n)).equals(Buffer.from(payload))).toBe(true);
    expect(r.atEnd).toBe(true);
  });

  test('float64 always (go-cty disables compact floats)', () => {
    expect(hex(write((w) => w.float64(1.5)))).toBe(hex(referenceEncode(1.5)));
    expect(referenceDecode(write((w) => w.float64(-0.1)))).toBe(-0.1);
  });

  test('skip() passes over nested values of every kind', () => {
    const nested = referenceEncode([{ a: [1, 'x', null, true, new Uint8Array(3), 1.5, new ExtData(3, Uint8Array.of(1, 2))] }, 2n ** 60n], { useBigInt64: true });
    const r = new MsgpackReader(Uint8Array.from([...nested, 0xc3]));
    r.skip();
    expect(r.readBool()).toBe(true);
    expect(r.atEnd).toBe(true);
  });

  test('reads are bounds-checked', () => {
    expect(() => new MsgpackReader(Uint8Array.of(0xcd, 0x01)).readNumber()).toThrow(/unexpected end of msgpack data/);
    expect(() => new MsgpackReader(Uint8Array.of(0xa5, 0x61)).readString()).toThrow(/need 5 more, 1 left/);
  });
});
