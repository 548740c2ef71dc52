/** The cluster health verdict from one round of observations. */
import type { EtcdMemberInfo, ServiceInfo } from '../../../../providers/talos/api/types';
import { healthProblems, type KubeObservation, type NodeObservation } from '../../../../providers/talos/operations/health-checks';
import { toObservations } from '../../../../providers/talos/operations/kube-nodes';

const CPS = ['127.0.10.11', '127.0.10.12', '127.0.10.13'];
const WORKERS = ['127.0.10.21'];

function service(id: string, state = 'Running', health: Partial<ServiceInfo['health']> = {}): ServiceInfo {
  return { id, state, health: { unknown: false, healthy: true, lastMessage: '', ...health }, events: [] };
}

function member(address: string, id: string): EtcdMemberInfo {
  return { id, hostname: `host-${id}`, peerUrls: [`https://${address}:2380`], clientUrls: [`https://${address}:2379`], isLearner: false };
}

const allMembers = CPS.map((a, i) => member(a, String(i + 1)));
const running = { stage: 'running' as const, ready: true, unmetConditions: [] };

function healthyCp(address: string, members = allMembers): NodeObservation {
  return {
    address,
    role: 'controlplane',
    status: running,
    services: ['apid', 'containerd', 'cri', 'etcd', 'kubelet', 'machined', 'trustd'].map((id) => service(id)),
    etcd: { members },
  };
}

function healthyWorker(address: string): NodeObservation {
  return { address, role: 'worker', status: running, services: ['apid', 'containerd', 'kubelet', 'machined'].map((id) => service(id)) };
}

const healthyKube: KubeObservation = {
  nodes: [...CPS, ...WORKERS].map((a, i) => ({ name: `n${i}`, ready: true, internalIPs: [a] })),
};

const cluster = (): NodeObservation[] => [...CPS.map((a) => healthyCp(a)), ...WORKERS.map(healthyWorker)];

