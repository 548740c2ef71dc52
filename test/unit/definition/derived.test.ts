/**
 * Derived per-node values are deterministic and name-based: the same definition gives the same
 * names, VMIDs, placement, SMBIOS UUIDs, providerIDs and MACs on every run, and identities follow
 * the cluster and node names only.
 */
import { parseClusterDefinition } from '../../../stacks/definition';
import type { PlannedNode } from '../../../stacks/plan/cluster-plan';
import { goodInput, withChange } from './fixtures';

const identity = (n: PlannedNode) => ({ name: n.name, smbiosUuid: n.smbiosUuid, providerId: n.providerId, macAddress: n.macAddress });

describe('derived node values', () => {
  test('two loads of one definition derive identical values', () => {
    expect(parseClusterDefinition(goodInput()).plan.nodes).toEqual(parseClusterDefinition(goodInput()).plan.nodes);
  });

  test('the SMBIOS UUID is the RFC 9562 UUIDv5 of <cluster>/<node> (checked against Python uuid.uuid5)', () => {
    // uuid.uuid5(uuid.UUID('6f3c8a0e-3d2b-4f57-9a43-5d3e1c7b9a21'), 'prod/prod-worker-2') in CPython 3.
    const node = parseClusterDefinition(goodInput()).plan.nodes.find((n) => n.name === 'prod-worker-2') as PlannedNode;
    expect(node.smbiosUuid).toBe('f3a1608e-87cc-566e-9545-31f5eb6a5133');
    expect(node.providerId).toBe('proxmox://f3a1608e-87cc-566e-9545-31f5eb6a5133');
  });

  test('UUIDs are version 5 / RFC variant, MACs are unicast and unique within the cluster', () => {
    const nodes = parseClusterDefinition(goodInput()).plan.nodes;
    for (const n of nodes) {
      expect(n.smbiosUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(n.macAddress).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/);
      expect(parseInt(n.macAddress.slice(0, 2), 16) & 1).toBe(0);
    }
    expect(new Set(nodes.map((n) => n.smbiosUuid)).size).toBe(nodes.length);
    expect(new Set(nodes.map((n) => n.macAddress)).size).toBe(nodes.length);
  });

  test('identities depend on the names only: sizes, addresses and VMIDs can change', () => {
    const before = parseClusterDefinition(goodInput()).plan.nodes.map(identity);
    const after = parseClusterDefinition(
      withChange((d) => {
        d.vmidBase = 7000;
        d.controlPlane.firstIp = '10.20.0.51';
        d.workers[0].cores = 8;
        d.proxmox.nodes = ['pve3', 'pve2', 'pve1'];
      }),
    ).plan.nodes.map(identity);
    expect(after).toEqual(before);
  });

  test('MACs follow the cluster and node names: unique within a cluster at any size, unchanged by addresses, sizes, VMIDs and placement', () => {
    const macs = (change: (d: ReturnType<typeof goodInput>) => void) => parseClusterDefinition(withChange(change)).plan.nodes.map((n) => [n.name, n.macAddress]);
    const before = macs(() => undefined);
    expect(
      macs((d) => {
        d.controlPlane.firstIp = '10.20.0.51';
        d.workers[0].cores = 8;
        d.proxmox.nodes = ['pve3', 'pve2', 'pve1'];
        d.vmidBase = 7000;
      }),
    ).toEqual(before);
    // 1,000 auto-named workers (a name hash would collide in about 3% of such clusters, with no name to change).
    for (const name of ['c32', 'c40', 'prod']) {
      const nodes = parseClusterDefinition(
        withChange((d) => {
          d.name = name;
          d.network.cidr = '10.20.0.0/16';
          d.workers = [{ name: 'worker', count: 1000, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: '10.20.1.1' }];
        }),
      ).plan.nodes;
      expect(nodes).toHaveLength(1003);
      expect(new Set(nodes.map((n) => n.macAddress)).size).toBe(1003);
    }
  });

  test('another cluster name gives other identities for the same pools', () => {
    const prod = parseClusterDefinition(goodInput()).plan.nodes;
    const stage = parseClusterDefinition(withChange((d) => (d.name = 'stage'))).plan.nodes;
    expect(stage.map((n) => n.name)).toEqual(prod.map((n) => n.name.replace(/^prod-/, 'stage-')));
    for (let i = 0; i < prod.length; i++) {
      expect(stage[i].smbiosUuid).not.toBe(prod[i].smbiosUuid);
      expect(stage[i].macAddress).not.toBe(prod[i].macAddress);
    }
  });

  test('VMIDs follow vmidBase in node order unless a pool has its own; placement round-robins', () => {
    const def = parseClusterDefinition(
      withChange((d) => {
        d.workers[0].vmidBase = 3200;
        d.workers[0].proxmoxNodes = ['pve3'];
        d.workers.push({ name: 'gpu', count: 1, cores: 8, memoryMiB: 16384, diskGiB: 100, firstIp: '10.20.0.31', tags: ['gpu'] });
      }),
    );
    expect(def.plan.nodes.map((n) => [n.name, n.vmid, n.proxmoxNode])).toEqual([
      ['prod-cp-1', 3100, 'pve1'],
      ['prod-cp-2', 3101, 'pve2'],
      ['prod-cp-3', 3102, 'pve3'],
      ['prod-worker-1', 3200, 'pve3'],
      ['prod-worker-2', 3201, 'pve3'],
      // Round-robin restarts in every pool (as the Proxmox cluster plan places them).
      ['prod-gpu-1', 3105, 'pve1'],
    ]);
    expect(def.plan.nodes[5].tags).toEqual(['gpu', 'prod', 'talos', 'worker']);
    expect(def.plan.nodes.every((n) => n.prefixLength === 24)).toBe(true);
  });

  test('the endpoint is the VIP, else the first control plane', () => {
    expect(parseClusterDefinition(goodInput()).plan.clusterEndpoint).toBe('https://10.20.0.10:6443');
    const noVip = withChange((d) => {
      delete d.network.vip;
      delete d.clusterApi;
    });
    expect(parseClusterDefinition(noVip).plan.clusterEndpoint).toBe('https://10.20.0.11:6443');
  });
});
