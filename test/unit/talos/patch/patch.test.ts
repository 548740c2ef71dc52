import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDocument, generateMachineConfigDocuments, serializeMachineConfig, type ConfigDocument, type ConfigObject } from '../../../../providers/machinery/config';
import { applyPatches, applyPatchStrings, JSON6902_MULTIDOC_MESSAGE, loadPatch, loadPatches, PatchApplyError, PatchLoadError } from '../../../../providers/machinery/patch';
import { loadTestSecrets } from '../config/support/fixtures';

const secrets = loadTestSecrets();
const controlPlane = (): ConfigDocument[] => generateMachineConfigDocuments({ machineType: 'controlplane', clusterName: 'demo', endpoint: 'https://10.0.0.10:6443', secrets });
const worker = (): ConfigDocument[] => generateMachineConfigDocuments({ machineType: 'worker', clusterName: 'demo', endpoint: 'https://10.0.0.10:6443', secrets });

const at = (doc: ConfigDocument | undefined, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as ConfigObject)[k] : undefined), doc);
const main = (docs: ConfigDocument[]): ConfigDocument => docs[0];
const patch = (docs: ConfigDocument[], ...texts: string[]): ConfigDocument[] =>
  applyPatches(
    docs,
    texts.map((t, i) => loadPatch(t, `p${i + 1}`)),
  );

describe('strategic merge (Talos merge rules)', () => {
  test.each<[string, string, string, unknown]>([
    ['scalars override', 'machine:\n  install:\n    disk: /dev/vda', 'machine.install.disk', '/dev/vda'],
    ['zero scalars do not override', 'machine:\n  install:\n    disk: ""', 'machine.install.disk', '/dev/sda'],
    ['explicitly set booleans override with false', 'machine:\n  kubelet:\n    defaultRuntimeSeccompProfileEnabled: false', 'machine.kubelet.defaultRuntimeSeccompProfileEnabled', false],
    ['lists append', 'machine:\n  certSANs: [a.example.com]\ncluster:\n  apiServer:\n    certSANs: [b.example.com]', 'cluster.apiServer.certSANs', ['b.example.com']],
    ['podSubnets are replaced', 'cluster:\n  network:\n    podSubnets: [10.1.0.0/16]', 'cluster.network.podSubnets', ['10.1.0.0/16']],
    ['serviceSubnets are replaced', 'cluster:\n  network:\n    serviceSubnets: [10.2.0.0/16]', 'cluster.network.serviceSubnets', ['10.2.0.0/16']],
    [
      'auditPolicy is replaced',
      'cluster:\n  apiServer:\n    auditPolicy:\n      apiVersion: audit.k8s.io/v1\n      kind: Policy\n      rules:\n        - level: None',
      'cluster.apiServer.auditPolicy',
      { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'None' }] },
    ],
    ['maps merge per key', 'machine:\n  nodeLabels:\n    zone: a', 'machine.nodeLabels', { 'node.kubernetes.io/exclude-from-external-load-balancers': '', zone: 'a' }],
    ['new sections are added', 'cluster:\n  proxy:\n    disabled: true\n  network:\n    cni:\n      name: none', 'cluster.network.cni', { name: 'none' }],
  ])('%s', (_name, text, path, expected) => {
    expect(at(main(patch(controlPlane(), text)), path)).toEqual(expected);
  });

  test('admission plugins merge by name: PodSecurity defaults change, exemptions lists append', () => {
    const docs = patch(
      controlPlane(),
      'cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n          defaults:\n            enforce: privileged\n          exemptions:\n            namespaces: [metallb-system]',
    );
    const plugins = at(main(docs), 'cluster.apiServer.admissionControl') as ConfigObject[];
    expect(plugins).toHaveLength(1);
    expect(at(plugins[0], 'configuration.defaults.enforce')).toBe('privileged');
    expect(at(plugins[0], 'configuration.defaults.warn')).toBe('restricted');
    expect(at(plugins[0], 'configuration.exemptions.namespaces')).toEqual(['kube-system', 'metallb-system']);
  });

  test('network interfaces merge by interface name and VLANs by id; extraArgs values are replaced per key', () => {
    const docs = patch(
      worker(),
      'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses: [10.0.0.21/24]\n        vlans:\n          - vlanId: 10\n            addresses: [10.10.0.21/24]\n  kubelet:\n    extraArgs:\n      node-labels: [a=b]\n      max-pods: "100"',
      'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        mtu: 9000\n        vlans:\n          - vlanId: 10\n            mtu: 1500\n      - interface: eth1\n        dhcp: true\n  kubelet:\n    extraArgs:\n      node-labels: c=d',
    );
    const interfaces = at(main(docs), 'machine.network.interfaces') as ConfigObject[];
    expect(interfaces).toEqual([
      { interface: 'eth0', addresses: ['10.0.0.21/24'], vlans: [{ addresses: ['10.10.0.21/24'], vlanId: 10, mtu: 1500 }], mtu: 9000 },
      { interface: 'eth1', dhcp: true },
    ]);
    expect(at(main(docs), 'machine.kubelet.extraArgs')).toEqual({ 'node-labels': 'c=d', 'max-pods': '100' });
  });

  test('documents are matched by apiVersion/kind(/name); unmatched documents are appended', () => {
    const docs = patch(
      controlPlane(),
      'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: off\nhostname: cp-1\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nmtu: 9000',
      'apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\naddresses:\n  - address: 10.0.0.21/24\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth1\nup: true',
    );
    expect(docs.map((d) => `${String(d.kind ?? 'v1alpha1')}${d.name ? `/${String(d.name)}` : ''}`)).toEqual(['v1alpha1', 'HostnameConfig', 'LinkConfig/eth0', 'LinkConfig/eth1']);
    expect(findDocument(docs, 'HostnameConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'cp-1' });
    expect(findDocument(docs, 'LinkConfig', 'eth0')).toEqual({ apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'eth0', mtu: 9000, addresses: [{ address: '10.0.0.21/24' }] });
  });

  test('free-form maps merge recursively and reject a type change', () => {
    const docs = patch(worker(), 'machine:\n  kubelet:\n    extraConfig:\n      maxPods: 200\n      evictionHard:\n        memory.available: 100Mi');
    expect(at(main(patch(docs, 'machine:\n  kubelet:\n    extraConfig:\n      evictionHard:\n        nodefs.available: 10%')), 'machine.kubelet.extraConfig')).toEqual({
      maxPods: 200,
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' },
    });
    expect(() => patch(docs, 'machine:\n  kubelet:\n    extraConfig:\n      maxPods: lots')).toThrow('patch p1: machine.kubelet.extraConfig.maxPods: merge type mismatch left int right string');
  });

  test('the input documents are not modified', () => {
    const docs = controlPlane();
    const before = serializeMachineConfig(docs);
    patch(docs, 'machine:\n  install:\n    disk: /dev/vda', 'apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete');
    expect(serializeMachineConfig(docs)).toBe(before);
  });
});

