import { ConfigDecodeError, encodeMachineConfig, parseMachineConfig } from '../../../../providers/machinery/config';

describe('decoding and encoding with Talos (Go) semantics', () => {
  test('the legacy document is recognised by its keys and always encoded first', () => {
    const docs = parseMachineConfig('apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n---\nmachine:\n  type: worker\n');
    expect(docs).toEqual([{ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' }, { machine: { type: 'worker' } }]);
    expect(encodeMachineConfig(docs)).toBe('version: ""\nmachine:\n    type: worker\n    token: ""\n    certSANs: []\ncluster: null\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n');
  });

  test('zero values of plain fields are dropped; explicitly set pointer fields are kept', () => {
    const [doc] = parseMachineConfig('machine:\n  install:\n    disk: ""\n    wipe: false\n    legacyBIOSSupport: false\n  certSANs: []\n');
    expect(doc).toEqual({ machine: { install: { wipe: false, legacyBIOSSupport: false } } });
  });

  test('durations, file modes and base64 are normalised as Go prints them', () => {
    const [doc] = parseMachineConfig(
      'version: v1alpha1\ncluster:\n  adminKubeconfig:\n    certLifetime: 90m\nmachine:\n  files:\n    - content: x\n      permissions: 0o644\n      path: /var/f\n      op: create\n  ca:\n    crt: "YWJj"\n',
    );
    const text = encodeMachineConfig([doc]);
    expect(text).toContain('certLifetime: 1h30m0s');
    expect(text).toContain('permissions: 0o644');
    expect(text).toContain('crt: YWJj');
  });

  test.each<[string, string, RegExp]>([
    ['an unknown field', 'machine:\n  kubelet:\n    imag: x\n', /^machine\.kubelet\.imag: line 3: field imag not found in type v1alpha1\.KubeletConfig/],
    ['a list where a map is expected', 'machine:\n  nodeLabels: [a]\n', /^machine\.nodeLabels: line 2: cannot unmarshal !!seq into a map/],
    ['a string for an integer', 'cluster:\n  controlPlane:\n    localAPIServerPort: high\n', /localAPIServerPort: line 3: cannot unmarshal !!str `high` into int/],
    ['an invalid duration', 'cluster:\n  adminKubeconfig:\n    certLifetime: forever\n', /certLifetime: line 3: cannot unmarshal !!str `forever` into duration/],
    ['invalid base64', 'machine:\n  ca:\n    crt: "not base64!"\n', /machine\.ca\.crt: line 3: illegal base64 data/],
    ['an unknown kind', 'apiVersion: v1alpha1\nkind: Nope\n', /unknown document type "Nope" with apiVersion "v1alpha1"/],
    ['a wrong apiVersion', 'apiVersion: v1alpha2\nkind: HostnameConfig\nauto: stable\n', /unknown document type "HostnameConfig" with apiVersion "v1alpha2"/],
    ['a duplicate key', 'machine:\n  type: worker\n  type: controlplane\n', /yaml: line \d+: Map keys must be unique/],
  ])('%s is an error naming the path', (_name, text, message) => {
    expect(() => parseMachineConfig(text)).toThrow(message);
  });

  test('decode errors carry the path', () => {
    try {
      parseMachineConfig('machine:\n  features:\n    kubePrism:\n      port: x\n');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigDecodeError);
      expect((err as ConfigDecodeError).path).toBe('machine.features.kubePrism.port');
    }
  });
});
