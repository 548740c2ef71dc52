import { openBundle, planKeyFromEnv, sealBundle } from '../../../tools/plan-summary/plan-bundle';

const SECRET = 'k'.repeat(20) + 'another-random-part-1234';
const files = new Map([
  ['record.json', Buffer.from('{"version":1}')],
  ['stacks/lab-talos/tfplan', Buffer.from('PK\u0003\u0004 plan with a CA key: -----BEGIN PRIVATE KEY-----')],
]);

describe('sealed plan bundle', () => {
  test('round trip', () => {
    const opened = openBundle(sealBundle(files, SECRET), SECRET);
    expect([...opened.keys()]).toEqual([...files.keys()]);
    expect(opened.get('stacks/lab-talos/tfplan')!.equals(files.get('stacks/lab-talos/tfplan')!)).toBe(true);
  });

  test('content is encrypted (no plain text, fresh salt per bundle)', () => {
    const a = sealBundle(files, SECRET);
    const b = sealBundle(files, SECRET);
    expect(a.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(a.includes(Buffer.from('record.json'))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  test('a wrong secret or a changed byte does not open', () => {
    const sealed = sealBundle(files, SECRET);
    expect(() => openBundle(sealed, `${SECRET}x`)).toThrow(/authentication failed/);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 5] ^= 1;
    expect(() => openBundle(tampered, SECRET)).toThrow(/authentication failed/);
    expect(() => openBundle(Buffer.from('not a bundle at all, just text'), SECRET)).toThrow(/wrong header/);
  });

  test.each(['/etc/passwd', '../x', 'a/../../b', 'a//b', ''])('refuses the file path %j', (p) => {
    expect(() => sealBundle(new Map([[p, Buffer.from('x')]]), SECRET)).toThrow(/must be relative and normalized/);
  });

  test('the secret comes from PTC_PLAN_KEY and must be long', () => {
    expect(planKeyFromEnv({ PTC_PLAN_KEY: SECRET })).toBe(SECRET);
    expect(() => planKeyFromEnv({})).toThrow(/PTC_PLAN_KEY is not set.*openssl rand -base64 32/);
    expect(() => planKeyFromEnv({ PTC_PLAN_KEY: 'short' })).toThrow(/too short \(5 characters\)/);
  });
});