describe('$patch: delete', () => {
  test('deletes a key', () => {
    const docs = patch(controlPlane(), 'machine:\n  features:\n    hostDNS:\n      $patch: delete\ncluster:\n  discovery:\n    $patch: delete');
    expect(at(main(docs), 'machine.features.hostDNS')).toBeUndefined();
    expect(at(main(docs), 'machine.features.kubePrism')).toEqual({ enabled: true, port: 7445 });
    expect(at(main(docs), 'cluster.discovery')).toBeUndefined();
  });

  test('deletes a map entry and merges the rest of the same patch', () => {
    const docs = patch(controlPlane(), 'machine:\n  nodeLabels:\n    node.kubernetes.io/exclude-from-external-load-balancers:\n      $patch: delete\n  install:\n    disk: /dev/vda');
    expect(at(main(docs), 'machine.nodeLabels')).toEqual({});
    expect(serializeMachineConfig(docs)).not.toContain('nodeLabels');
    expect(at(main(docs), 'machine.install.disk')).toBe('/dev/vda');
  });

  test('deletes a document', () => {
    const docs = patch(controlPlane(), 'apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete');
    expect(docs).toHaveLength(1);
    expect(serializeMachineConfig(docs)).not.toContain('---');
  });

  test('deletes a list element selected by a field', () => {
    const base = patch(worker(), 'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        dhcp: true\n      - interface: eth1\n        dhcp: true');
    const docs = patch(base, 'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete');
    expect(at(main(docs), 'machine.network.interfaces')).toEqual([{ interface: 'eth1', dhcp: true }]);
  });

  test.each<[string, string, string]>([
    ['the v1alpha1 document cannot be deleted', 'version: v1alpha1\n$patch: delete', 'missing apiVersion in document for which $patch: delete is used'],
    [
      'a missing path is an error',
      'machine:\n  network:\n    hostname:\n      $patch: delete',
      "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed",
    ],
    ['a missing map key is an error', 'machine:\n  sysctls:\n    foo:\n      $patch: delete', "failed to delete path 'machine.sysctls.foo': lookup failed"],
    [
      'keys below a list element cannot be deleted',
      'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        mtu:\n          $patch: delete',
      "cannot delete an inner key in 'machine.network.interfaces.[0].mtu'",
    ],
    ['string list items cannot be selected', 'machine:\n  certSANs:\n    - $patch: delete\n      x: y', "patch delete: path 'machine.certSANs.[0]'"],
    [
      'an absent document cannot be deleted',
      'apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.0.0.5\n$patch: delete',
      'patch delete: document Layer2VIPConfig/10.0.0.5 is not in the configuration',
    ],
  ])('%s', (_name, text, message) => {
    expect(() => patch(controlPlane(), text)).toThrow(message);
  });
});

