import { defaultClaimName } from '../../../../providers/capi/adoption/names';
import {
  AdoptionGuardError,
  assertGuardsPass,
  capmoxLacksAddressRecovery,
  checkAdoptionGuards,
  formatFinding,
  GUARDS,
  talosVersionOfOsImage,
  type GuardFinding,
  type GuardId,
} from '../../../../providers/capi/adoption/guards';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput, type RawAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { ADOPTION_KINDS, keyId, type KubeObject } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects, type AdoptionPlan } from '../../../../providers/capi/adoption/objects';
import { simulatedState, type ObservedState, type WorkloadNode } from '../../../../providers/capi/adoption/observed';
import { b64 } from '../../../../providers/capi/adoption/secrets';
import { formatSecretsYaml } from '../../../../providers/machinery/secrets';
import { clusterFixture, NODES, workloadNodes } from './fixtures';

let input: AdoptionInput;
let plan: AdoptionPlan;
let base: ObservedState;

beforeAll(async () => {
  input = validateAdoptionInput((await clusterFixture()).raw);
  plan = buildAdoptionObjects(input);
  base = simulatedState(plan, { workloadNodes: workloadNodes(), kubernetesServiceIP: '10.96.0.1' });
}, 60_000);

type Mutable = Record<string, any>;
const K = ADOPTION_KINDS;

/** A copy of the state with one management object changed (or removed when fn returns null). */
function withObject(state: ObservedState, kind: keyof typeof K, name: string, fn: (o: Mutable) => Mutable | null): ObservedState {
  const info = K[kind];
  const key = keyId({ apiVersion: info.apiVersion, kind: info.kind, name, namespace: 'lab-capi' });
  const current = state.objects.get(key);
  if (!current) throw new Error(`no ${kind} ${name} in the state`);
  const objects = new Map(state.objects);
  const next = fn(structuredClone(current) as Mutable);
  if (next === null) objects.delete(key);
  else objects.set(key, next as KubeObject);
  const relist = (k: string) => [...objects.values()].filter((o) => o.kind === k && o.metadata.labels?.['cluster.x-k8s.io/cluster-name'] === 'lab');
  return { ...state, objects, machines: relist('Machine'), proxmoxMachines: relist('ProxmoxMachine') };
}

function withNode(state: ObservedState, name: string, fn: (n: WorkloadNode) => WorkloadNode | null): ObservedState {
  return {
    ...state,
    workloadNodes: state.workloadNodes.flatMap((n) => {
      if (n.name !== name) return [n];
      const next = fn(n);
      return next ? [next] : [];
    }),
  };
}

function errors(state: ObservedState, i: AdoptionInput = input, p: AdoptionPlan = plan): GuardFinding[] {
  return checkAdoptionGuards(i, p, state).filter((f) => f.severity === 'error');
}

async function inputWith(overrides: Partial<RawAdoptionInput>): Promise<{ input: AdoptionInput; plan: AdoptionPlan; state: ObservedState }> {
  const i = validateAdoptionInput((await clusterFixture(overrides)).raw);
  const p = buildAdoptionObjects(i);
  return { input: i, plan: p, state: simulatedState(p, { workloadNodes: workloadNodes(), kubernetesServiceIP: '10.96.0.1' }) };
}

/** Asserts exactly the expected (guard, node, object, field) findings. */
function expectCaught(found: GuardFinding[], expected: Array<Partial<GuardFinding> & { guard: GuardId }>): void {
  expect(found.map((f) => ({ guard: f.guard, node: f.node, object: f.object, field: f.field }))).toEqual(expected.map((e) => ({ guard: e.guard, node: e.node, object: e.object, field: e.field })));
}

const caught = new Set<GuardId>();
afterAll(() => {
  // Every row of the failure-mode table (and the objects precondition) was broken at least once.
  expect([...caught].sort()).toEqual(Object.keys(GUARDS).sort());
});

function note(found: GuardFinding[]): GuardFinding[] {
  for (const f of found) caught.add(f.guard);
  return found;
}

