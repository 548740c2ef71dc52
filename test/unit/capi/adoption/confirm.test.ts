import { confirmationGaps, describeUnmet, type ConfirmationSnapshot } from '../../../../providers/capi/adoption/confirm';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import type { KubeObject } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects, type AdoptionPlan } from '../../../../providers/capi/adoption/objects';
import { clusterFixture } from './fixtures';

let input: AdoptionInput;
let plan: AdoptionPlan;

beforeAll(async () => {
  input = validateAdoptionInput((await clusterFixture()).raw);
  plan = buildAdoptionObjects(input, 'adopted');
}, 60_000);

type Json = Record<string, any>;
const T = '2026-12-05T10:00:00Z';
const v1beta2 = (type: string, status = 'True', reason = type, message = '') => ({ type, status, reason, message, lastTransitionTime: T });
const v1beta1 = (type: string, status = 'True', reason?: string, message?: string) => ({
  type,
  status,
  ...(reason ? { reason, severity: 'Warning' } : {}),
  ...(message ? { message } : {}),
  lastTransitionTime: T,
});

function planned(kind: string): KubeObject[] {
  return plan.objects.filter((d) => d.object.kind === kind).map((d) => structuredClone(d.object) as KubeObject);
}

/** What the controllers report once they have taken over: every condition met. */
function healthy(): { cluster: Json; controlPlane: Json; machines: Json[]; proxmoxMachines: Json[] } {
  const cluster = { ...planned('Cluster')[0], status: { conditions: [v1beta2('Available')] } };
  const controlPlane = { ...planned('TalosControlPlane')[0], status: { ready: true, conditions: ['Ready', 'EtcdClusterHealthyCondition', 'ControlPlaneComponentsHealthy'].map((t) => v1beta1(t)) } };
  const ips = new Map(input.nodes.map((n) => [n.name, n.ip]));
  const machines = planned('Machine').map((m) => ({ ...m, status: { phase: 'Running', nodeRef: { name: m.metadata.name }, conditions: [v1beta2('Ready')] } }));
  const proxmoxMachines = planned('ProxmoxMachine').map((p) => ({
    ...p,
    status: {
      initialization: { provisioned: true },
      addresses: [
        { type: 'InternalIP', address: ips.get(p.metadata.name) },
        { type: 'Hostname', address: p.metadata.name },
      ],
    },
  }));
  return { cluster, controlPlane, machines, proxmoxMachines };
}

function gaps(mutate: (s: ReturnType<typeof healthy>) => Partial<ConfirmationSnapshot> | void) {
  const s = healthy();
  const replaced = mutate(s) ?? {};
  const snapshot = { ...(s as unknown as ConfirmationSnapshot), ...replaced };
  return confirmationGaps(input, plan.names, snapshot);
}

const condition = (o: Json, type: string) => (o.status.conditions as Json[]).find((c) => c.type === type)!;

