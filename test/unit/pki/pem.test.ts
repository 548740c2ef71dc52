import { generateKeyPairSync } from 'node:crypto';
import { base64ToPem, encodePem, firstPemBlock, parsePemBlocks, pemToBase64 } from '../../../providers/pki';

describe('PEM helpers', () => {
  const keyPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();

  it('encodes base64 of the whole PEM text, trailing newline included, and decodes it back', () => {
    const encoded = pemToBase64(keyPem);
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(keyPem);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(base64ToPem(encoded)).toBe(keyPem);
    expect(base64ToPem(encoded.replace(/(.{76})/g, '$1\n'))).toBe(keyPem); // line breaks tolerated, as in Go
  });

  it('rejects base64 that is damaged, unpadded or not PEM', () => {
    expect(() => base64ToPem('')).toThrow('is empty');
    expect(() => base64ToPem('LS0tLS1CRUdJTi*')).toThrow('not valid standard base64');
    expect(() => base64ToPem(pemToBase64(keyPem).replace(/=+$/, ''))).toThrow('not valid standard base64');
    expect(() => base64ToPem(Buffer.from('hello world').toString('base64'))).toThrow('does not decode to PEM');
  });

  it('writes 64-column PEM with a trailing newline, matching node/OpenSSL output', () => {
    const block = firstPemBlock(keyPem);
    expect(block.label).toBe('EC PRIVATE KEY');
    expect(encodePem(block.label, block.der)).toBe(keyPem);
  });

  it('finds every block and ignores text around them', () => {
    const text = `leading text\n${keyPem}between\n${encodePem('CERTIFICATE', Buffer.from([1, 2, 3]))}`;
    expect(parsePemBlocks(text).map((b) => b.label)).toEqual(['EC PRIVATE KEY', 'CERTIFICATE']);
    expect(parsePemBlocks(text)[1].der).toEqual(Buffer.from([1, 2, 3]));
  });

  it('rejects encrypted blocks and missing blocks', () => {
    const encrypted = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----\n';
    expect(() => parsePemBlocks(encrypted)).toThrow('has headers');
    expect(() => firstPemBlock('no pem here')).toThrow('no PEM block found');
  });
});
