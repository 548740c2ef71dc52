import { X509Certificate } from 'node:crypto';
import { formatTalosconfig, generateTalosconfig, parseTalosconfig, selectTalosconfigContext } from '../../../../providers/machinery/clientconfig';
import { generateSecretsBundle, type SecretsBundle } from '../../../../providers/machinery/secrets';

jest.setTimeout(30_000);

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');
let bundle: SecretsBundle;
beforeAll(async () => {
  bundle = await generateSecretsBundle({ contract: { major: 1, minor: 6 } });
});

describe('generateTalosconfig', () => {
  it('writes one context named after the cluster in the talosctl layout', async () => {
    const text = await generateTalosconfig({ clusterName: 'lab', endpoints: ['10.0.0.11', '10.0.0.12'], nodes: ['10.0.0.11'], bundle });
    const ctx = parseTalosconfig(text).contexts.lab;
    expect(text).toBe(
      [
        'context: lab',
        'contexts:',
        '    lab:',
        '        endpoints:',
        '            - 10.0.0.11',
        '            - 10.0.0.12',
        '        nodes:',
        '            - 10.0.0.11',
        `        ca: ${b64(bundle.certs.os.crt)}`,
        `        crt: ${b64(ctx.crt ?? '')}`,
        `        key: ${b64(ctx.key ?? '')}`,
        '',
      ].join('\n'),
    );
  });

  it('embeds the os CA and a fresh admin certificate that chains to it', async () => {
    const config = parseTalosconfig(await generateTalosconfig({ clusterName: 'lab', endpoints: ['10.0.0.11'], bundle }));
    const ctx = selectTalosconfigContext(config);
    expect(ctx.ca).toBe(bundle.certs.os.crt);
    const cert = new X509Certificate(ctx.crt ?? '');
    expect(cert.verify(new X509Certificate(bundle.certs.os.crt).publicKey)).toBe(true);
    expect(cert.subject).toBe('O=os:admin');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(ctx.key?.startsWith('-----BEGIN ED25519 PRIVATE KEY-----\n')).toBe(true);
    expect(ctx.nodes).toBeUndefined();
  });

  it('writes `endpoints: []` when there are none and honours ttl/now', async () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const text = await generateTalosconfig({ clusterName: 'empty', endpoints: [], bundle, now, ttl: 7_200_000 });
    expect(text).toContain('\n    empty:\n        endpoints: []\n        ca: ');
    const cert = new X509Certificate(parseTalosconfig(text).contexts.empty.crt ?? '');
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-01-02T05:04:05.000Z');
  });

  it('rejects bad input, naming the field', async () => {
    await expect(generateTalosconfig({ clusterName: '', endpoints: [], bundle })).rejects.toThrow('clusterName: expected a non-empty string');
    await expect(generateTalosconfig({ clusterName: 'x', endpoints: '10.0.0.1' as never, bundle })).rejects.toThrow('endpoints: expected a list');
    await expect(generateTalosconfig({ clusterName: 'x', endpoints: ['ok', ''], bundle })).rejects.toThrow('endpoints[1]: expected a non-empty string');
  });
});

describe('parseTalosconfig / formatTalosconfig', () => {
  const ca = () => b64(bundle.certs.os.crt);
  const multi = () =>
    [
      'context: b',
      'contexts:',
      '    b:',
      '        target: 192.168.1.9',
      '        endpoints:',
      '            - 192.168.1.10',
      `        ca: ${ca()}`,
      '        cluster: lab',
      '        futurefield: ignored',
      '    a:',
      '        auth:',
      '            siderov1:',
      '                identity: me@example.com',
      '',
    ].join('\n');

  it('reads multiple contexts, appends the deprecated target to endpoints and ignores unknown fields (as talosctl)', () => {
    const config = parseTalosconfig(multi());
    expect(config.context).toBe('b');
    expect(config.contexts.b).toEqual({ endpoints: ['192.168.1.10', '192.168.1.9'], ca: bundle.certs.os.crt, cluster: 'lab' });
    expect(config.contexts.a).toEqual({ endpoints: [], auth: { siderov1: { identity: 'me@example.com' } } });
    expect(selectTalosconfigContext(config, 'a').auth?.siderov1?.identity).toBe('me@example.com');
  });

  it('formats contexts sorted by name with go-yaml omitempty rules, and round-trips', () => {
    const text = formatTalosconfig(parseTalosconfig(multi()));
    expect(text).toBe(
      [
        'context: b',
        'contexts:',
        '    a:',
        '        endpoints: []',
        '        auth:',
        '            siderov1:',
        '                identity: me@example.com',
        '    b:',
        '        endpoints:',
        '            - 192.168.1.10',
        '            - 192.168.1.9',
        `        ca: ${ca()}`,
        '        cluster: lab',
        '',
      ].join('\n'),
    );
    expect(formatTalosconfig(parseTalosconfig(text))).toBe(text);
  });

  it('accepts an empty file', () => {
    expect(parseTalosconfig('')).toEqual({ context: '', contexts: {} });
    expect(() => selectTalosconfigContext(parseTalosconfig(''))).toThrow('no current context');
  });

  it('names the bad field', () => {
    expect(() => parseTalosconfig('context: lab\ncontexts:\n    lab:\n        crt: "%%%"\n')).toThrow('contexts.lab.crt: not base64 of PEM text (is not valid standard base64)');
    expect(() => parseTalosconfig('context: nope\ncontexts:\n    lab: {}\n')).toThrow('context: "nope" is not defined under contexts (have: lab)');
    expect(() => parseTalosconfig('contexts:\n    lab:\n        endpoints: 10.0.0.1\n')).toThrow('contexts.lab.endpoints: expected a list of strings');
    expect(() => parseTalosconfig('contexts: [1]\n')).toThrow('contexts: expected a mapping');
    expect(() => parseTalosconfig('context: [\n')).toThrow(/^talosconfig: /);
    expect(() => selectTalosconfigContext(parseTalosconfig(multi()), 'zzz')).toThrow('talosconfig context "zzz" is not defined');
  });
});