describe('adoption guards', () => {
  test('the applied recipe against the running 3+2 cluster passes every guard', () => {
    expect(checkAdoptionGuards(input, plan, base)).toEqual([]);
    expect(() => assertGuardsPass([])).not.toThrow();
  });

  test('new PKI: a missing, foreign or unparsable bundle, a foreign CA and talosconfig', async () => {
    expectCaught(note(errors(withObject(base, 'Secret', 'lab-talos', () => null))), [
      { guard: 'objects', object: 'Secret lab-capi/lab-talos', field: 'metadata.name' },
      { guard: 'new-pki', object: 'Secret lab-capi/lab-talos', field: 'data.bundle' },
    ]);
    const garbage = errors(withObject(base, 'Secret', 'lab-talos', (o) => ({ ...o, data: { bundle: b64('cluster: [') } })));
    expect(garbage.map((f) => `${f.guard} ${f.field} ${f.message}`)).toEqual([
      'objects data.bundle differs from the input',
      expect.stringMatching(/^new-pki data.bundle is not a parseable Talos secrets bundle/),
    ]);
    const other = { ...input.bundle, cluster: { ...input.bundle.cluster, id: 'b3RoZXItY2x1c3Rlci1pZC0wMDAwMDAwMDAwMDAwMDAwMDA=' } };
    const foreign = errors(withObject(base, 'Secret', 'lab-talos', (o) => ({ ...o, data: { bundle: b64(formatSecretsYaml(other)) } })));
    expect(foreign.map((f) => `${f.guard}: ${f.message}`)).toContain('new-pki: holds a different secrets bundle than machine_secrets');
    const ca = errors(withObject(base, 'Secret', 'lab-ca', (o) => ({ ...o, data: { ...o.data, 'tls.crt': b64(input.bundle.certs.os.crt) } })));
    expect(ca.filter((f) => f.guard === 'new-pki').map((f) => f.field)).toEqual(['data.tls.crt']);
    const tc = errors(withObject(base, 'Secret', 'lab-talosconfig', (o) => ({ ...o, data: { talosconfig: b64('context: x\ncontexts:\n  x:\n    endpoints: [10.10.0.11]\n') } })));
    // The talosconfig Secret is create-only (CABPT rewrites it), so only the PKI guard looks at it.
    expectCaught(tc, [{ guard: 'new-pki', object: 'Secret lab-capi/lab-talosconfig', field: 'data.talosconfig' }]);
    // Messages never carry secret values.
    for (const f of [...garbage, ...foreign, ...ca, ...tc]) expect(formatFinding(f)).not.toContain(input.bundle.cluster.secret);
  });

  test('etcd members: a running control plane left out, a hostname that differs, a stray CP Machine', () => {
    const missingCp = withNode(base, 'talos-worker-2', (n) => ({
      ...n,
      name: 'talos-cp-4',
      controlPlane: true,
      providerID: 'proxmox://4a3e5e1c-0000-4000-8000-000000000099',
      internalIPs: ['10.10.0.14'],
      hostnames: ['talos-cp-4'],
    }));
    expectCaught(
      note(errors(missingCp)).filter((f) => f.guard === 'etcd-members'),
      [{ guard: 'etcd-members', node: 'talos-cp-4', object: 'workload Node talos-cp-4', field: 'metadata.labels' }],
    );
    const renamed = withNode(base, 'talos-cp-2', (n) => ({ ...n, hostnames: ['cp2.lan'] }));
    expectCaught(errors(renamed), [{ guard: 'etcd-members', node: 'talos-cp-2', object: 'workload Node talos-cp-2', field: 'status.addresses[Hostname]' }]);
    const noNode = withNode(base, 'talos-cp-3', () => null);
    expect(errors(noNode).map((f) => `${f.guard} ${f.node} ${f.field}`)).toContain('etcd-members talos-cp-3 metadata.name');
    const stray: KubeObject = {
      ...base.objects.get(keyId({ apiVersion: K.Machine.apiVersion, kind: 'Machine', name: 'talos-cp-1', namespace: 'lab-capi' }))!,
      metadata: { name: 'lab-cp-x7k2p', namespace: 'lab-capi', labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' } },
    };
    expectCaught(errors({ ...base, machines: [...base.machines, stray] }), [
      { guard: 'etcd-members', node: 'lab-cp-x7k2p', object: 'Machine lab-capi/lab-cp-x7k2p', field: 'metadata.name' },
      { guard: 'etcd-members', node: 'lab-cp-x7k2p', object: 'Machine lab-capi/lab-cp-x7k2p', field: 'spec.infrastructureRef.name' },
    ]);
  });

  test('CP replaced: version mismatch, a configRef, cloned-from annotations, RollingUpdate', () => {
    const version = withObject(base, 'Machine', 'talos-cp-1', (o) => ({ ...o, spec: { ...o.spec, version: 'v1.36.2' } }));
    expect(note(errors(version)).map((f) => `${f.guard} ${f.node} ${f.field}`)).toEqual(['objects talos-cp-1 spec.version', 'cp-replaced talos-cp-1 spec.version']);
    const configRef = withObject(base, 'Machine', 'talos-cp-2', (o) => ({
      ...o,
      spec: { ...o.spec, bootstrap: { ...o.spec.bootstrap, configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfig', name: 'x' } } },
    }));
    expectCaught(errors(configRef), [{ guard: 'cp-replaced', node: 'talos-cp-2', object: 'Machine lab-capi/talos-cp-2', field: 'spec.bootstrap.configRef' }]);
    const cloned = withObject(base, 'ProxmoxMachine', 'talos-cp-3', (o) => ({ ...o, metadata: { ...o.metadata, annotations: { 'cluster.x-k8s.io/cloned-from-name': 'lab-cp-old' } } }));
    expectCaught(errors(cloned), [{ guard: 'cp-replaced', node: 'talos-cp-3', object: 'ProxmoxMachine lab-capi/talos-cp-3', field: 'metadata.annotations[cluster.x-k8s.io/cloned-from-name]' }]);
    const rolling = withObject(base, 'TalosControlPlane', 'lab-cp', (o) => ({ ...o, spec: { ...o.spec, rolloutStrategy: { type: 'RollingUpdate' } } }));
    expect(errors(rolling).map((f) => `${f.guard} ${f.field}`)).toEqual(['objects spec.rolloutStrategy.type', 'cp-replaced spec.rolloutStrategy.type']);
    const tcpVersion = withObject(base, 'TalosControlPlane', 'lab-cp', (o) => ({ ...o, spec: { ...o.spec, version: 'v1.36.4' } }));
    expect(
      errors(tcpVersion)
        .filter((f) => f.guard === 'cp-replaced')
        .map((f) => f.field),
    ).toEqual(['spec.version']);
    const skew = withNode(base, 'talos-cp-1', (n) => ({ ...n, kubeletVersion: 'v1.35.9' }));
    expectCaught(errors(skew), [{ guard: 'cp-replaced', node: 'talos-cp-1', object: 'workload Node talos-cp-1', field: 'status.nodeInfo.kubeletVersion' }]);
  });

  test('CP scaled down: replicas below (and above) the adopted count', async () => {
    const below = withObject(base, 'TalosControlPlane', 'lab-cp', (o) => ({ ...o, spec: { ...o.spec, replicas: 1 } }));
    const found = note(errors(below)).filter((f) => f.guard === 'cp-scaled-down');
    expect(found.map((f) => f.message)).toEqual(['is 1, 3 control planes are adopted: CACPPT would delete the oldest adopted Machine and its VM']);
    const viaInput = await inputWith({ control_plane_replicas: 2 });
    expect(errors(viaInput.state, viaInput.input, viaInput.plan).map((f) => `${f.guard} ${f.object} ${f.field}`)).toEqual(['cp-scaled-down TalosControlPlane lab-capi/lab-cp spec.replicas']);
    const above = await inputWith({ control_plane_replicas: 5 });
    expect(errors(above.state, above.input, above.plan)[0].message).toMatch(/would clone new control planes during adoption/);
  });

  test('VM cloned: a ProxmoxMachine without the VMID', () => {
    const state = withObject(base, 'ProxmoxMachine', 'talos-worker-1', (o) => {
      const { virtualMachineID: _drop, ...spec } = o.spec;
      return { ...o, spec };
    });
    expectCaught(note(errors(state)), [
      { guard: 'objects', node: 'talos-worker-1', object: 'ProxmoxMachine lab-capi/talos-worker-1', field: 'spec.virtualMachineID' },
      { guard: 'vm-cloned', node: 'talos-worker-1', object: 'ProxmoxMachine lab-capi/talos-worker-1', field: 'spec.virtualMachineID' },
    ]);
  });

  test('stuck terminal: the Proxmox VM name differs from the node name', async () => {
    const renamed = await inputWith({ node: NODES.map((n) => (n.name === 'talos-cp-2' ? { ...n, vm_name: 'cp2' } : n)) });
    expectCaught(note(errors(renamed.state, renamed.input, renamed.plan)), [{ guard: 'stuck-terminal', node: 'talos-cp-2', object: 'input', field: 'node.1.vm_name' }]);
  });

  test('re-bootstrap: a stopped VM, a NotReady node', async () => {
    const stopped = await inputWith({ node: NODES.map((n) => (n.name === 'talos-worker-2' ? { ...n, started: false } : n)) });
    expectCaught(note(errors(stopped.state, stopped.input, stopped.plan)), [{ guard: 're-bootstrap', node: 'talos-worker-2', object: 'input', field: 'node.4.started' }]);
    const notReady = withNode(base, 'talos-cp-3', (n) => ({ ...n, ready: false }));
    expectCaught(errors(notReady), [{ guard: 're-bootstrap', node: 'talos-cp-3', object: 'workload Node talos-cp-3', field: 'status.conditions[Ready]' }]);
  });

  test('no addresses: missing claim, wrong address, foreign claim owner, missing annotations; CAPMOX without #799 warns', () => {
    const noClaim = withObject(base, 'IPAddressClaim', 'talos-cp-1-net0-00-inet', () => null);
    expect(note(errors(noClaim)).map((f) => `${f.guard} ${f.node} ${f.object}`)).toEqual([
      'objects talos-cp-1 IPAddressClaim lab-capi/talos-cp-1-net0-00-inet',
      'no-addresses talos-cp-1 IPAddressClaim lab-capi/talos-cp-1-net0-00-inet',
    ]);
    const wrongIp = withObject(base, 'IPAddress', 'talos-cp-2-net0-00-inet', (o) => ({ ...o, spec: { ...o.spec, address: '10.10.0.99' } }));
    expect(
      errors(wrongIp)
        .filter((f) => f.guard === 'no-addresses')
        .map((f) => `${f.field}: ${f.message}`),
    ).toEqual(['spec.address: is "10.10.0.99", the node runs on 10.10.0.12']);
    const foreignOwner = withObject(base, 'IPAddressClaim', 'talos-cp-3-net0-00-inet', (o) => ({
      ...o,
      metadata: { ...o.metadata, ownerReferences: [{ ...o.metadata.ownerReferences[0], uid: 'someone-else' }] },
    }));
    expect(
      errors(foreignOwner)
        .filter((f) => f.guard === 'no-addresses')
        .map((f) => f.field),
    ).toEqual(['metadata.ownerReferences']);
    const noAnnotations = withObject(base, 'IPAddressClaim', 'talos-worker-1-net0-00-inet', (o) => ({ ...o, metadata: { ...o.metadata, annotations: {} } }));
    expect(
      errors(noAnnotations)
        .filter((f) => f.guard === 'no-addresses')
        .map((f) => f.field),
    ).toEqual(['metadata.annotations']);
    const nodeIp = withNode(base, 'talos-worker-1', (n) => ({ ...n, internalIPs: ['10.10.0.31'] }));
    expectCaught(errors(nodeIp), [{ guard: 'no-addresses', node: 'talos-worker-1', object: 'workload Node talos-worker-1', field: 'status.addresses' }]);
    const old = checkAdoptionGuards(input, plan, { ...base, capmoxVersion: 'v0.9.0' });
    expect(old.map((f) => `${f.severity} ${f.guard}`)).toEqual(['warning no-addresses']);
    expect(() => assertGuardsPass(old)).not.toThrow();
    expect(checkAdoptionGuards(input, plan, { ...base, capmoxVersion: null }).map((f) => f.severity)).toEqual(['warning']);
    expect(checkAdoptionGuards(input, plan, { ...base, capmoxVersion: 'v0.10.0' })).toEqual([]);
  });

  test('no addresses / PKI: ProxmoxMachine addresses not written, talosconfig without endpoints, kubeconfig not in CAPI format', () => {
    const noStatus = withObject(base, 'ProxmoxMachine', 'talos-worker-2', (o) => ({ ...o, status: { initialization: { provisioned: true } } }));
    expect(errors(noStatus).map((f) => `${f.guard} ${f.node} ${f.object} ${f.field}`)).toEqual(['no-addresses talos-worker-2 ProxmoxMachine lab-capi/talos-worker-2 status.addresses']);
    const wrongIp = withObject(base, 'ProxmoxMachine', 'talos-cp-1', (o) => ({
      ...o,
      status: {
        addresses: [
          { type: 'InternalIP', address: '10.10.0.99' },
          { type: 'Hostname', address: 'talos-cp-1' },
        ],
      },
    }));
    expect(errors(wrongIp).map((f) => f.message)).toEqual([expect.stringMatching(/^status.addresses lacks \{"type":"InternalIP","address":"10.10.0.11"\}/)]);
    const nullEndpoints = withObject(base, 'Secret', 'lab-talosconfig', (o) => {
      const text = Buffer.from(o.data.talosconfig, 'base64')
        .toString('utf8')
        .replace(/endpoints:\n(\s+- .*\n)+/, 'endpoints: null\n');
      return { ...o, data: { talosconfig: b64(text) } };
    });
    expect(errors(nullEndpoints).map((f) => `${f.guard} ${f.object}: ${f.message}`)).toEqual([
      'new-pki Secret lab-capi/lab-talosconfig: the current context has no endpoints: CACPPT cannot reach the Talos API',
    ]);
    const opaque = withObject(base, 'Secret', 'lab-kubeconfig', (o) => ({ ...o, type: 'Opaque' }));
    expect(errors(opaque).map((f) => `${f.guard} ${f.object} ${f.field}`)).toEqual(['new-pki Secret lab-capi/lab-kubeconfig type']);
    const gone = withObject(base, 'Secret', 'lab-kubeconfig', () => null);
    expect(errors(gone).map((f) => `${f.guard} ${f.object}`)).toEqual(['objects Secret lab-capi/lab-kubeconfig', 'new-pki Secret lab-capi/lab-kubeconfig']);
  });

  test('no nodeRef: a Node without (or with another) providerID, a duplicate providerID', () => {
    const missing = withNode(base, 'talos-worker-2', (n) => ({ ...n, providerID: undefined }));
    expectCaught(note(errors(missing)), [{ guard: 'no-noderef', node: 'talos-worker-2', object: 'workload Node talos-worker-2', field: 'spec.providerID' }]);
    const dup = withNode(base, 'talos-worker-2', (n) => ({ ...n, providerID: 'proxmox://4a3e5e1c-0000-4000-8000-000000000021' }));
    expect(errors(dup).map((f) => `${f.guard} ${f.node} ${f.object}`)).toEqual(['no-noderef talos-worker-1 workload Node talos-worker-2', 'no-noderef talos-worker-2 workload Node talos-worker-2']);
  });

  test('worker rollout: MachineSet template differs, hash label missing, replicas below the adopted count', () => {
    const differs = withObject(base, 'MachineSet', 'lab-md-0-adopt', (o) => ({ ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, version: 'v1.36.2' } } } }));
    expect(note(errors(differs)).map((f) => `${f.guard} ${f.field}`)).toEqual(['objects spec.template.spec.version', 'worker-rollout spec.template.spec.version']);
    const noHash = withObject(base, 'MachineSet', 'lab-md-0-adopt', (o) => {
      const { 'machine-template-hash': _drop, ...labels } = o.metadata.labels;
      return { ...o, metadata: { ...o.metadata, labels } };
    });
    expect(errors(noHash).map((f) => `${f.guard} ${f.field}`)).toEqual(['objects metadata.labels.machine-template-hash', 'worker-rollout metadata.labels[machine-template-hash]']);
    const scaled = withObject(base, 'MachineDeployment', 'lab-md-0', (o) => ({ ...o, spec: { ...o.spec, replicas: 1 } }));
    expect(
      errors(scaled)
        .filter((f) => f.guard === 'worker-rollout')
        .map((f) => f.message),
    ).toEqual(['is 1, 2 workers are adopted: adopted workers and their VMs would be deleted']);
    const unselected = withObject(base, 'Machine', 'talos-worker-1', (o) => ({ ...o, metadata: { ...o.metadata, labels: { 'cluster.x-k8s.io/cluster-name': 'lab' } } }));
    expect(
      errors(unselected)
        .filter((f) => f.guard === 'worker-rollout')
        .map((f) => `${f.node} ${f.field}`),
    ).toEqual(['talos-worker-1 metadata.labels']);
  });

  test('IP clash: the new-node range covers the gateway, the VIP, another running node, or an adopted IP no IPAddress holds', async () => {
    const overlap = await inputWith({ network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1', dns_servers: ['10.10.0.1'], new_node_addresses: ['10.10.0.0/26'] } });
    const found = note(errors(overlap.state, overlap.input, overlap.plan));
    expect(found.every((f) => f.guard === 'ip-clash')).toBe(true);
    // The adopted nodes' IPs are in the range too, but each is held by its IPAddress: never handed out.
    expect(found.filter((f) => f.object === 'ProxmoxCluster lab-capi/lab').map((f) => f.message.split(',')[0])).toEqual(['contains 10.10.0.1', 'contains 10.10.0.10']);
    // Without its IPAddress, an adopted node's IP is free in the pool: IPAM would give it to a new node.
    const released = withObject(overlap.state, 'IPAddress', defaultClaimName('talos-cp-2'), () => null);
    const cp2 = errors(released, overlap.input, overlap.plan).filter((f) => f.guard === 'ip-clash' && f.node === 'talos-cp-2');
    expect(cp2.map((f) => f.field)).toEqual(['spec.ipv4Config.addresses', 'spec.addresses']);
    expect(cp2[0].message).toMatch(/^contains 10\.10\.0\.12, the address of adopted node talos-cp-2, which no IPAddress of the pool holds/);
    // The same from what the server holds: someone edited the range of the ProxmoxCluster to cover the VIP.
    const edited = withObject(base, 'ProxmoxCluster', 'lab', (o) => ({ ...o, spec: { ...o.spec, ipv4Config: { ...o.spec.ipv4Config, addresses: ['10.10.0.5-10.10.0.15'] } } }));
    expect(errors(edited).map((f) => `${f.guard} ${f.field}`)).toEqual(['objects spec.ipv4Config.addresses', 'ip-clash spec.ipv4Config.addresses']);
    expect(errors(edited)[1].message).toMatch(/^contains 10\.10\.0\.10, the address of the control-plane endpoint/);
    const unadopted = { ...base, workloadNodes: [...base.workloadNodes, { ...base.workloadNodes[4], name: 'edge-1', providerID: undefined, internalIPs: ['10.10.0.120'], hostnames: [] }] };
    expect(errors(unadopted).map((f) => `${f.guard} ${f.node} ${f.message}`)).toEqual([
      expect.stringMatching(/^ip-clash edge-1 contains 10.10.0.120, the address of running Node edge-1/),
      expect.stringMatching(/^ip-clash edge-1 contains 10.10.0.120/),
    ]);
  });

  test('wrong new-node config: clusterNetwork drift, per-node values in shared patches, inputs that contradict the cluster', async () => {
    const drift = withObject(base, 'Cluster', 'lab', (o) => ({ ...o, spec: { ...o.spec, clusterNetwork: { ...o.spec.clusterNetwork, pods: { cidrBlocks: ['10.42.0.0/16'] } } } }));
    expect(note(errors(drift)).map((f) => `${f.guard} ${f.field}`)).toEqual(['objects spec.clusterNetwork.pods.cidrBlocks[0]', 'new-node-config spec.clusterNetwork.pods.cidrBlocks']);
    const patches = await inputWith({
      config_patches: [
        'machine:\n  network:\n    hostname: talos-cp-1\n',
        'machine:\n  kubelet:\n    extraConfig:\n      providerID: proxmox://4a3e5e1c-0000-4000-8000-000000000011\n',
        'cluster:\n  network:\n    podSubnets: [10.42.0.0/16]\n',
      ],
    });
    expect(errors(patches.state, patches.input, patches.plan).map((f) => `${f.guard} ${f.field}: ${f.message}`)).toEqual([
      'new-node-config config_patches.0: sets a hostname: every node CAPI creates would get it',
      'new-node-config config_patches.1: sets a kubelet providerID: every new node would claim the same VM',
      'new-node-config config_patches.2: sets cluster.network.podSubnets ["10.42.0.0/16"] but pod_cidrs is ["10.244.0.0/16"]',
    ]);
    const wrongServices = { ...base, kubernetesServiceIP: '10.43.0.1' };
    expectCaught(errors(wrongServices), [{ guard: 'new-node-config', object: 'workload Service default/kubernetes', field: 'spec.clusterIP' }]);
    const talos = withNode(base, 'talos-cp-1', (n) => ({ ...n, osImage: 'Talos (v1.12.6)' }));
    expectCaught(errors(talos), [{ guard: 'new-node-config', node: 'talos-cp-1', object: 'workload Node talos-cp-1', field: 'status.nodeInfo.osImage' }]);
    const podCidr = withNode(base, 'talos-worker-1', (n) => ({ ...n, podCIDRs: ['10.42.1.0/24'] }));
    expectCaught(errors(podCidr), [{ guard: 'new-node-config', node: 'talos-worker-1', object: 'workload Node talos-worker-1', field: 'spec.podCIDRs' }]);
  });

  test('object deletion: a deleting Machine or TalosControlPlane is caught before unpausing', () => {
    const deleting = withObject(base, 'Machine', 'talos-cp-1', (o) => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-08-01T00:00:00Z' } }));
    expectCaught(note(errors(deleting)), [{ guard: 'object-deletion', node: 'talos-cp-1', object: 'Machine lab-capi/talos-cp-1', field: 'metadata.deletionTimestamp' }]);
    const tcp = withObject(base, 'TalosControlPlane', 'lab-cp', (o) => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-08-01T00:00:00Z' } }));
    expectCaught(errors(tcp), [{ guard: 'object-deletion', object: 'TalosControlPlane lab-capi/lab-cp', field: 'metadata.deletionTimestamp' }]);
  });

  test('objects: an owner reference to an older incarnation of the owner is caught', () => {
    const stale = withObject(base, 'Machine', 'talos-cp-3', (o) => ({ ...o, metadata: { ...o.metadata, ownerReferences: [{ ...o.metadata.ownerReferences[0], uid: 'old-uid' }] } }));
    const found = note(errors(stale));
    expect(found.map((f) => `${f.guard} ${f.field}`)).toEqual(['objects metadata.ownerReferences']);
    expect(found[0].message).toMatch(/the garbage collector would delete it/);
  });

  test('AdoptionGuardError lists every error with node, object, field and fix', () => {
    const state = withObject(base, 'TalosControlPlane', 'lab-cp', (o) => ({ ...o, spec: { ...o.spec, replicas: 1 } }));
    const err = (() => {
      try {
        assertGuardsPass(checkAdoptionGuards(input, plan, state));
      } catch (e) {
        return e as AdoptionGuardError;
      }
      throw new Error('expected the guards to fail');
    })();
    expect(err).toBeInstanceOf(AdoptionGuardError);
    expect(err.message).toContain('the Cluster stays paused');
    expect(err.message).toContain(
      '[cp-scaled-down] TalosControlPlane lab-capi/lab-cp spec.replicas: is 1, 3 control planes are adopted: CACPPT would delete the oldest adopted Machine and its VM (fix: set control_plane_replicas = 3 for the adoption, scale afterwards)',
    );
  });

  test('helpers: Talos version from osImage, CAPMOX releases without address recovery', () => {
    expect(talosVersionOfOsImage('Talos (v1.13.9)')).toBe('v1.13.9');
    expect(talosVersionOfOsImage('Ubuntu 24.04')).toBeUndefined();
    expect(['v0.8.2', 'v0.9.0', 'v0.9.1', 'v0.10.0', 'v1.0.0', 'dev'].map(capmoxLacksAddressRecovery)).toEqual([true, true, false, false, false, false]);
  });
});
