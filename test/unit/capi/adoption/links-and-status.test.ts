import { parse } from 'yaml';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput, AdoptionInputError } from '../../../../providers/capi/resources/cluster-adoption/input';
import { keyId, keyOf, type KubeObject, type KubeObjectClient, type ObjectKey } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects, type AdoptionPlan, type DesiredObject } from '../../../../providers/capi/adoption/objects';
import { detectDrift } from '../../../../providers/capi/adoption/inventory';
import { keepLive, keptDrift, keptStatus, statusProblem } from '../../../../providers/capi/adoption/status';
import { repairedTalosconfigData, talosconfigEndpointsProblem } from '../../../../providers/capi/adoption/secrets';
import { parseTalosconfig } from '../../../../providers/machinery/clientconfig';
import { simulateAppliedPlan } from '../../../../providers/capi/adoption/observed';
import { clusterFixture, type ClusterFixture } from './fixtures';

let fixture: ClusterFixture;
let input: AdoptionInput;
let plan: AdoptionPlan;

beforeAll(async () => {
  fixture = await clusterFixture();
  input = validateAdoptionInput(fixture.raw);
  plan = buildAdoptionObjects(input, 'adopted');
}, 60_000);

const find = (kind: string, name: string): DesiredObject => {
  const d = plan.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
  if (!d) throw new Error(`no ${kind} ${name} in the plan`);
  return d;
};
const decode = (o: KubeObject, key: string) => Buffer.from((o.data as Record<string, string>)[key], 'base64').toString('utf8');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('clusterctl move: every object is linked to the Cluster before the unpause', () => {
  test('each object except the Namespace reaches the Cluster through owner references', () => {
    const byId = new Map(plan.objects.map((d) => [`${d.object.kind}/${d.object.metadata.name}`, d]));
    for (const d of plan.objects) {
      if (d.object.kind === 'Namespace' || d.object.kind === 'Cluster') continue;
      const chain: string[] = [];
      let current: DesiredObject | undefined = d;
      while (current && current.object.kind !== 'Cluster') {
        chain.push(`${current.object.kind}/${current.object.metadata.name}`);
        expect(chain.length).toBeLessThan(10);
        const owner: DesiredObject['owners'][number] | undefined = current.owners[0];
        expect(owner).toBeDefined();
        current = byId.get(`${owner!.kind}/${owner!.name}`);
        expect(current).toBeDefined();
      }
      expect(current!.object.metadata.name).toBe('lab');
    }
  });

  test('ProxmoxMachines are controlled by their Machine (as CAPI sets it); IPAddresses are owned by the pool (as IPAM sets it)', () => {
    expect(find('ProxmoxMachine', 'talos-worker-1').owners).toEqual([{ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Machine', name: 'talos-worker-1', controller: true }]);
    expect(find('IPAddress', 'talos-cp-1-net0-00-inet').owners).toEqual([{ apiVersion: 'ipam.cluster.x-k8s.io/v1alpha2', kind: 'InClusterIPPool', name: 'lab-v4-icip', controller: false }]);
    // The simulated apply resolves every owner (each one precedes what it owns).
    const applied = simulateAppliedPlan(plan);
    const pm = applied.get(keyId(keyOf(find('ProxmoxMachine', 'talos-cp-3').object)))!;
    const machine = applied.get(keyId(keyOf(find('Machine', 'talos-cp-3').object)))!;
    expect(pm.metadata.ownerReferences).toEqual([
      { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Machine', name: 'talos-cp-3', uid: machine.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  test('every object but the Namespace and the pool carries the cluster-name label', () => {
    const unlabelled = plan.objects.filter((d) => d.object.metadata.labels?.['cluster.x-k8s.io/cluster-name'] !== 'lab').map((d) => d.object.kind);
    expect(unlabelled.sort()).toEqual(['Cluster', 'InClusterIPPool', 'Namespace']);
  });
});

describe('<cluster>-kubeconfig in the format Cluster API and CACPPT use', () => {
  test('type, label, controller TCP, created only when missing', () => {
    const d = find('Secret', 'lab-kubeconfig');
    expect(d.object.type).toBe('cluster.x-k8s.io/secret');
    expect(d.object.metadata.labels).toMatchObject({ 'cluster.x-k8s.io/cluster-name': 'lab' });
    expect(d.owners).toEqual([{ apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3', kind: 'TalosControlPlane', name: 'lab-cp', controller: true }]);
    expect(d.createOnly).toBe(true);
    expect(d.lifecycle).toBe('managed');
  });

  test('key value: cluster <c>, user <c>-admin, context <c>-admin@<c>, credentials of the workload kubeconfig', () => {
    const kc = parse(decode(find('Secret', 'lab-kubeconfig').object, 'value'));
    const given = parse(fixture.kubeconfig);
    expect(kc['current-context']).toBe('lab-admin@lab');
    expect(kc.clusters).toEqual([{ name: 'lab', cluster: { server: given.clusters[0].cluster.server, 'certificate-authority-data': given.clusters[0].cluster['certificate-authority-data'] } }]);
    expect(kc.contexts).toEqual([{ name: 'lab-admin@lab', context: { cluster: 'lab', user: 'lab-admin' } }]);
    expect(kc.users).toEqual([{ name: 'lab-admin', user: { 'client-certificate-data': given.users[0].user['client-certificate-data'], 'client-key-data': given.users[0].user['client-key-data'] } }]);
  });

  test('a workload kubeconfig without embedded client credentials is rejected naming the field and the fix', () => {
    const tokenOnly = fixture.kubeconfig.replace(/client-certificate-data: .*\n\s*client-key-data: .*\n/, 'token: abc\n');
    expect(tokenOnly).not.toBe(fixture.kubeconfig);
    let err: unknown;
    try {
      validateAdoptionInput({ ...fixture.raw, workload_kubeconfig: tokenOnly });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdoptionInputError);
    const problem = (err as AdoptionInputError).problems.find((p) => p.path === 'workload_kubeconfig');
    expect(problem?.message).toMatch(/has no client-certificate-data.*<cluster>-kubeconfig.*talos_cluster_kubeconfig/);
  });

  test('a kubeconfig that is not YAML is rejected without quoting its text', () => {
    let err: unknown;
    try {
      validateAdoptionInput({ ...fixture.raw, workload_kubeconfig: 'client-key-data: S3CR3T: [x\n' });
    } catch (e) {
      err = e;
    }
    const problem = (err as AdoptionInputError).problems.find((p) => p.path === 'workload_kubeconfig');
    expect(problem?.message).toMatch(/^kubeconfig is not YAML: /);
    expect(problem?.message).not.toContain('S3CR3T');
  });
});

/** What CABPT writes while the control-plane Machines have no addresses. */
const nullEndpoints = (text: string) => text.replace(/endpoints:\n(\s+- .*\n)+/, 'endpoints: null\n');

describe('talosconfig endpoints', () => {
  test('a CABPT rewrite with endpoints: null is detected; the repair keeps its certificates and sets the control-plane IPs', () => {
    const ours = decode(find('Secret', 'lab-talosconfig').object, 'talosconfig');
    expect(talosconfigEndpointsProblem({ talosconfig: b64(ours) })).toBeUndefined();
    const rewritten = nullEndpoints(fixture.talosconfig.replace(/crt: \S+/, `crt: ${b64('-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n')}`));
    expect(rewritten).toContain('endpoints: null');
    expect(talosconfigEndpointsProblem({ talosconfig: b64(rewritten) })).toBe('the current context has no endpoints: CACPPT cannot reach the Talos API');
    const repaired = parseTalosconfig(Buffer.from(repairedTalosconfigData({ talosconfig: b64(rewritten) }, ours, ['10.10.0.11', '10.10.0.12', '10.10.0.13']).talosconfig, 'base64').toString('utf8'));
    expect(repaired.contexts.lab.endpoints).toEqual(['10.10.0.11', '10.10.0.12', '10.10.0.13']);
    expect(repaired.contexts.lab.crt).toBe(parseTalosconfig(rewritten).contexts.lab.crt);
  });

  test('a missing key or an unreadable talosconfig is a problem; the repair falls back to ours', () => {
    expect(talosconfigEndpointsProblem({})).toBe('has no data.talosconfig');
    expect(talosconfigEndpointsProblem({ talosconfig: b64('context: x\n') })).toMatch(/^is not a talosconfig/);
    const fixed = repairedTalosconfigData({ talosconfig: b64('context: x\n') }, fixture.talosconfig, ['10.10.0.11']);
    expect(parseTalosconfig(Buffer.from(fixed.talosconfig, 'base64').toString('utf8')).contexts.lab.endpoints).toEqual(['10.10.0.11']);
  });
});

describe('statusProblem: desired status must be contained in the live one (lists as sets)', () => {
  const want = {
    addresses: [
      { type: 'InternalIP', address: '10.10.0.11' },
      { type: 'Hostname', address: 'talos-cp-1' },
    ],
  };
  test.each([
    ['same', { addresses: [...want.addresses] }, undefined],
    [
      'other order plus an ExternalIP',
      {
        addresses: [
          { type: 'Hostname', address: 'talos-cp-1' },
          { type: 'ExternalIP', address: '192.0.2.1' },
          { type: 'InternalIP', address: '10.10.0.11' },
        ],
      },
      undefined,
    ],
    ['no status', undefined, 'status is absent'],
    ['no addresses', {}, 'status.addresses is absent, want [{"type":"InternalIP","address":"10.10.0.11"},{"type":"Hostname","address":"talos-cp-1"}]'],
    ['hostname missing', { addresses: [want.addresses[0]] }, 'status.addresses lacks {"type":"Hostname","address":"talos-cp-1"}'],
    ['another IP', { addresses: [{ type: 'InternalIP', address: '10.10.0.99' }, want.addresses[1]] }, 'status.addresses lacks {"type":"InternalIP","address":"10.10.0.11"}'],
  ])('%s', (_name, live, problem) => {
    expect(statusProblem(want, live)).toBe(problem);
  });
});

describe('keptStatus: the Proxmox node is seeded, then the controller owns it', () => {
  const want = { proxmoxNode: 'pve1', addresses: [{ type: 'InternalIP', address: '10.10.0.11' }] };
  test('unset or empty live node: the seeded value is wanted', () => {
    expect(keptStatus(want, undefined)).toEqual(want);
    expect(keptStatus(want, { proxmoxNode: '' })).toEqual(want);
    expect(statusProblem(keptStatus(want, {}), {})).toBe('status.proxmoxNode is absent, want "pve1"');
  });
  test('a node CAPMOX moved the VM to is kept, never reverted; addresses stay ours', () => {
    const live = { proxmoxNode: 'pve2', addresses: [{ type: 'InternalIP', address: '10.10.0.11' }] };
    expect(keptStatus(want, live)).toEqual({ ...want, proxmoxNode: 'pve2' });
    expect(statusProblem(keptStatus(want, live), live)).toBeUndefined();
    expect(statusProblem(keptStatus(want, { proxmoxNode: 'pve2' }), { proxmoxNode: 'pve2' })).toBe('status.addresses is absent, want [{"type":"InternalIP","address":"10.10.0.11"}]');
  });
});

/** An in-memory management cluster: enough of the API server for the keep/repair logic. */
function memoryClient(objects: KubeObject[]): { client: KubeObjectClient; writes: string[]; store: Map<string, KubeObject> } {
  const store = new Map(objects.map((o) => [keyId(keyOf(o)), structuredClone(o)]));
  const writes: string[] = [];
  const mergeInto = (target: Record<string, unknown>, patch: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete target[k];
      else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) mergeInto(target[k] as Record<string, unknown>, v as Record<string, unknown>);
      else target[k] = structuredClone(v);
    }
  };
  const need = (key: ObjectKey) => {
    const o = store.get(keyId(key));
    if (!o) throw Object.assign(new Error(`${key.kind} ${key.name} not found`), { status: 404 });
    return o;
  };
  return {
    writes,
    store,
    client: {
      get: async (key) => structuredClone(store.get(keyId(key)) ?? null),
      list: async () => [],
      async apply(object) {
        writes.push(`apply ${object.kind}/${object.metadata.name}`);
        store.set(keyId(keyOf(object)), structuredClone(object));
        return structuredClone(object);
      },
      async applyStatus(object) {
        writes.push(`status ${object.kind}/${object.metadata.name}`);
        const o = need(keyOf(object)) as Record<string, unknown>;
        o.status = { ...((o.status as object) ?? {}), ...structuredClone(object.status as object) };
        return structuredClone(o) as KubeObject;
      },
      async mergePatch(key, patch) {
        writes.push(`patch ${key.kind}/${key.name}`);
        const o = need(key) as Record<string, unknown>;
        mergeInto(o, patch);
        return structuredClone(o) as KubeObject;
      },
      delete: async () => true,
    },
  };
}

describe('kept invariants: read reports them as drift, apply repairs only what broke', () => {
  function liveCluster(): ReturnType<typeof memoryClient> {
    const applied = [...simulateAppliedPlan(plan).values()];
    return memoryClient(applied);
  }

  test('nothing broken: no drift, no write', async () => {
    const m = liveCluster();
    expect(await keptDrift(m.client, plan)).toEqual([]);
    expect(await detectDrift(m.client, plan)).toEqual([]);
    expect(await keepLive(m.client, plan, () => undefined)).toEqual([]);
    expect(m.writes).toEqual([]);
  });

  test('addresses wiped from a ProxmoxMachine and a null talosconfig endpoint: drift, then one repair each', async () => {
    const m = liveCluster();
    const pm = m.store.get(keyId(keyOf(find('ProxmoxMachine', 'talos-worker-2').object)))! as Record<string, any>;
    pm.status = { initialization: { provisioned: true } };
    const tc = m.store.get(keyId(keyOf(find('Secret', 'lab-talosconfig').object)))! as Record<string, any>;
    tc.data = { talosconfig: b64(nullEndpoints(decode(tc as KubeObject, 'talosconfig'))) };
    // Removed by Cluster API (a scale-down): not drift, never re-created.
    m.store.delete(keyId(keyOf(find('ProxmoxMachine', 'talos-cp-3').object)));
    // CACPPT-owned kubeconfig deleted: missing, so the apply creates it.
    m.store.delete(keyId(keyOf(find('Secret', 'lab-kubeconfig').object)));

    const drift = await detectDrift(m.client, plan);
    expect(drift).toEqual([
      'Secret lab-capi/lab-kubeconfig is missing',
      'Secret lab-capi/lab-talosconfig data.talosconfig: the current context has no endpoints: CACPPT cannot reach the Talos API',
      'ProxmoxMachine lab-capi/talos-worker-2 status.addresses is absent, want [{"type":"InternalIP","address":"10.10.0.22"},{"type":"Hostname","address":"talos-worker-2"}]',
    ]);
    expect(await keepLive(m.client, plan, () => undefined)).toEqual(['Secret lab-capi/lab-talosconfig', 'ProxmoxMachine lab-capi/talos-worker-2']);
    expect(m.writes).toEqual(['patch Secret/lab-talosconfig', 'status ProxmoxMachine/talos-worker-2']);
    expect(m.store.get(keyId(keyOf(find('ProxmoxMachine', 'talos-worker-2').object)))!.status).toEqual({
      initialization: { provisioned: true },
      addresses: [
        { type: 'InternalIP', address: '10.10.0.22' },
        { type: 'Hostname', address: 'talos-worker-2' },
      ],
      proxmoxNode: 'pve2',
    });
    expect(m.store.has(keyId(keyOf(find('ProxmoxMachine', 'talos-cp-3').object)))).toBe(false);
    expect(await keptDrift(m.client, plan)).toEqual([]);
  });

  test('a ProxmoxMachine being deleted is left alone', async () => {
    const m = liveCluster();
    const pm = m.store.get(keyId(keyOf(find('ProxmoxMachine', 'talos-cp-1').object)))! as Record<string, any>;
    pm.status = {};
    pm.metadata = { ...pm.metadata, deletionTimestamp: '2026-12-05T10:00:00Z' };
    expect(await keptDrift(m.client, plan)).toEqual([]);
    expect(await keepLive(m.client, plan, () => undefined)).toEqual([]);
    expect(m.writes).toEqual([]);
  });
});