describe('healthProblems', () => {
  test('a healthy cluster has no problems (with and without Kubernetes checks)', () => {
    expect(healthProblems(cluster(), healthyKube)).toEqual([]);
    expect(healthProblems(cluster(), undefined)).toEqual([]);
  });

  test('unreachable nodes, stages and services are named per node', () => {
    const nodes = cluster();
    nodes[1] = { address: CPS[1], role: 'controlplane', error: 'Talos API not answering (UNAVAILABLE: connection refused)' };
    nodes[2] = {
      ...healthyCp(CPS[2]),
      status: { stage: 'booting', ready: false, unmetConditions: [] },
      services: [service('apid'), service('containerd'), service('etcd', 'Preparing'), service('kubelet', 'Running', { healthy: false, lastMessage: 'probe failed' })],
    };
    nodes[3] = { ...healthyWorker(WORKERS[0]), status: { stage: 'running', ready: false, unmetConditions: [{ name: 'nodeReady', reason: 'kubelet not ready' }] } };
    expect(healthProblems(nodes, undefined)).toEqual([
      'node 127.0.10.12 (control plane): Talos API not answering (UNAVAILABLE: connection refused)',
      'node 127.0.10.13 (control plane): stage booting',
      'node 127.0.10.13 (control plane): service etcd is Preparing',
      'node 127.0.10.13 (control plane): service kubelet is unhealthy (probe failed)',
      'node 127.0.10.13 (control plane): service trustd is not running',
      'node 127.0.10.21 (worker): not ready (nodeReady: kubelet not ready)',
    ]);
  });

  test('a service without a health check only has to run', () => {
    const nodes = cluster();
    nodes[3] = { ...healthyWorker(WORKERS[0]), services: [service('apid'), service('containerd', 'Running', { unknown: true, healthy: false }), service('kubelet')] };
    expect(healthProblems(nodes, healthyKube)).toEqual([]);
  });

  test('etcd: one member per control plane, the same list everywhere, no learners', () => {
    const two = allMembers.slice(0, 2);
    const nodes = [healthyCp(CPS[0], two), healthyCp(CPS[1], two), { ...healthyCp(CPS[2]), etcd: { error: 'etcdserver: no leader' } }];
    expect(healthProblems(nodes, undefined)).toEqual([
      'node 127.0.10.13: etcd member list unavailable (etcdserver: no leader)',
      'etcd: 2 members, expected 3 (one per control plane)',
      'etcd: no member for control plane 127.0.10.13',
    ]);
    const split = [healthyCp(CPS[0]), healthyCp(CPS[1], [allMembers[0], allMembers[1], member('127.0.10.99', '9')]), healthyCp(CPS[2])];
    expect(healthProblems(split, undefined)).toEqual(['etcd: node 127.0.10.12 sees other members than node 127.0.10.11']);
    const learner = allMembers.map((m, i) => (i === 2 ? { ...m, isLearner: true } : m));
    expect(
      healthProblems(
        CPS.map((a) => healthyCp(a, learner)),
        undefined,
      ),
    ).toEqual(['etcd: host-3 still learner']);
  });

  test('with machines Cluster API added: more etcd members than listed control planes pass, fewer still fail', () => {
    const extra = [...allMembers, member('127.0.10.100', '4'), member('127.0.10.101', '5')];
    const listed = [healthyCp(CPS[0], extra), healthyCp(CPS[1], extra), healthyCp(CPS[2], extra)];
    expect(healthProblems(listed, undefined)).toEqual(['etcd: 5 members, expected 3 (one per control plane)']);
    expect(healthProblems(listed, undefined, { allowAdditionalMembers: true })).toEqual([]);
    // A listed control plane must still be a member, and there must be at least one per listed node.
    const without = [member('127.0.10.100', '4'), allMembers[0], allMembers[1]];
    expect(
      healthProblems(
        CPS.map((a) => healthyCp(a, without)),
        undefined,
        { allowAdditionalMembers: true },
      ),
    ).toEqual(['etcd: no member for control plane 127.0.10.13']);
    const two = allMembers.slice(0, 2);
    expect(
      healthProblems(
        CPS.map((a) => healthyCp(a, two)),
        undefined,
        { allowAdditionalMembers: true },
      ),
    ).toEqual(['etcd: 2 members, expected at least 3 (one per control plane)', 'etcd: no member for control plane 127.0.10.13']);
  });

  test('Kubernetes: every node registered (by InternalIP) and Ready', () => {
    const kube: KubeObservation = {
      nodes: [
        { name: 'lab-cp-1', ready: true, internalIPs: [CPS[0]] },
        { name: 'lab-cp-2', ready: false, internalIPs: [CPS[1]] },
        { name: 'lab-cp-3', ready: true, internalIPs: [CPS[2]] },
      ],
    };
    expect(healthProblems(cluster(), kube)).toEqual(['kubernetes: node lab-cp-2 (127.0.10.12) is not Ready', 'kubernetes: node 127.0.10.21 is not registered']);
    expect(healthProblems(cluster(), { error: 'API https://127.0.10.10:6443 not answering: connect ECONNREFUSED' })).toEqual([
      'kubernetes: API https://127.0.10.10:6443 not answering: connect ECONNREFUSED',
    ]);
  });
});

describe('toObservations', () => {
  test('reads name, Ready and InternalIPs from a NodeList', () => {
    expect(
      toObservations({
        items: [
          {
            metadata: { name: 'lab-cp-1' },
            status: {
              conditions: [
                { type: 'MemoryPressure', status: 'False' },
                { type: 'Ready', status: 'True' },
              ],
              addresses: [
                { type: 'InternalIP', address: '127.0.10.11' },
                { type: 'Hostname', address: 'lab-cp-1' },
              ],
            },
          },
          { metadata: { name: 'lab-worker-1' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
        ],
      }),
    ).toEqual([
      { name: 'lab-cp-1', ready: true, internalIPs: ['127.0.10.11'] },
      { name: 'lab-worker-1', ready: false, internalIPs: [] },
    ]);
    expect(toObservations({})).toEqual([]);
  });
});
