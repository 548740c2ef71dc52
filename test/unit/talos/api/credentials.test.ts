import { generateKeyPair, createSelfSignedCertificate } from '../../../../providers/pki';
import { mtlsChannelCredentials } from '../../../../providers/talos/api/credentials';
import { TalosClient } from '../../../../providers/talos/api/client';

describe('mTLS credentials', () => {
  let caPem: string;
  let talosKeyPem: string;

  beforeAll(async () => {
    const key = await generateKeyPair('ed25519');
    const now = new Date();
    caPem = await createSelfSignedCertificate({ subject: { organization: ['talos'] }, notBefore: now, notAfter: new Date(now.getTime() + 3_600_000), isCa: true, keyUsages: ['certSign'] }, key);
    talosKeyPem = key.privateKeyPem('ed25519-talos');
  });

  it("accepts Talos' ED25519 PRIVATE KEY label (relabelled for OpenSSL)", () => {
    expect(talosKeyPem).toContain('BEGIN ED25519 PRIVATE KEY');
    expect(() => mtlsChannelCredentials({ caPem, certPem: caPem, keyPem: talosKeyPem })).not.toThrow();
  });

  it('names the field and the fix for bad input', () => {
    expect(() => mtlsChannelCredentials({ caPem: '', certPem: caPem, keyPem: talosKeyPem })).toThrow(/caPem \(OS CA certificate\) is missing/);
    expect(() => mtlsChannelCredentials({ caPem: Buffer.from(caPem).toString('base64'), certPem: caPem, keyPem: talosKeyPem })).toThrow(/caPem .* is not PEM.*base64-decoded/);
    expect(() => mtlsChannelCredentials({ caPem, certPem: talosKeyPem, keyPem: talosKeyPem })).toThrow(/certPem .* holds a "ED25519 PRIVATE KEY" PEM block; expected CERTIFICATE/);
    expect(() => mtlsChannelCredentials({ caPem, certPem: caPem, keyPem: caPem })).toThrow(/keyPem \(client key\) cannot be loaded/);
  });

  it('validates client options at construction', () => {
    expect(() => new TalosClient({ endpoint: '', auth: { kind: 'maintenance' } })).toThrow(/endpoint is empty/);
    expect(() => new TalosClient({ endpoint: '127.0.0.1', auth: { kind: 'mtls', caPem: '', certPem: caPem, keyPem: talosKeyPem } })).toThrow(/caPem/);
    expect(() => TalosClient.maintenance('127.0.0.1', { node: ' ' })).toThrow(/node is empty/);
    const c = TalosClient.maintenance('127.0.0.1:50001', { node: '10.5.0.2' });
    expect(c.target).toBe('10.5.0.2');
    expect(c.isMaintenance).toBe(true);
    c.close();
  });
});
