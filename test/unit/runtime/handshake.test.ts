import { checkMagicCookie, handshakeLine, HandshakeError, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, negotiateProtocol, rawStdBase64 } from '../../../providers/runtime/server/handshake';
import { levelFromEnv } from '../../../providers/runtime/logging';

describe('magic cookie', () => {
  test('accepts the Terraform cookie', () => {
    expect(() => checkMagicCookie({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })).not.toThrow();
  });
  test.each([[{}], [{ [MAGIC_COOKIE_KEY]: 'nope' }]])('refuses %p', (env) => {
    expect(() => checkMagicCookie(env)).toThrow(HandshakeError);
  });
});

describe('protocol negotiation', () => {
  test.each(['5,6', '6,5', '6', ' 6 ', ''])('picks 6 from %p', (v) => {
    expect(negotiateProtocol({ PLUGIN_PROTOCOL_VERSIONS: v })).toBe(6);
  });
  test('refuses a client without 6', () => {
    expect(() => negotiateProtocol({ PLUGIN_PROTOCOL_VERSIONS: '5' })).toThrow(/protocol 6/);
  });
});

describe('handshake line', () => {
  test('unpadded standard base64 (Go RawStdEncoding)', () => {
    expect(rawStdBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8');
    expect(rawStdBase64(Uint8Array.of(1, 2, 3))).toBe('AQID');
  });
  test('format', () => {
    expect(handshakeLine({ network: 'unix', address: '/tmp/x/plugin.sock', serverCertDer: Uint8Array.of(0xfb, 0xff) })).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|+/8\n');
    expect(handshakeLine({ network: 'unix', address: '/s' })).toBe('1|6|unix|/s|grpc|\n');
  });
});

describe('log level', () => {
  test.each([
    [{}, 'warn'],
    [{ TF_LOG: 'DEBUG' }, 'debug'],
    [{ TF_LOG: 'info', TF_LOG_PROVIDER: 'trace' }, 'trace'],
    [{ TF_LOG: 'json' }, 'trace'],
    [{ TF_LOG: 'bogus' }, 'warn'],
  ])('%p -> %s', (env, level) => {
    expect(levelFromEnv(env as NodeJS.ProcessEnv)).toBe(level);
  });
});
