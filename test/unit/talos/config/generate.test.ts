import {
  findDocument,
  generateMachineConfig,
  generateMachineConfigDocuments,
  MachineConfigInputError,
  parseMachineConfig,
  proxmoxProviderId,
  serializeMachineConfig,
  type ConfigObject,
  type MachineConfigInput,
} from '../../../../providers/machinery/config';
import { applyPatchStrings } from '../../../../providers/machinery/patch';
import { loadTestSecrets } from './support/fixtures';

const secrets = loadTestSecrets();
const base = (over: Partial<MachineConfigInput> = {}): MachineConfigInput => ({
  machineType: 'controlplane',
  clusterName: 'demo',
  endpoint: 'https://10.0.0.10:6443',
  secrets,
  ...over,
});

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');
const obj = (v: unknown): ConfigObject => v as ConfigObject;

describe('generateMachineConfig: control plane (contract v1.13)', () => {
  const [main, hostname] = generateMachineConfigDocuments(base());
  const machine = obj(main.machine);
  const cluster = obj(main.cluster);

  test('emits the v1alpha1 document and the HostnameConfig document', () => {
    expect(main.version).toBe('v1alpha1');
    expect(hostname).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  });

  test('carries every CA with its key, as base64 of the PEM text', () => {
    expect(machine.ca).toEqual({ crt: b64(secrets.certs.os.crt), key: b64(secrets.certs.os.key) });
    expect(cluster.ca).toEqual({ crt: b64(secrets.certs.k8s.crt), key: b64(secrets.certs.k8s.key) });
    expect(cluster.aggregatorCA).toEqual({ crt: b64(secrets.certs.k8sAggregator.crt), key: b64(secrets.certs.k8sAggregator.key) });
    expect(cluster.serviceAccount).toEqual({ key: b64(secrets.certs.k8sServiceAccount.key) });
    expect(obj(cluster.etcd).ca).toEqual({ crt: b64(secrets.certs.etcd.crt), key: b64(secrets.certs.etcd.key) });
    expect(cluster.secretboxEncryptionSecret).toBe(secrets.secrets.secretboxEncryptionSecret);
    expect(cluster.token).toBe(secrets.secrets.bootstrapToken);
    expect(machine.token).toBe(secrets.trustdInfo.token);
  });

  test('uses talosctl defaults: Kubernetes 1.36.3, /dev/sda, installer v1.13.9, default networks', () => {
    expect(obj(machine.kubelet).image).toBe('ghcr.io/siderolabs/kubelet:v1.36.3');
    expect(obj(cluster.apiServer).image).toBe('registry.k8s.io/kube-apiserver:v1.36.3');
    expect(machine.install).toEqual({ disk: '/dev/sda', image: 'ghcr.io/siderolabs/installer:v1.13.9', wipe: false, grubUseUKICmdline: true });
    expect(cluster.network).toEqual({ dnsDomain: 'cluster.local', podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] });
    expect(machine.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': '' });
  });

  test('an empty install disk/image is left out, as the Talos library does', () => {
    const [doc] = generateMachineConfigDocuments(base({ installDisk: '', installImage: '' }));
    expect(obj(doc.machine).install).toEqual({ wipe: false, grubUseUKICmdline: true });
  });

  test('additional SANs go to machine.certSANs and apiServer.certSANs', () => {
    const [doc] = generateMachineConfigDocuments(base({ additionalSans: ['10.0.0.5', 'k8s.example.com'] }));
    expect(obj(doc.machine).certSANs).toEqual(['10.0.0.5', 'k8s.example.com']);
    expect(obj(obj(doc.cluster).apiServer).certSANs).toEqual(['10.0.0.5', 'k8s.example.com']);
  });

  test('VIP becomes a Layer2VIPConfig document; providerID a kubelet flag; hostname and labels per node', () => {
    const providerId = proxmoxProviderId('6c3fa683-bef9-4425-b413-eaa45a9d6191');
    const docs = generateMachineConfigDocuments(base({ vip: { address: '10.0.0.5', link: 'eth0' }, providerId, hostname: 'cp-1', nodeLabels: { 'topology.kubernetes.io/zone': 'pve1' } }));
    expect(findDocument(docs, 'Layer2VIPConfig', '10.0.0.5')).toEqual({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '10.0.0.5', link: 'eth0' });
    expect(findDocument(docs, 'HostnameConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'cp-1' });
    const machine = obj(docs[0].machine);
    expect(obj(machine.kubelet).extraArgs).toEqual({ 'provider-id': 'proxmox://6c3fa683-bef9-4425-b413-eaa45a9d6191' });
    expect(machine.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': '', 'topology.kubernetes.io/zone': 'pve1' });
  });

  test('providerID can go to the KubeletConfiguration instead', () => {
    const [doc] = generateMachineConfigDocuments(base({ providerId: 'proxmox://6c3fa683-bef9-4425-b413-eaa45a9d6191', providerIdPlacement: 'extraConfig' }));
    expect(obj(obj(doc.machine).kubelet).extraConfig).toEqual({ providerID: 'proxmox://6c3fa683-bef9-4425-b413-eaa45a9d6191' });
  });

  test('contract v1.12 adds the machine.network placeholder; v1.13 does not', () => {
    const [v112] = generateMachineConfigDocuments(base({ contract: 'v1.12', kubernetesVersion: '1.35.4' }));
    const [v113] = generateMachineConfigDocuments(base());
    expect(obj(v112.machine).network).toEqual({});
    expect(obj(v113.machine).network).toBeUndefined();
    expect(generateMachineConfig(base({ contract: 'v1.12', kubernetesVersion: '1.35.4' }))).toMatch(/\n {4}network: \{\}\n {4}install:/);
  });

  test('KubeSpan is a KubeSpanConfig document', () => {
    const docs = generateMachineConfigDocuments(base({ kubeSpan: true }));
    expect(findDocument(docs, 'KubeSpanConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'KubeSpanConfig', enabled: true });
  });
});

describe('generateMachineConfig: worker', () => {
  const docs = generateMachineConfigDocuments(base({ machineType: 'worker' }));
  const text = serializeMachineConfig(docs);
  const machine = obj(docs[0].machine);
  const cluster = obj(docs[0].cluster);

  test('carries CA certificates only: every key is empty', () => {
    expect(machine.ca).toEqual({ crt: b64(secrets.certs.os.crt), key: '' });
    expect(cluster.ca).toEqual({ crt: b64(secrets.certs.k8s.crt), key: '' });
    expect(text).toContain('        key: ""\n');
  });

  test('has no control-plane secrets or components', () => {
    for (const key of ['secretboxEncryptionSecret', 'aggregatorCA', 'serviceAccount', 'apiServer', 'controllerManager', 'proxy', 'scheduler', 'etcd']) {
      expect(cluster[key]).toBeUndefined();
    }
    expect(machine.nodeLabels).toBeUndefined();
    expect(Object.keys(cluster)).toEqual(['id', 'secret', 'controlPlane', 'clusterName', 'network', 'token', 'ca', 'discovery']);
  });

  test('no private key of the bundle appears anywhere in the text', () => {
    const decoded = [...text.matchAll(/: ([A-Za-z0-9+/]{40,}={0,2})$/gm)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
    expect(decoded).toContain('BEGIN CERTIFICATE');
    expect(decoded).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toContain(secrets.secrets.secretboxEncryptionSecret);
  });

  test('per-node labels are allowed on workers', () => {
    const [doc] = generateMachineConfigDocuments(base({ machineType: 'worker', nodeLabels: { role: 'storage' } }));
    expect(obj(doc.machine).nodeLabels).toEqual({ role: 'storage' });
  });
});

describe('determinism', () => {
  test('the same input always gives identical text and documents', () => {
    const input = base({ additionalSans: ['a.example.com'], vip: { address: '10.0.0.5', link: 'eth0' } });
    expect(generateMachineConfig(input)).toBe(generateMachineConfig(input));
    expect(generateMachineConfigDocuments(input)).toEqual(generateMachineConfigDocuments(input));
  });

  test('generated text parses back to the same documents and re-encodes identically', () => {
    const text = generateMachineConfig(base({ hostname: 'cp-1', nodeLabels: { a: 'b' } }));
    const parsed = parseMachineConfig(text);
    expect(parsed).toEqual(generateMachineConfigDocuments(base({ hostname: 'cp-1', nodeLabels: { a: 'b' } })));
    expect(serializeMachineConfig(parsed)).toBe(text);
  });

  test('the caller may patch the object form before serialising', () => {
    const docs = generateMachineConfigDocuments(base());
    obj(docs[0].machine).install = { ...obj(obj(docs[0].machine).install), disk: '/dev/vda' };
    expect(serializeMachineConfig(docs)).toContain('        disk: /dev/vda\n');
  });
});

describe('input errors name the field', () => {
  test.each<[string, Partial<MachineConfigInput>, RegExp]>([
    ['http endpoint', { endpoint: 'http://10.0.0.10:6443' }, /^endpoint: "http:\/\/10\.0\.0\.10:6443" must use https:\/\//],
    ['endpoint without scheme', { endpoint: '10.0.0.10:6443' }, /^endpoint: "10\.0\.0\.10:6443" has no scheme; use https:\/\/10\.0\.0\.10:6443/],
    ['endpoint with a bad port', { endpoint: 'https://10.0.0.10:99999' }, /^endpoint: .* (invalid port|is not a valid URL)/],
    ['endpoint that is not a URL', { endpoint: 'https://' }, /^endpoint: /],
    ['bare IPv6 endpoint', { endpoint: 'https://fd00::1:6443' }, /^endpoint: /],
    ['Kubernetes too old', { kubernetesVersion: '1.30.0' }, /^kubernetesVersion: Kubernetes 1\.30\.0 is too old for Talos contract v1\.13/],
    ['Kubernetes too new', { kubernetesVersion: '1.37.1' }, /^kubernetesVersion: Kubernetes 1\.37\.1 is too new/],
    ['unknown contract', { contract: 'v1.14' }, /^contract: contract v1\.14 is not supported/],
    ['pod subnet not a CIDR', { podSubnets: ['10.244.0.0'] }, /^podSubnets\[0\]: "10\.244\.0\.0" is not a CIDR such as 10\.244\.0\.0\/16/],
    ['pod subnet with host bits', { podSubnets: ['10.244.1.0/16'] }, /^podSubnets\[0\]: "10\.244\.1\.0\/16" has host bits set; use 10\.244\.0\.0\/16/],
    ['service subnet prefix too long', { serviceSubnets: ['10.96.0.0/33'] }, /^serviceSubnets\[0\]: .*prefix length 33/],
    ['overlapping subnets', { podSubnets: ['10.0.0.0/8'], serviceSubnets: ['10.96.0.0/12'] }, /^serviceSubnets: 10\.96\.0\.0\/12 overlaps pod subnet 10\.0\.0\.0\/8/],
    ['two IPv4 pod subnets', { podSubnets: ['10.1.0.0/16', '10.2.0.0/16'] }, /^podSubnets: two CIDRs must be of different families/],
    ['bad DNS domain', { dnsDomain: 'Bad_Domain' }, /^dnsDomain: "Bad_Domain" is not a valid lowercase DNS name/],
    ['bad cluster name', { clusterName: 'Demo Cluster' }, /^clusterName: "Demo Cluster" must be 1-63 lowercase/],
    ['VIP on a worker', { machineType: 'worker', vip: { address: '10.0.0.5', link: 'eth0' } }, /^vip: a shared VIP is only allowed on control-plane nodes/],
    ['VIP that is not an IP', { vip: { address: 'vip.example.com', link: 'eth0' } }, /^vip\.address: "vip\.example\.com" is not an IP address/],
    ['bad providerID', { providerId: 'proxmox://100' }, /^providerId: "proxmox:\/\/100" must be proxmox:\/\/<SMBIOS uuid>/],
    ['bad hostname', { hostname: 'CP_1' }, /^hostname: "CP_1" must be a lowercase DNS name/],
    ['bad node label', { nodeLabels: { 'bad key!': 'x' } }, /^nodeLabels\.bad key!: is not a valid Kubernetes label key/],
    ['bad machine type', { machineType: 'init' as never }, /^machineType: "init" must be controlplane or worker/],
  ])('%s', (_name, over, message) => {
    expect(() => generateMachineConfig(base(over))).toThrow(message);
  });

  test('a bundle without the secretbox secret is rejected with the field name', () => {
    const old = { ...secrets, secrets: { bootstrapToken: secrets.secrets.bootstrapToken, aescbcEncryptionSecret: 'x' } };
    expect(() => generateMachineConfig(base({ secrets: old }))).toThrow(MachineConfigInputError);
    expect(() => generateMachineConfig(base({ secrets: old }))).toThrow(/^secrets\.secrets\.secretboxEncryptionSecret: missing from the secrets bundle/);
  });
});

describe('a 50-node cluster', () => {
  test('3 control planes and 47 workers with per-node hostname, providerID and patches', () => {
    const patch = ['machine:\n  install:\n    disk: /dev/vda\n  time:\n    servers: [10.0.0.1]'];
    const texts: string[] = [];
    for (let i = 0; i < 50; i++) {
      const machineType = i < 3 ? 'controlplane' : 'worker';
      const uuid = `6c3fa683-bef9-4425-b413-${String(i).padStart(12, '0')}`;
      const docs = generateMachineConfigDocuments(
        base({
          machineType,
          hostname: `${machineType === 'controlplane' ? 'cp' : 'worker'}-${i}`,
          providerId: proxmoxProviderId(uuid),
          ...(machineType === 'controlplane' ? { vip: { address: '10.0.0.5', link: 'eth0' } } : {}),
        }),
      );
      texts.push(serializeMachineConfig(applyPatchStrings(docs, patch)));
    }
    expect(new Set(texts).size).toBe(50);
    expect(texts.filter((t) => t.includes('kind: Layer2VIPConfig'))).toHaveLength(3);
    expect(texts.every((t) => t.includes('        disk: /dev/vda\n'))).toBe(true);
    expect(texts[49]).toContain('hostname: worker-49');
  });
});
