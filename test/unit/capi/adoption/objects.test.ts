import { parse } from 'yaml';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import type { KubeObject } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects, clusterObject, templateNames, withOwners, type AdoptionPlan, type DesiredObject } from '../../../../providers/capi/adoption/objects';
import { parseSecretsYaml, formatSecretsYaml } from '../../../../providers/machinery/secrets';
import { parseTalosconfig } from '../../../../providers/machinery/clientconfig';
import { clusterFixture } from './fixtures';

let input: AdoptionInput;
let plan: AdoptionPlan;

beforeAll(async () => {
  input = validateAdoptionInput((await clusterFixture()).raw);
  plan = buildAdoptionObjects(input);
}, 60_000);

const id = (d: DesiredObject) => `${d.object.kind}/${d.object.metadata.name}`;
const find = (kind: string, name: string): DesiredObject => {
  const d = plan.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
  if (!d) throw new Error(`no ${kind} ${name} in the plan`);
  return d;
};
const spec = (d: DesiredObject) => d.object.spec as Record<string, any>;
const decode = (o: KubeObject, key: string) => Buffer.from((o.data as Record<string, string>)[key], 'base64').toString('utf8');

const ADOPTED_IPS = ['10.10.0.11', '10.10.0.12', '10.10.0.13', '10.10.0.21', '10.10.0.22'];