describe('JSON 6902 patches', () => {
  test('are rejected on multi-document configs, as by Talos', () => {
    const ops = '[{"op": "add", "path": "/machine/install/disk", "value": "/dev/vda"}]';
    expect(() => patch(controlPlane(), ops)).toThrow(PatchApplyError);
    expect(() => patch(controlPlane(), ops)).toThrow(`patch p1: ${JSON6902_MULTIDOC_MESSAGE}`);
    expect(() => patch(controlPlane(), '- op: add\n  path: /machine/install/disk\n  value: /dev/vda')).toThrow(JSON6902_MULTIDOC_MESSAGE);
  });

  test('apply to a single-document config, addressing the serialised form', () => {
    const single = patch(controlPlane(), 'apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete');
    const docs = patch(
      single,
      JSON.stringify([
        { op: 'add', path: '/machine/certSANs/-', value: 'x.example.com' },
        { op: 'replace', path: '/machine/install/disk', value: '/dev/vda' },
        { op: 'remove', path: '/machine/features/kubePrism' },
        { op: 'copy', from: '/cluster/clusterName', path: '/machine/nodeLabels/cluster' },
        { op: 'test', path: '/cluster/controlPlane/endpoint', value: 'https://10.0.0.10:6443' },
      ]),
    );
    expect(at(main(docs), 'machine.certSANs')).toEqual(['x.example.com']);
    expect(at(main(docs), 'machine.install.disk')).toBe('/dev/vda');
    expect(at(main(docs), 'machine.features.kubePrism')).toBeUndefined();
    expect(at(main(docs), 'machine.nodeLabels.cluster')).toBe('demo');
  });

  test('failing operations and results Talos cannot decode are errors naming the patch and path', () => {
    const single = patch(controlPlane(), 'apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete');
    expect(() => patch(single, '[{"op": "replace", "path": "/machine/nope", "value": 1}]')).toThrow(
      'patch p1: failure applying rfc6902 patches to talos machine config: operation 0 (replace /machine/nope): doc is missing path: "/machine/nope"',
    );
    expect(() => patch(single, '[{"op": "test", "path": "/cluster/clusterName", "value": "other"}]')).toThrow('testing value /cluster/clusterName failed');
    expect(() => patch(single, '[{"op": "add", "path": "/machine/bogus", "value": 1}]')).toThrow('patch p1: machine.bogus: line 0: field bogus not found in type v1alpha1.MachineConfig');
  });

  test('consecutive JSON patches are concatenated into one', () => {
    const patches = loadPatches(['[{"op": "add", "path": "/a", "value": 1}]', '- op: remove\n  path: /b', 'machine:\n  install:\n    disk: /dev/vda']);
    expect(patches.map((p) => p.type)).toEqual(['json6902', 'strategic']);
    expect(patches[0].type === 'json6902' && patches[0].operations.map((o) => o.op)).toEqual(['add', 'remove']);
  });
});

describe('loading patches', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptc-patch-'));
  writeFileSync(join(dir, 'disk.yaml'), 'machine:\n  install:\n    disk: /dev/nvme0n1\n');

  test('@file and a bare file name are read from disk', () => {
    expect(at(main(applyPatchStrings(controlPlane(), [`@${join(dir, 'disk.yaml')}`])), 'machine.install.disk')).toBe('/dev/nvme0n1');
    expect(at(main(applyPatchStrings(controlPlane(), [join(dir, 'disk.yaml')])), 'machine.install.disk')).toBe('/dev/nvme0n1');
  });

  test.each<[string, string, RegExp]>([
    ['a missing file', `@${join(dir, 'missing.yaml')}`, /^patch .*missing\.yaml: cannot read patch file: ENOENT/],
    ['an unknown field', 'machine:\n  foo: bar', /^patch #1 \(inline\): machine\.foo: line 2: field foo not found in type v1alpha1\.MachineConfig/],
    ['a wrongly typed value', 'machine:\n  install:\n    wipe: maybe', /machine\.install\.wipe: line 3: cannot unmarshal !!str `maybe` into bool/],
    ['an unknown document kind', 'apiVersion: v1alpha1\nkind: FooConfig\nname: x', /unknown document type "FooConfig"/],
    ['a document without apiVersion', 'kind: LinkConfig\nname: eth0\nmtu: 1500', /missing apiVersion/],
    [
      'the same document twice',
      'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: off\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable',
      /duplicate document v1alpha1\/HostnameConfig is not allowed/,
    ],
    ['broken JSON', '[{"op": "add",', /invalid JSON patch/],
    ['an unknown JSON patch op', '[{"op": "merge", "path": "/a"}]', /unexpected kind of operation "merge"/],
    ['an empty patch', '   ', /the patch is empty/],
  ])('%s is rejected', (_name, value, message) => {
    expect(() => loadPatches([value])).toThrow(PatchLoadError);
    expect(() => loadPatches([value])).toThrow(message);
  });

  test('conflicting documents are rejected after merging', () => {
    expect(() =>
      patch(controlPlane(), 'apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.0.0.5\nlink: eth0', 'apiVersion: v1alpha1\nkind: HCloudVIPConfig\nname: 10.0.0.5\nlink: eth0\napiToken: t'),
    ).toThrow('patch p2: conflicting documents: Layer2VIPConfig/10.0.0.5 and HCloudVIPConfig/10.0.0.5');
  });
});