describe('confirmationGaps: confirmed only when the controllers report it', () => {
  test('every condition met: nothing is open', () => {
    expect(gaps(() => undefined)).toEqual([]);
    expect(describeUnmet([])).toBe('every condition is met');
  });

  // One row per condition: the mutation and the first unmet condition it must produce.
  const rows: Array<[string, (s: ReturnType<typeof healthy>) => Partial<ConfirmationSnapshot> | void, string]> = [
    [
      'Cluster not Available',
      (s) => void Object.assign(condition(s.cluster, 'Available'), { status: 'False', reason: 'NotAvailable', message: 'ControlPlaneAvailable is False' }),
      'Cluster lab-capi/lab | Available | NotAvailable | ControlPlaneAvailable is False',
    ],
    ['Cluster without conditions', (s) => void (s.cluster.status = {}), 'Cluster lab-capi/lab | Available | NotReported | the controller has not reported Available yet'],
    ['no Cluster', () => ({ cluster: null }), 'Cluster lab-capi/lab | exists | NotFound | the Cluster does not exist'],
    [
      'TCP not Ready (CACPPT waiting for addresses)',
      (s) => void Object.assign(condition(s.controlPlane, 'Ready'), { status: 'False', reason: 'WaitingForTalosBoot', message: 'no addresses were found for node talos-cp-1' }),
      'TalosControlPlane lab-capi/lab-cp | Ready | WaitingForTalosBoot | no addresses were found for node talos-cp-1',
    ],
    [
      'etcd unhealthy',
      (s) => void Object.assign(condition(s.controlPlane, 'EtcdClusterHealthyCondition'), { status: 'False', reason: 'EtcdMemberUnhealthy', message: 'member talos-cp-2 is not healthy' }),
      'TalosControlPlane lab-capi/lab-cp | EtcdClusterHealthyCondition | EtcdMemberUnhealthy | member talos-cp-2 is not healthy',
    ],
    [
      'components health Unknown without reason',
      (s) => void Object.assign(condition(s.controlPlane, 'ControlPlaneComponentsHealthy'), { status: 'Unknown' }),
      'TalosControlPlane lab-capi/lab-cp | ControlPlaneComponentsHealthy | StatusUnknown | ControlPlaneComponentsHealthy is Unknown',
    ],
    [
      'components health not reported',
      (s) => void (s.controlPlane.status.conditions = s.controlPlane.status.conditions.filter((c: Json) => c.type !== 'ControlPlaneComponentsHealthy')),
      'TalosControlPlane lab-capi/lab-cp | ControlPlaneComponentsHealthy | NotReported | the controller has not reported ControlPlaneComponentsHealthy yet',
    ],
    ['no TCP', () => ({ controlPlane: null }), 'TalosControlPlane lab-capi/lab-cp | exists | NotFound | the TalosControlPlane does not exist'],
    ['a Machine still Provisioned', (s) => void (s.machines[3].status.phase = 'Provisioned'), 'Machine lab-capi/talos-worker-1 | phase | Provisioned | phase is Provisioned, want Running'],
    [
      'a Machine without nodeRef',
      (s) => void delete s.machines[1].status.nodeRef,
      'Machine lab-capi/talos-cp-2 | nodeRef | NoNodeRef | no workload Node matched providerID proxmox://4a3e5e1c-0000-4000-8000-000000000012 yet',
    ],
    ['no Machines at all', () => ({ machines: [] }), 'Machine lab-capi/* | exists | NotFound | no Machine carries the label cluster.x-k8s.io/cluster-name=lab'],
    [
      'a ProxmoxMachine not provisioned',
      (s) => void (s.proxmoxMachines[0].status = { conditions: [v1beta2('Ready', 'False', 'VMProvisionFailed', 'expected VM name to match')] }),
      'ProxmoxMachine lab-capi/talos-cp-1 | initialization.provisioned | VMProvisionFailed | expected VM name to match',
    ],
    [
      'a ProxmoxMachine without addresses (CAPMOX v0.9.0)',
      (s) => void (s.proxmoxMachines[4].status.addresses = []),
      'ProxmoxMachine lab-capi/talos-worker-2 | addresses | NoAddresses | status.addresses lists no InternalIP: CACPPT cannot reach the node',
    ],
    [
      'a ProxmoxMachine with a foreign address',
      (s) => void (s.proxmoxMachines[2].status.addresses[0].address = '10.10.0.99'),
      'ProxmoxMachine lab-capi/talos-cp-3 | addresses | WrongAddress | status.addresses lists 10.10.0.99, the node runs on 10.10.0.13',
    ],
    [
      'a Machine whose ProxmoxMachine is gone',
      (s) => ({ proxmoxMachines: s.proxmoxMachines.slice(1) as never }),
      'ProxmoxMachine lab-capi/talos-cp-1 | exists | NotFound | Machine talos-cp-1 references it but it does not exist',
    ],
  ];

  test.each(rows)('%s', (_name, mutate, first) => {
    const found = gaps(mutate);
    expect(found.length).toBeGreaterThan(0);
    expect(`${found[0].object} | ${found[0].condition} | ${found[0].reason} | ${found[0].message}`).toBe(first);
  });

  test('the message names the FIRST unmet condition in check order and counts the rest', () => {
    const found = gaps((s) => {
      Object.assign(condition(s.controlPlane, 'Ready'), { status: 'False', reason: 'WaitingForTalosBoot', message: 'no addresses' });
      s.proxmoxMachines.forEach((p) => (p.status.addresses = []));
      condition(s.cluster, 'Available').status = 'False';
    });
    expect(found.map((g) => `${g.object} ${g.condition}`)).toEqual([
      'Cluster lab-capi/lab Available',
      'TalosControlPlane lab-capi/lab-cp Ready',
      ...['talos-cp-1', 'talos-cp-2', 'talos-cp-3', 'talos-worker-1', 'talos-worker-2'].map((n) => `ProxmoxMachine lab-capi/${n} addresses`),
    ]);
    expect(describeUnmet(found)).toBe('Cluster lab-capi/lab: Available not met (reason Available): Available is False (6 more not met)');
  });

  test('machines Cluster API created after adoption count too; their ProxmoxMachine needs an address, any address', () => {
    const found = gaps((s) => {
      const m = structuredClone(s.machines[0]);
      m.metadata.name = 'lab-cp-x7k2p';
      m.spec.infrastructureRef.name = 'lab-cp-x7k2p';
      delete m.status.nodeRef;
      const p = structuredClone(s.proxmoxMachines[0]);
      p.metadata.name = 'lab-cp-x7k2p';
      p.status.addresses = [{ type: 'InternalIP', address: '10.10.0.100' }];
      return { machines: [...s.machines, m] as never, proxmoxMachines: [...s.proxmoxMachines, p] as never };
    });
    expect(found.map((g) => `${g.object} ${g.condition}`)).toEqual(['Machine lab-capi/lab-cp-x7k2p nodeRef']);
  });

  test('a ProxmoxMachine with the older status.ready and extra addresses is ready', () => {
    expect(
      gaps((s) => {
        s.proxmoxMachines[0].status = {
          ready: true,
          addresses: [
            { type: 'Hostname', address: 'talos-cp-1' },
            { type: 'ExternalIP', address: '192.0.2.1' },
            { type: 'InternalIP', address: '10.10.0.11' },
          ],
        };
      }),
    ).toEqual([]);
  });
});
