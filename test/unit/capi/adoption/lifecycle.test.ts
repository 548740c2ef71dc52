/** Pure parts of the lifecycle: plan-time checks, the watch's safety stop, detach's precondition, inventory, IPv4 and patch inspection. */
import { rollingUpdateProblem } from '../../../../providers/capi/adoption/adopt';
import { findMismatch } from '../../../../providers/capi/adoption/diff';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { machineInventory } from '../../../../providers/capi/adoption/inventory';
import { parseIpv4, parseIpv4Cidr, parseIpv4Expression, overlaps } from '../../../../providers/kernel/ipv4';
import type { KubeObject } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects } from '../../../../providers/capi/adoption/objects';
import { inspectPatches } from '../../../../providers/capi/adoption/patches';
import { planProblems } from '../../../../providers/capi/resources/cluster-adoption/resource';
import { unknownVms } from '../../../../providers/capi/adoption/teardown';
import { safetyViolations } from '../../../../providers/capi/adoption/watch';
import { clusterFixture, NODES } from './fixtures';

let input: AdoptionInput;
let machines: KubeObject[];
let proxmoxMachines: KubeObject[];

beforeAll(async () => {
  input = validateAdoptionInput((await clusterFixture()).raw);
  const plan = buildAdoptionObjects(input);
  machines = plan.objects.filter((d) => d.object.kind === 'Machine').map((d) => d.object);
  proxmoxMachines = plan.objects.filter((d) => d.object.kind === 'ProxmoxMachine').map((d) => d.object);
}, 60_000);

const machine = (name: string, extra: Partial<KubeObject['metadata']> = {}, body: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Machine',
  metadata: { name, namespace: 'lab-capi', labels: { 'cluster.x-k8s.io/cluster-name': 'lab' }, ...extra },
  ...body,
});

describe('planProblems', () => {
  const config = async (overrides: Record<string, unknown> = {}) => ({ ...(await clusterFixture()).raw, ...overrides }) as never;

  test('at adoption: replicas must equal the adopted counts, the control plane starts OnDelete', async () => {
    expect(planProblems(await config(), null)).toEqual([]);
    expect(planProblems(await config({ control_plane_replicas: 1, worker_replicas: 5, control_plane_rollout_strategy: 'RollingUpdate' }), null).map((d) => [d.summary, d.path])).toEqual([
      ['control_plane_replicas is 1 but 3 control planes are adopted', [{ attr: 'control_plane_replicas' }]],
      ['worker_replicas is 5 but 2 workers are adopted', [{ attr: 'worker_replicas' }]],
      ['control_plane_rollout_strategy must be OnDelete while adopting', [{ attr: 'control_plane_rollout_strategy' }]],
    ]);
    expect(planProblems(await config({ control_plane_replicas: 1 }), null)[0].detail).toMatch(/delete the oldest adopted control plane and its VM/);
  });

  test('after adoption: identity and the adopted nodes are fixed, order of nodes does not matter', async () => {
    const prior = (await config()) as never;
    expect(planProblems(await config({ node: [...NODES].reverse(), control_plane_replicas: 5 }), prior)).toEqual([]);
    expect(planProblems(await config({ cluster_name: 'other' }), prior).map((d) => d.summary)).toEqual(['cluster_name cannot change after adoption']);
    const moved = NODES.map((n, i) => (i === 0 ? { ...n, vm_id: 999 } : n));
    expect(planProblems(await config({ node: moved }), prior).map((d) => d.summary)).toEqual(['the adopted nodes cannot change after adoption']);
  });
});

describe('safety stop while watching', () => {
  test('nothing to report for the adopted machines', () => {
    expect(safetyViolations(input, machines, proxmoxMachines)).toEqual([]);
  });

  test('a deleting adopted Machine, a new Machine, a cloning ProxmoxMachine, a failed VM', () => {
    const found = safetyViolations(
      input,
      [machine('talos-cp-1', { deletionTimestamp: '2026-01-01T00:00:00Z' }), machine('lab-md-0-abcde-x1')],
      [
        ...proxmoxMachines.filter((p) => p.metadata.name !== 'talos-worker-1'),
        { ...proxmoxMachines[3], status: { conditions: [{ type: 'VirtualMachineProvisioned', status: 'False', reason: 'VMProvisionFailed', message: 'expected VM name to match' }] } },
        { ...proxmoxMachines[0], metadata: { ...proxmoxMachines[0].metadata, name: 'lab-cp-zz9' } },
      ],
    );
    expect(found).toEqual([
      'Machine lab-capi/talos-cp-1 is being deleted (its VM would follow)',
      'Machine lab-capi/lab-md-0-abcde-x1 appeared: Cluster API is creating a machine during adoption',
      'ProxmoxMachine lab-capi/talos-worker-1: CAPMOX reports VMProvisionFailed (expected VM name to match)',
      'ProxmoxMachine lab-capi/lab-cp-zz9 appeared: CAPMOX would clone a VM',
    ]);
  });
});

