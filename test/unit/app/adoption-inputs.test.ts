/**
 * The pure mappings to capi_cluster_adoption inputs: node blocks, network, version tag, and the
 * errors that name the field.
 */
import { adoptionNetwork, adoptionNodes, kubernetesVersionTag, type AdoptedNodeFacts } from '../../../stacks/constructs/capi/adoption-inputs';

const cp: AdoptedNodeFacts = { name: 'c-cp-1', role: 'controlplane', vmid: 101, proxmoxNode: 'pve1', ip: '10.0.0.11', smbiosUuid: 'u-1' };
const worker: AdoptedNodeFacts = { name: 'c-worker-1', role: 'worker', vmid: 111, proxmoxNode: 'pve2', ip: '10.0.0.21', smbiosUuid: 'u-2' };

test('node blocks: VM name is the node name, running', () => {
  expect(adoptionNodes('x', [cp, worker])).toEqual([
    { name: 'c-cp-1', vmName: 'c-cp-1', role: 'controlplane', vmId: 101, proxmoxNode: 'pve1', ip: '10.0.0.11', smbiosUuid: 'u-1', started: true },
    { name: 'c-worker-1', vmName: 'c-worker-1', role: 'worker', vmId: 111, proxmoxNode: 'pve2', ip: '10.0.0.21', smbiosUuid: 'u-2', started: true },
  ]);
});

test('no control plane, or a name twice, is refused naming the field', () => {
  expect(() => adoptionNodes('app/c-capi', [worker])).toThrow('app/c-capi: nodes: at least one controlplane node is required');
  expect(() => adoptionNodes('s', [cp, { ...worker, name: 'c-cp-1' }])).toThrow('s: nodes "c-cp-1" appears twice');
});

test('network needs new-node addresses and a DNS server', () => {
  const net = { cidr: '10.0.0.0/24', gateway: '10.0.0.1', dnsServers: ['10.0.0.1'], newNodeAddresses: ['10.0.0.100-10.0.0.150'] };
  expect(adoptionNetwork('s', net)).toEqual(net);
  expect(() => adoptionNetwork('s', { ...net, newNodeAddresses: [] })).toThrow('s: network.newNodeAddresses: give at least one address range');
  expect(() => adoptionNetwork('s', { ...net, dnsServers: [] })).toThrow('s: network.dnsServers');
});

test('Kubernetes version tag', () => {
  expect(kubernetesVersionTag('1.36.3')).toBe('v1.36.3');
  expect(kubernetesVersionTag('v1.36.3')).toBe('v1.36.3');
  expect(() => kubernetesVersionTag('1.36')).toThrow('kubernetesVersion "1.36" is not an exact version');
});