describe('buildAdoptionObjects', () => {
  test('creates every object of the recipe in its order (spec §7.2)', () => {
    const t = templateNames(input);
    expect(plan.objects.map((d) => `${d.step} ${id(d)}`)).toEqual([
      'namespace Namespace/lab-capi',
      'cluster Cluster/lab',
      'secrets Secret/lab-talos',
      'secrets Secret/lab-ca',
      'secrets Secret/lab-talosconfig',
      'secrets Secret/lab-proxmox-credentials',
      'secrets Secret/talos-cp-1-bootstrap-data',
      'secrets Secret/talos-cp-2-bootstrap-data',
      'secrets Secret/talos-cp-3-bootstrap-data',
      'secrets Secret/talos-worker-1-bootstrap-data',
      'secrets Secret/talos-worker-2-bootstrap-data',
      'infrastructure ProxmoxCluster/lab',
      `infrastructure ProxmoxMachineTemplate/${t.controlPlane}`,
      `infrastructure ProxmoxMachineTemplate/${t.worker}`,
      `infrastructure TalosConfigTemplate/${t.talosConfig}`,
      'control-plane TalosControlPlane/lab-cp',
      'control-plane Secret/lab-kubeconfig',
      'control-plane-machines Machine/talos-cp-1',
      'control-plane-machines ProxmoxMachine/talos-cp-1',
      'control-plane-machines Machine/talos-cp-2',
      'control-plane-machines ProxmoxMachine/talos-cp-2',
      'control-plane-machines Machine/talos-cp-3',
      'control-plane-machines ProxmoxMachine/talos-cp-3',
      'workers MachineDeployment/lab-md-0',
      'workers MachineSet/lab-md-0-adopt',
      'workers Machine/talos-worker-1',
      'workers ProxmoxMachine/talos-worker-1',
      'workers Machine/talos-worker-2',
      'workers ProxmoxMachine/talos-worker-2',
      'ipam InClusterIPPool/lab-v4-icip',
      ...['talos-cp-1', 'talos-cp-2', 'talos-cp-3', 'talos-worker-1', 'talos-worker-2'].flatMap((n) => [`ipam IPAddress/${n}-net0-00-inet`, `ipam IPAddressClaim/${n}-net0-00-inet`]),
    ]);
    expect(t.controlPlane).toMatch(/^lab-cp-[0-9a-f]{8}$/);
    expect(t.worker).toMatch(/^lab-md-0-[0-9a-f]{8}$/);
    // Every owner is created before what it owns.
    const seen = new Set<string>();
    for (const d of plan.objects) {
      for (const o of d.owners) expect(seen).toContain(`${o.kind}/${o.name}`);
      seen.add(id(d));
    }
  });

  test('the Cluster is created paused and unpausing drops the field', () => {
    const cluster = find('Cluster', 'lab').object;
    expect(cluster.spec).toEqual({
      paused: true,
      clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] }, services: { cidrBlocks: ['10.96.0.0/12'] }, serviceDomain: 'cluster.local' },
      controlPlaneEndpoint: { host: '10.10.0.10', port: 6443 },
      infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxCluster', name: 'lab' },
      controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'TalosControlPlane', name: 'lab-cp' },
    });
    expect(cluster.metadata.annotations).toEqual({ 'proxmox-talos-capi.local/adoption-phase': 'adopting' });
    const adopted = clusterObject(input, 'adopted');
    expect(adopted.spec).not.toHaveProperty('paused');
    expect(adopted.metadata.annotations).toEqual({ 'proxmox-talos-capi.local/adoption-phase': 'adopted' });
  });

  test('secrets: the bundle CABPT reads, the Kubernetes CA, the talosconfig, owned by the Cluster', () => {
    const talos = find('Secret', 'lab-talos');
    expect(parseSecretsYaml(decode(talos.object, 'bundle'))).toEqual(input.bundle);
    expect(decode(talos.object, 'bundle')).toBe(formatSecretsYaml(input.bundle));
    const ca = find('Secret', 'lab-ca').object;
    expect(decode(ca, 'tls.crt')).toBe(input.bundle.certs.k8s.crt);
    expect(decode(ca, 'tls.key')).toBe(input.bundle.certs.k8s.key);
    // The input's talosconfig with the control-plane IPs as endpoints (CABPT's layout), kept true.
    const tc = parseTalosconfig(decode(find('Secret', 'lab-talosconfig').object, 'talosconfig'));
    const given = parseTalosconfig(input.talosconfig);
    expect(tc).toEqual({ ...given, contexts: { lab: { ...given.contexts.lab, endpoints: ['10.10.0.11', '10.10.0.12', '10.10.0.13'] } } });
    expect(find('Secret', 'lab-talosconfig').createOnly).toBe(true);
    expect(find('Secret', 'lab-talosconfig').keep).toEqual({ talosconfigEndpoints: ['10.10.0.11', '10.10.0.12', '10.10.0.13'] });
    const creds = find('Secret', 'lab-proxmox-credentials').object;
    expect(['url', 'token', 'secret'].map((k) => decode(creds, k))).toEqual(['https://pve.example.com:8006', 'capmox@pve!capi', 'token-secret-value']);
    expect(creds.metadata.labels).toMatchObject({ 'platform.ionos.com/secret-type': 'proxmox-credentials' });
    expect(decode(find('Secret', 'talos-cp-2-bootstrap-data').object, 'value')).toMatch(/^# Machine talos-cp-2 of cluster lab was provisioned by Terraform/);
    for (const d of plan.objects.filter((o) => o.object.kind === 'Secret' && o.object.metadata.name !== 'lab-kubeconfig')) {
      expect(d.object.metadata.labels).toMatchObject({ 'cluster.x-k8s.io/cluster-name': 'lab', 'proxmox-talos-capi.local/adoption': 'lab' });
      expect(d.owners).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', name: 'lab', controller: true }]);
    }
  });

  test('ProxmoxCluster carries the disjoint range, DNS, allowed nodes and the credentials reference', () => {
    expect(spec(find('ProxmoxCluster', 'lab'))).toEqual({
      controlPlaneEndpoint: { host: '10.10.0.10', port: 6443 },
      allowedNodes: ['pve1', 'pve2', 'pve3'],
      ipv4Config: { addresses: [...ADOPTED_IPS, '10.10.0.100-10.10.0.150'], prefix: 24, gateway: '10.10.0.1', metric: 100 },
      dnsServers: ['10.10.0.1'],
      credentialsRef: { name: 'lab-proxmox-credentials', namespace: 'lab-capi' },
    });
  });

  test('TalosControlPlane: exact replicas and version, OnDelete, CP patches, hostname from the infrastructure name', () => {
    const tcp = find('TalosControlPlane', 'lab-cp');
    expect(spec(tcp)).toEqual({
      replicas: 3,
      version: 'v1.36.3',
      infrastructureTemplate: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2', kind: 'ProxmoxMachineTemplate', name: templateNames(input).controlPlane, namespace: 'lab-capi' },
      controlPlaneConfig: {
        controlplane: {
          generateType: 'controlplane',
          talosVersion: 'v1.13',
          strategicPatches: [...input.patches.common, ...input.patches.controlPlane],
          hostname: { source: 'InfrastructureName' },
        },
      },
      rolloutStrategy: { type: 'OnDelete' },
    });
    expect(tcp.object.metadata.labels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'lab', 'proxmox-talos-capi.local/adoption': 'lab' });
    expect(tcp.owners).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', name: 'lab', controller: true }]);
  });

  test('adopted control planes: ProxmoxMachine pins the VM, Machine is owned by the TCP with bootstrap data only', () => {
    const pm = find('ProxmoxMachine', 'talos-cp-2');
    expect(pm.lifecycle).toBe('seed');
    expect(pm.object.metadata.labels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '', 'proxmox-talos-capi.local/adoption': 'lab' });
    expect(pm.object.metadata.annotations).toBeUndefined();
    expect(spec(pm)).toMatchObject({
      sourceNode: 'pve2',
      templateID: 9000,
      virtualMachineID: 202,
      providerID: 'proxmox://4a3e5e1c-0000-4000-8000-000000000012',
      allowedNodes: ['pve1', 'pve2', 'pve3'],
      network: { networkDevices: [{ name: 'net0', bridge: 'vmbr0', model: 'virtio', defaultIPv4: true }] },
      checks: { skipCloudInitStatus: true, skipQemuGuestAgent: true },
    });
    const machine = find('Machine', 'talos-cp-2');
    expect(spec(machine)).toEqual({
      clusterName: 'lab',
      version: 'v1.36.3',
      bootstrap: { dataSecretName: 'talos-cp-2-bootstrap-data' },
      infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxMachine', name: 'talos-cp-2' },
      providerID: 'proxmox://4a3e5e1c-0000-4000-8000-000000000012',
    });
    expect(machine.owners).toEqual([{ apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3', kind: 'TalosControlPlane', name: 'lab-cp', controller: true }]);
  });

  test('workers, option A: the MachineSet carries the MachineDeployment template verbatim plus the hash label', () => {
    const md = find('MachineDeployment', 'lab-md-0');
    const ms = find('MachineSet', 'lab-md-0-adopt');
    const labels = { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/deployment-name': 'lab-md-0' };
    const hashed = { ...labels, 'machine-template-hash': 'adopted' };
    expect(spec(md).selector).toEqual({ matchLabels: labels });
    expect(spec(md).template.metadata).toEqual({ labels });
    expect(spec(md).replicas).toBe(2);
    expect(spec(md).rollout).toEqual({ strategy: { type: 'OnDelete' } });
    expect(spec(md).template.spec.bootstrap).toEqual({ configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfigTemplate', name: templateNames(input).talosConfig } });
    expect(spec(ms).template.spec).toEqual(spec(md).template.spec);
    expect(spec(ms).template.metadata).toEqual({ labels: hashed });
    expect(spec(ms).selector).toEqual({ matchLabels: hashed });
    expect(spec(ms).replicas).toBe(2);
    expect(ms.object.metadata.labels).toEqual({ ...hashed, 'proxmox-talos-capi.local/adoption': 'lab' });
    expect(ms.owners).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'MachineDeployment', name: 'lab-md-0', controller: true }]);
    const machine = find('Machine', 'talos-worker-1');
    expect(machine.object.metadata.labels).toEqual({ ...hashed, 'cluster.x-k8s.io/set-name': 'lab-md-0-adopt', 'proxmox-talos-capi.local/adoption': 'lab' });
    expect(spec(machine).bootstrap).toEqual({ dataSecretName: 'talos-worker-1-bootstrap-data' });
    expect(machine.owners).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'MachineSet', name: 'lab-md-0-adopt', controller: true }]);
    const tct = find('TalosConfigTemplate', templateNames(input).talosConfig);
    expect(spec(tct).template.spec).toEqual({
      generateType: 'worker',
      talosVersion: 'v1.13',
      strategicPatches: [...input.patches.common, ...input.patches.worker],
      hostname: { source: 'InfrastructureName' },
    });
  });

  test('IPAM: the pool CAPMOX would create, the real address and its claim owned by the ProxmoxMachine', () => {
    const pool = find('InClusterIPPool', 'lab-v4-icip');
    // The adopted IPs are in the pool (allocated, so never handed out): the IPAM webhook requires it.
    expect(spec(pool)).toEqual({ addresses: [...ADOPTED_IPS, '10.10.0.100-10.10.0.150'], prefix: 24, gateway: '10.10.0.1' });
    expect(pool.object.metadata.annotations).toEqual({
      'ipam.capmox.cluster.x-k8s.io/ip-family': 'ipv4',
      'ipam.capmox.cluster.x-k8s.io/gateway-metric': '100',
      metric: '100',
    });
    expect(pool.owners).toEqual([{ apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2', kind: 'ProxmoxCluster', name: 'lab', controller: true }]);
    const poolRef = { apiGroup: 'ipam.cluster.x-k8s.io', kind: 'InClusterIPPool', name: 'lab-v4-icip' };
    expect(spec(find('IPAddress', 'talos-worker-2-net0-00-inet'))).toEqual({ address: '10.10.0.22', prefix: 24, gateway: '10.10.0.1', poolRef, claimRef: { name: 'talos-worker-2-net0-00-inet' } });
    const claim = find('IPAddressClaim', 'talos-worker-2-net0-00-inet');
    expect(spec(claim)).toEqual({ poolRef });
    expect(claim.object.metadata.annotations).toEqual({ 'ipam.capmox.cluster.x-k8s.io/pool-ref-counter': '0', 'ipam.capmox.cluster.x-k8s.io/default-gateway': 'true' });
    expect(claim.owners).toEqual([{ apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2', kind: 'ProxmoxMachine', name: 'talos-worker-2', controller: true }]);
  });

  test('lifecycles: machines and IPAM are seeds, the declarative objects are managed', () => {
    const seeds = plan.objects.filter((d) => d.lifecycle === 'seed').map((d) => d.object.kind);
    expect(new Set(seeds)).toEqual(new Set(['Secret', 'ProxmoxMachine', 'Machine', 'MachineSet', 'InClusterIPPool', 'IPAddress', 'IPAddressClaim']));
    const managed = plan.objects.filter((d) => d.lifecycle === 'managed').map((d) => d.object.kind);
    expect(new Set(managed)).toEqual(new Set(['Namespace', 'Cluster', 'Secret', 'ProxmoxCluster', 'ProxmoxMachineTemplate', 'TalosConfigTemplate', 'TalosControlPlane', 'MachineDeployment']));
  });

  test('template names follow their content; unchanged input keeps them', async () => {
    const again = buildAdoptionObjects(validateAdoptionInput((await clusterFixture()).raw));
    expect(templateNames(validateAdoptionInput((await clusterFixture()).raw))).toEqual(templateNames(input));
    expect(again.objects.map(id)).toEqual(plan.objects.map(id));
    const bigger = validateAdoptionInput((await clusterFixture({ worker_template: { source_node: 'pve1', template_id: 9000, cores: 8, memory_mib: 8192, bridge: 'vmbr0' } })).raw);
    expect(templateNames(bigger).worker).not.toBe(templateNames(input).worker);
    expect(templateNames(bigger).controlPlane).toBe(templateNames(input).controlPlane);
    const patched = validateAdoptionInput((await clusterFixture({ worker_patches: ['machine:\n  nodeLabels:\n    tier: b\n'] })).raw);
    expect(templateNames(patched).talosConfig).not.toBe(templateNames(input).talosConfig);
  });

  test('a tag-selected template keeps the selector on adopted machines (CAPMOX allows one source)', async () => {
    const tagged = buildAdoptionObjects(validateAdoptionInput((await clusterFixture({ control_plane_template: { template_tags: ['talos'], cores: 2, memory_mib: 4096, bridge: 'vmbr0' } })).raw));
    const pm = tagged.objects.find((d) => d.object.kind === 'ProxmoxMachine' && d.object.metadata.name === 'talos-cp-1')!;
    expect(spec(pm)).toMatchObject({ templateSelector: { matchTags: ['talos'], matchPolicy: 'exact' }, virtualMachineID: 201 });
    expect(spec(pm)).not.toHaveProperty('sourceNode');
  });

  test('no workers: a MachineDeployment with zero replicas and no adopted MachineSet', async () => {
    const cpOnly = buildAdoptionObjects(validateAdoptionInput((await clusterFixture({ node: (await clusterFixture()).raw.node!.filter((n) => n.role === 'controlplane') })).raw));
    expect(cpOnly.objects.some((d) => d.object.kind === 'MachineSet')).toBe(false);
    expect((cpOnly.objects.find((d) => d.object.kind === 'MachineDeployment')!.object.spec as any).replicas).toBe(0);
  });

  test('withOwners resolves UIDs and refuses an owner that was not applied', () => {
    const machine = find('Machine', 'talos-cp-1');
    const resolved = withOwners(machine, () => 'uid-tcp');
    expect(resolved.metadata.ownerReferences).toEqual([
      { apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3', kind: 'TalosControlPlane', name: 'lab-cp', uid: 'uid-tcp', controller: true, blockOwnerDeletion: true },
    ]);
    expect(() => withOwners(machine, () => undefined)).toThrow('Machine talos-cp-1: owner TalosControlPlane lab-cp has no UID yet');
    const template = plan.objects.find((d) => d.object.kind === 'ProxmoxMachineTemplate')!;
    expect(withOwners(template, () => 'uid-c').metadata.ownerReferences).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', name: 'lab', uid: 'uid-c' }]);
  });

  test('strategic patches reach CABPT verbatim as YAML', () => {
    const cp = spec(find('TalosControlPlane', 'lab-cp')).controlPlaneConfig.controlplane.strategicPatches as string[];
    expect(parse(cp[1])).toEqual({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '10.10.0.10', link: 'eth0' });
  });
});