describe('detach precondition and inventory', () => {
  const target = { clusterName: 'lab', namespace: 'lab-capi', terraformVmIds: new Set(NODES.map((n) => n.vm_id!)) };

  test('only VMs Terraform created may be handed back', () => {
    expect(unknownVms(proxmoxMachines, target)).toEqual([]);
    const cloned = { ...proxmoxMachines[0], metadata: { ...proxmoxMachines[0].metadata, name: 'lab-cp-k2x8r' }, spec: { virtualMachineID: 240 }, status: { proxmoxNode: 'pve3' } };
    const cloning = { ...proxmoxMachines[0], metadata: { ...proxmoxMachines[0].metadata, name: 'lab-cp-m3n4p' }, spec: {} };
    expect(unknownVms([...proxmoxMachines, cloned, cloning], target)).toEqual(['ProxmoxMachine lab-cp-k2x8r (VMID 240 on pve3)', 'ProxmoxMachine lab-cp-m3n4p (VM not created yet)']);
  });

  test('inventory lists adopted and CAPI-created machines with their VMs', () => {
    const created = machine(
      'lab-cp-k2x8r',
      { labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' } },
      {
        spec: { infrastructureRef: { name: 'lab-cp-k2x8r' }, providerID: 'proxmox://4a3e5e1c-0000-4000-8000-0000000000ff' },
        status: { nodeRef: { name: 'lab-cp-k2x8r' }, phase: 'Running' },
      },
    );
    const pm = { ...proxmoxMachines[0], metadata: { ...proxmoxMachines[0].metadata, name: 'lab-cp-k2x8r' }, spec: { virtualMachineID: 240 }, status: { proxmoxNode: 'pve3' } };
    const inv = machineInventory(input, [...machines, created], [...proxmoxMachines, pm]);
    expect(inv.map((m) => `${m.name} ${m.role} ${m.adopted} ${m.vm_id} ${m.proxmox_node} ${m.node_ref}`)).toEqual([
      'lab-cp-k2x8r controlplane false 240 pve3 lab-cp-k2x8r',
      'talos-cp-1 controlplane true 201 pve1 null',
      'talos-cp-2 controlplane true 202 pve2 null',
      'talos-cp-3 controlplane true 203 pve3 null',
      'talos-worker-1 worker true 211 pve1 null',
      'talos-worker-2 worker true 212 pve2 null',
    ]);
  });

  test('RollingUpdate waits for every adopted control plane to have a nodeRef', async () => {
    const rolling = validateAdoptionInput((await clusterFixture({ control_plane_rollout_strategy: 'RollingUpdate' })).raw);
    const inv = machineInventory(rolling, machines, proxmoxMachines);
    expect(rollingUpdateProblem(rolling, inv)).toMatch(/talos-cp-1, talos-cp-2, talos-cp-3 have no nodeRef yet/);
    expect(
      rollingUpdateProblem(
        rolling,
        inv.map((m) => ({ ...m, node_ref: m.name })),
      ),
    ).toBeUndefined();
    expect(rollingUpdateProblem(input, inv)).toBeUndefined();
  });
});

describe('building blocks', () => {
  test('IPv4 addresses, CIDRs and pool expressions', () => {
    expect(parseIpv4('10.10.0.1')).toBe(0x0a0a0001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(['10.10.0', '10.10.0.256', '010.1.1.1', ' '].map(parseIpv4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(parseIpv4Cidr('10.10.0.0/24')).toMatchObject({ prefix: 24, text: '10.10.0.0/24', last: 0x0a0a00ff });
    expect(parseIpv4Cidr('10.10.0.5/24')).toBeUndefined();
    expect(parseIpv4Cidr('10.10.0.5/24', { allowHostBits: true })?.text).toBe('10.10.0.0/24');
    expect(parseIpv4Expression('10.0.0.10-10.0.0.20')).toEqual({ first: 0x0a00000a, last: 0x0a000014 });
    expect(parseIpv4Expression('10.0.0.20-10.0.0.10')).toBeUndefined();
    expect(overlaps(parseIpv4Expression('10.0.0.0/30')!, parseIpv4Expression('10.0.0.3')!)).toBe(true);
    expect(overlaps(parseIpv4Expression('10.0.0.0/30')!, parseIpv4Expression('10.0.0.4-10.0.0.9')!)).toBe(false);
  });

  test('patch inspection finds per-node values and network settings, in Talos multi-document patches too', () => {
    const problems: string[] = [];
    const facts = inspectPatches(
      {
        common: ['apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: cp-1\nauto: "off"\n', 'cluster:\n  network:\n    serviceSubnets: [10.43.0.0/16]\n    dnsDomain: corp.local\n'],
        controlPlane: ['machine:\n  kubelet:\n    extraArgs:\n      provider-id: proxmox://x\n'],
        worker: ['cluster:\n  controlPlane:\n    endpoint: https://api.example:6443\n  clusterName: other\n'],
      },
      (path, message) => problems.push(`${path}: ${message}`),
    );
    expect(problems).toEqual([]);
    expect(facts.patches).toEqual([
      { path: 'config_patches.0', setsHostname: true, setsProviderId: false },
      { path: 'config_patches.1', setsHostname: false, setsProviderId: false, serviceSubnets: ['10.43.0.0/16'], dnsDomain: 'corp.local' },
      { path: 'control_plane_patches.0', setsHostname: false, setsProviderId: true },
      { path: 'worker_patches.0', setsHostname: false, setsProviderId: false, endpoint: 'https://api.example:6443', clusterName: 'other' },
    ]);
  });

  test('findMismatch: desired must be a subset of live; lists must match in length', () => {
    expect(findMismatch({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2, d: 3 }] }, e: 4 })).toBeUndefined();
    expect(findMismatch({ a: { b: [1, 2] } }, { a: { b: [1] } })).toEqual({ path: 'a.b', want: [1, 2], got: [1] });
    expect(findMismatch({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 3 }] } })).toEqual({ path: 'a.b[1].c', want: 2, got: 3 });
  });
});
