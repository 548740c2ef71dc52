import 'reflect-metadata';
import * as peculiar from '@peculiar/x509';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { certificateInfo, createSelfSignedCertificate, generateKeyPair, issueCertificate, loadPrivateKey, toNodeTlsKeyPem } from '../../../../providers/pki';
import { issueAdminClientCertificate, TALOS_API_CLIENT_CERT_VALIDITY_MS } from '../../../../providers/machinery/clientconfig';
import { generateSecretsBundle, type SecretsBundle } from '../../../../providers/machinery/secrets';

jest.setTimeout(30_000);

const now = new Date('2026-06-07T08:09:10.000Z');
let bundle: SecretsBundle;
beforeAll(async () => {
  bundle = await generateSecretsBundle({ contract: { major: 1, minor: 6 }, now }); // os CA is the same for every contract
});

describe('issueAdminClientCertificate', () => {
  it('issues an Ed25519 os:admin client certificate signed by the os CA, valid 8760h from now', async () => {
    const client = await issueAdminClientCertificate(bundle, { now });
    const cert = new X509Certificate(client.crt);
    const ca = new X509Certificate(bundle.certs.os.crt);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('O=os:admin');
    expect(cert.issuer).toBe('O=talos');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // EKU exactly clientAuth: apid rejects anything else
    expect(cert.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 8760 * 3_600_000);
    expect(TALOS_API_CLIENT_CERT_VALIDITY_MS).toBe(8760 * 3_600_000);

    expect(client.key.startsWith('-----BEGIN ED25519 PRIVATE KEY-----\n')).toBe(true);
    expect(cert.checkPrivateKey(loadPrivateKey(client.key).privateKey)).toBe(true);
  });

  it('has KU digitalSignature only (critical), AKI = os CA SKI, and neither BasicConstraints nor SKI', async () => {
    const client = await issueAdminClientCertificate(bundle, { now });
    const parsed = new peculiar.X509Certificate(client.crt);
    expect(parsed.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.15', true],
      ['2.5.29.37', false],
      ['2.5.29.35', false],
    ]);
    const info = certificateInfo(client.crt);
    expect(info.keyUsages).toEqual(['digitalSignature']);
    expect(info.extendedKeyUsages).toEqual(['clientAuth']);
    expect(info.authorityKeyId).toBe(certificateInfo(bundle.certs.os.crt).subjectKeyId);
    expect(info.subject).toEqual({ organization: ['os:admin'] });
    expect(BigInt(`0x${info.serialNumber}`)).toBeLessThan(1n << 128n);
  });

  it('takes a TTL and a role set (trimmed, de-duplicated, sorted like role.Set)', async () => {
    const client = await issueAdminClientCertificate(bundle, { now, ttl: 3_600_000, roles: ['os:reader', ' os:etcd:backup', 'os:reader', ''] });
    const cert = new X509Certificate(client.crt);
    expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(3_600_000);
    expect(certificateInfo(client.crt).subject.organization.slice().sort()).toEqual(['os:etcd:backup', 'os:reader']);
  });

  it('follows the CA key kind: any ECDSA CA gets an ECDSA P-256 client key (siderolabs/crypto)', async () => {
    const caKey = await generateKeyPair('ecdsa-p384');
    const crt = await createSelfSignedCertificate(
      { subject: { organization: ['talos'] }, notBefore: now, notAfter: new Date(now.getTime() + 3_600_000_000), isCa: true, keyUsages: ['certSign', 'digitalSignature'] },
      caKey,
    );
    const client = await issueAdminClientCertificate({ certs: { os: { crt, key: caKey.privateKeyPem('sec1') } } }, { now });
    expect(client.key.startsWith('-----BEGIN EC PRIVATE KEY-----\n')).toBe(true);
    expect(createPrivateKey(client.key).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new X509Certificate(client.crt).verify(caKey.publicKey)).toBe(true);
  });

  it('rejects bad input, naming the field', async () => {
    await expect(issueAdminClientCertificate({ certs: { os: { crt: '', key: '' } } })).rejects.toThrow('bundle.certs.os');
    await expect(issueAdminClientCertificate(bundle, { ttl: 0 })).rejects.toThrow('ttl:');
    await expect(issueAdminClientCertificate(bundle, { roles: [' '] })).rejects.toThrow('roles: at least one role');
    await expect(issueAdminClientCertificate(bundle, { now: new Date('x') })).rejects.toThrow('now: expected a valid Date');
    const broken = { certs: { os: { crt: bundle.certs.os.crt, key: 'nope' } } };
    await expect(issueAdminClientCertificate(broken)).rejects.toThrow('bundle.certs.os.key: not a valid private key');
  });
});

describe('mutual TLS with the os CA (what apid does)', () => {
  async function handshake(clientCrt: string, clientKey: string): Promise<{ authorized: boolean; organization?: string | string[] }> {
    const serverKey = await generateKeyPair('ed25519');
    const serverCrt = await issueCertificate(
      {
        subject: { commonName: 'node-1' },
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 3_600_000),
        keyUsages: ['digitalSignature'],
        extendedKeyUsages: ['serverAuth'],
        ipAddresses: ['127.0.0.1'],
      },
      serverKey,
      { certPem: bundle.certs.os.crt, keyPem: bundle.certs.os.key },
    );
    const server = createServer({
      key: serverKey.privateKeyPem('pkcs8'),
      cert: serverCrt,
      ca: bundle.certs.os.crt,
      requestCert: true,
      rejectUnauthorized: false,
    });
    const seen = new Promise<{ authorized: boolean; organization?: string | string[] }>((resolve) => {
      server.on('secureConnection', (socket: TLSSocket) => {
        resolve({ authorized: socket.authorized, organization: socket.getPeerCertificate().subject?.O });
        socket.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const client = connect({ host: '127.0.0.1', port, ca: bundle.certs.os.crt, cert: clientCrt, key: toNodeTlsKeyPem(clientKey), servername: '' });
    client.on('error', () => undefined);
    try {
      return await seen;
    } finally {
      client.destroy();
      server.close();
    }
  }

  it('an admin certificate (key relabelled for OpenSSL) is accepted and carries os:admin', async () => {
    const client = await issueAdminClientCertificate(bundle);
    await expect(handshake(client.crt, client.key)).resolves.toEqual({ authorized: true, organization: 'os:admin' });
  });

  it('a certificate from another cluster is not authorized', async () => {
    const other = await generateSecretsBundle({ contract: { major: 1, minor: 6 } });
    const client = await issueAdminClientCertificate(other);
    await expect(handshake(client.crt, client.key)).resolves.toMatchObject({ authorized: false });
  });
});
