/**
 * Adoption of the lab's 3+2 Talos cluster by a lab management cluster with the real Cluster API,
 * CAPMOX, CABPT, CACPPT and IPAM CRDs (schema validation by a real kube-apiserver). No controllers
 * run: the tests play them where a step needs one (nodeRefs, a rogue machine).
 */
import { checkAdoptionGuards, AdoptionGuardError, type GuardFinding } from '../../../../providers/capi/adoption/guards';
import { runAdoption } from '../../../../providers/capi/adoption/adopt';
import { createAdoptionResource, planProblems } from '../../../../providers/capi/resources/cluster-adoption/resource';
import { type AdoptionInput } from '../../../../providers/capi/adoption/input';
import { validateAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { ADOPTION_KINDS, keyId, keyOf, type AdoptionProviderContext, type KubeObject } from '../../../../providers/capi/adoption/kube';
import { buildAdoptionObjects, templateNames } from '../../../../providers/capi/adoption/objects';
import { observeManagement, observeWorkload } from '../../../../providers/capi/adoption/observe';
import { workloadClient, kubeObjectClient } from '../../../../providers/capi/adoption/context';
import { discoverClusterObjects, DetachRefusedError } from '../../../../providers/capi/adoption/teardown';
import { AdoptionSafetyStop } from '../../../../providers/capi/adoption/watch';
import { KubeClient, parseKubeconfig } from '../../../../providers/capi/kube';
import type { Model } from '../../../../providers/runtime';
import type { adoptionSchema } from '../../../../providers/capi/resources/cluster-adoption/schema';
import { withLogs } from '../../lab/k8s/lab-support';
import { waitFor } from '../../../lab/k8s';
import { BUILD_TIMEOUT_MS, handlerContext, modelOf, providerContext, recording, spec, START_TIMEOUT_MS, startAdoptionLab, type AdoptionLab } from './support';

type State = Model<typeof adoptionSchema>;
const K = ADOPTION_KINDS;
const handler = createAdoptionResource<AdoptionProviderContext>((p) => p);

let lab: AdoptionLab | undefined;
function theLab(): AdoptionLab {
  if (!lab) throw new Error('the adoption lab did not start (see the beforeAll error)');
  return lab;
}

beforeAll(
  async () => {
    lab = await startAdoptionLab('adopt', { mgmt: '127.0.0.21', workload: '127.0.0.22' });
    // The inventory entry clusterctl (or capi_components) writes for CAPMOX v0.9.0.
    const c = lab.mgmt.client();
    await c.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'capmox-system' } });
    await c.create('/apis/clusterctl.cluster.x-k8s.io/v1alpha3/namespaces/capmox-system/providers', {
      apiVersion: 'clusterctl.cluster.x-k8s.io/v1alpha3',
      kind: 'Provider',
      metadata: { name: 'infrastructure-proxmox', namespace: 'capmox-system' },
      providerName: 'proxmox',
      type: 'InfrastructureProvider',
      version: 'v0.9.0',
    });
  },
  BUILD_TIMEOUT_MS + 2 * START_TIMEOUT_MS,
);

afterAll(async () => {
  await lab?.stop();
}, 60_000);

function inputOf(overrides: Record<string, unknown> = {}): { model: State; input: AdoptionInput } {
  const model = modelOf({ ...theLab().fixture.raw, workload_kubeconfig: theLab().workloadKubeconfig }, overrides);
  return { model, input: validateAdoptionInput(model as never) };
}

async function getObject(kind: keyof typeof K, namespace: string, name: string): Promise<KubeObject | null> {
  const info = K[kind];
  return theLab().mgmtClient.get({ apiVersion: info.apiVersion, kind: info.kind, name, ...(info.namespaced ? { namespace } : {}) });
}

async function serverGuards(input: AdoptionInput): Promise<GuardFinding[]> {
  const plan = buildAdoptionObjects(input, 'adopted');
  const wl = workloadClient(theLab().workloadKubeconfig);
  try {
    return checkAdoptionGuards(input, plan, await observeManagement(theLab().mgmtClient, plan, await observeWorkload(wl)));
  } finally {
    wl.close?.();
  }
}

const errorsOf = (findings: GuardFinding[]) => findings.filter((f) => f.severity === 'error');

/** Plays the Machine controller: sets status.nodeRef on the named Machines. */
async function setNodeRefs(namespace: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await theLab()
      .mgmt.client()
      .json('PATCH', `/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/machines/${name}/status`, {
        body: { status: { nodeRef: { name } } },
        contentType: 'application/merge-patch+json',
      });
  }
}

/** Plays every controller reporting success: the conditions `adoption_confirmed` waits for. */
async function reportHealthy(namespace: string, names: readonly string[], tcpReady: { status: 'True' | 'False'; reason?: string; message?: string } = { status: 'True' }): Promise<void> {
  const c = theLab().mgmt.client();
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const status = (path: string, body: Record<string, unknown>) => c.json('PATCH', `${path}/status`, { body: { status: body }, contentType: 'application/merge-patch+json' });
  await status(`/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/clusters/lab`, {
    conditions: [{ type: 'Available', status: 'True', reason: 'Available', message: '', lastTransitionTime: now }],
  });
  const v1beta1 = (type: string, s: string, reason?: string, message?: string) => ({
    type,
    status: s,
    lastTransitionTime: now,
    ...(reason ? { reason, severity: 'Info' } : {}),
    ...(message ? { message } : {}),
  });
  await status(`/apis/controlplane.cluster.x-k8s.io/v1alpha3/namespaces/${namespace}/taloscontrolplanes/lab-cp`, {
    ready: true,
    conditions: [v1beta1('Ready', tcpReady.status, tcpReady.reason, tcpReady.message), v1beta1('EtcdClusterHealthyCondition', 'True'), v1beta1('ControlPlaneComponentsHealthy', 'True')],
  });
  for (const name of names) {
    await status(`/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/machines/${name}`, { phase: 'Running', nodeRef: { name } });
    await status(`/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/${namespace}/proxmoxmachines/${name}`, { initialization: { provisioned: true } });
  }
}

let adopted: State;

describe('capi_cluster_adoption against a lab management cluster', () => {
  test('adopts the 3+2 cluster: every object applied in recipe order, accepted by the real schemas, then unpaused', async () => {
    const l = theLab();
    await withLogs(l.mgmt, async () => {
      const { model, input } = inputOf();
      const rec = recording(l.mgmtClient);
      const ctx = handlerContext(providerContext(l, rec.client));
      const result = await handler.create({ planned: model, config: model, ctx });
      adopted = { ...model, ...result.state } as State;

      const plan = buildAdoptionObjects(input);
      // Every object in recipe order; the addresses of each adopted ProxmoxMachine right after it (status subresource).
      expect(rec.writes).toEqual([
        // The admission policy first: it is in force before any controller can create a Machine.
        `apply MutatingAdmissionPolicy/${plan.names.deletionOrderPolicy}`,
        `apply MutatingAdmissionPolicyBinding/${plan.names.deletionOrderPolicy}`,
        ...plan.objects.flatMap((d) => [`apply ${d.object.kind}/${d.object.metadata.name}`, ...(d.status ? [`status ${d.object.kind}/${d.object.metadata.name}`] : [])]),
        'apply Cluster/lab',
      ]);
      expect(rec.writes.filter((w) => w.startsWith('status '))).toHaveLength(5);
      expect(result.state).toMatchObject({ id: 'lab-capi/lab', phase: 'adopted', paused: false, adoption_confirmed: false, drift: [] });
      expect(result.state.machines!.map((m) => `${m.name} ${m.role} ${m.vm_id} ${m.adopted}`)).toEqual([
        'talos-cp-1 controlplane 201 true',
        'talos-cp-2 controlplane 202 true',
        'talos-cp-3 controlplane 203 true',
        'talos-worker-1 worker 211 true',
        'talos-worker-2 worker 212 true',
      ]);
      // CAPMOX v0.9.0 from the inventory: warned, not failed.
      expect(ctx.warnings).toEqual([expect.stringMatching(/^adoption guard no-addresses: CAPMOX v0.9.0 has no address recovery \(PR #799\)/)]);

      // Everything the server holds: labels, owner references with the live UIDs.
      const live = new Map<string, KubeObject>();
      for (const d of plan.objects) {
        const o = await l.mgmtClient.get(keyOf(d.object));
        expect(o).not.toBeNull();
        live.set(keyId(keyOf(d.object)), o!);
        for (const [k, v] of Object.entries(d.object.metadata.labels ?? {})) expect(o!.metadata.labels?.[k]).toBe(v);
      }
      for (const d of plan.objects) {
        const o = live.get(keyId(keyOf(d.object)))!;
        const refs = o.metadata.ownerReferences ?? [];
        expect(refs).toHaveLength(d.owners.length);
        for (const owner of d.owners) {
          const ownerLive = live.get(keyId({ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, namespace: 'lab-capi' }))!;
          expect(refs).toContainEqual({
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.name,
            uid: ownerLive.metadata.uid,
            ...(owner.controller ? { controller: true, blockOwnerDeletion: true } : {}),
          });
        }
      }
      const cluster = await getObject('Cluster', 'lab-capi', 'lab');
      expect(spec(cluster)).not.toHaveProperty('paused');
      expect(cluster!.metadata.annotations).toMatchObject({ 'proxmox-talos-capi.local/adoption-phase': 'adopted' });
      // The addresses CAPMOX v0.9.0 never publishes, stored by the real status subresource.
      expect((await getObject('ProxmoxMachine', 'lab-capi', 'talos-worker-1'))!.status).toMatchObject({
        addresses: [
          { type: 'InternalIP', address: '10.10.0.21' },
          { type: 'Hostname', address: 'talos-worker-1' },
        ],
      });
      // CAPI's kubeconfig Secret: its type, owned by the TCP, and it reaches the workload cluster.
      const kubeconfig = await getObject('Secret', 'lab-capi', 'lab-kubeconfig');
      expect(kubeconfig!.type).toBe('cluster.x-k8s.io/secret');
      const wl = workloadClient(Buffer.from((kubeconfig!.data as Record<string, string>).value, 'base64').toString('utf8'));
      try {
        expect((await wl.list('v1', 'Node')).map((n) => n.metadata.name).sort()).toEqual(l.fixture.raw.node!.map((n) => n.name).sort());
      } finally {
        wl.close?.();
      }
      // The real schema kept what CAPMOX and CAPI need, including server defaults.
      expect(spec(await getObject('ProxmoxMachine', 'lab-capi', 'talos-cp-1'))).toMatchObject({ virtualMachineID: 201, full: true, sourceNode: 'pve1' });
      expect(spec(await getObject('TalosControlPlane', 'lab-capi', 'lab-cp'))).toMatchObject({ replicas: 3, version: 'v1.36.3', rolloutStrategy: { type: 'OnDelete' } });
    });
  }, 120_000);

  test('the guards pass against what the server holds and catch invariants broken there', async () => {
    const { input } = inputOf();
    expect(errorsOf(await serverGuards(input))).toEqual([]);
    const mgmt = theLab().mgmtClient;
    const tcp = { apiVersion: K.TalosControlPlane.apiVersion, kind: K.TalosControlPlane.kind, namespace: 'lab-capi', name: 'lab-cp' };
    const pc = { apiVersion: K.ProxmoxCluster.apiVersion, kind: K.ProxmoxCluster.kind, namespace: 'lab-capi', name: 'lab' };
    const pm = { apiVersion: K.ProxmoxMachine.apiVersion, kind: K.ProxmoxMachine.kind, namespace: 'lab-capi', name: 'talos-cp-2' };
    const addresses = ((await mgmt.get(pc))!.spec as { ipv4Config: { addresses: string[] } }).ipv4Config.addresses;
    await mgmt.mergePatch(tcp, { spec: { replicas: 1 } });
    // A range over the VIP (the adopted IPs in it are held by their IPAddresses: no clash).
    await mgmt.mergePatch(pc, { spec: { ipv4Config: { addresses: ['10.10.0.5-10.10.0.25'] } } });
    await mgmt.mergePatch(pm, { metadata: { annotations: { 'cluster.x-k8s.io/cloned-from-name': 'lab-cp-old' } } });
    try {
      const found = errorsOf(await serverGuards(input)).filter((f) => f.guard !== 'objects');
      expect(found.map((f) => `${f.guard} ${f.node ?? '-'} ${f.object} ${f.field}`)).toEqual([
        'cp-scaled-down - TalosControlPlane lab-capi/lab-cp spec.replicas',
        'cp-replaced talos-cp-2 ProxmoxMachine lab-capi/talos-cp-2 metadata.annotations[cluster.x-k8s.io/cloned-from-name]',
        'ip-clash - ProxmoxCluster lab-capi/lab spec.ipv4Config.addresses',
      ]);
    } finally {
      await mgmt.mergePatch(tcp, { spec: { replicas: 3 } });
      await mgmt.mergePatch(pc, { spec: { ipv4Config: { addresses } } });
      await mgmt.mergePatch(pm, { metadata: { annotations: { 'cluster.x-k8s.io/cloned-from-name': null } } });
    }
    expect(errorsOf(await serverGuards(input))).toEqual([]);
  }, 60_000);

  test('a second apply changes nothing and never touches the adopted machines', async () => {
    const l = theLab();
    const { model, input } = inputOf();
    const plan = buildAdoptionObjects(input, 'adopted');
    const versions = async () => Promise.all(plan.objects.map(async (d) => `${d.object.kind}/${d.object.metadata.name}@${(await l.mgmtClient.get(keyOf(d.object)))!.metadata.resourceVersion}`));
    // The previous test restored fields with another field manager; one apply takes them back.
    await handler.update!({ prior: adopted, planned: model, config: model, private: {}, ctx: handlerContext(providerContext(l)) });
    const before = await versions();
    const rec = recording(l.mgmtClient);
    const result = await handler.update!({ prior: adopted, planned: model, config: model, private: {}, ctx: handlerContext(providerContext(l, rec.client)) });
    expect(await versions()).toEqual(before);
    expect(rec.writes.every((w) => !/Machine\/talos|IPAddress|bootstrap-data|lab-md-0-adopt|v4-icip/.test(w))).toBe(true);
    expect(rec.writes).toContain('apply TalosControlPlane/lab-cp');
    expect(result.state.phase).toBe('adopted');
  }, 60_000);

  test('scale-downs take Cluster API machines first: every Machine it creates for the cluster is marked at admission, adopted ones never', async () => {
    const l = theLab();
    const c = l.mgmt.client();
    const policyName = buildAdoptionObjects(inputOf().input).names.deletionOrderPolicy;
    for (const kind of ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'] as const) {
      expect((await getObject(kind, '', policyName))!.metadata.labels).toMatchObject({ 'proxmox-talos-capi.local/adoption': 'lab' });
    }
    const machine = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name, labels },
      spec: {
        clusterName: labels['cluster.x-k8s.io/cluster-name'] ?? 'lab',
        bootstrap: { dataSecretName: 'x' },
        infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxMachine', name },
      },
    });
    const machines = (namespace: string) => `/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/machines`;
    const annotationsOf = (m: unknown) => ((m as KubeObject).metadata.annotations ?? {}) as Record<string, string>;
    // As CACPPT and a MachineSet create them.
    const cp = machine('lab-cp-s8d2k', { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' });
    const worker = machine('lab-md-0-7f9c4-qk2lm', { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/deployment-name': 'lab-md-0', 'cluster.x-k8s.io/set-name': 'lab-md-0-7f9c4' });
    // A policy takes effect once the API server has observed it; a dry run shows when.
    await waitFor(
      'the deletion-order policy to mark a dry-run Machine',
      async () => annotationsOf(await c.create(`${machines('lab-capi')}?dryRun=All`, cp))['cluster.x-k8s.io/delete-machine'] === 'true',
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    const created = [cp, worker, machine('other-cp-1', { 'cluster.x-k8s.io/cluster-name': 'other', 'cluster.x-k8s.io/control-plane': '' })];
    try {
      const stored = [];
      for (const m of created) stored.push(await c.create(machines('lab-capi'), m));
      expect(stored.map((m) => `${(m as KubeObject).metadata.name} ${annotationsOf(m)['cluster.x-k8s.io/delete-machine'] ?? '-'}`)).toEqual([
        'lab-cp-s8d2k true',
        'lab-md-0-7f9c4-qk2lm true',
        // Another cluster's Machine is not this adoption's business.
        'other-cp-1 -',
      ]);
      // A Machine labelled like an adopted one is left alone, and the adopted ones were never marked.
      const ours = machine('talos-cp-9', { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '', 'proxmox-talos-capi.local/adoption': 'lab' });
      expect(annotationsOf(await c.create(`${machines('lab-capi')}?dryRun=All`, ours))).not.toHaveProperty(['cluster.x-k8s.io/delete-machine']);
      for (const n of l.fixture.raw.node!) expect(annotationsOf(await getObject('Machine', 'lab-capi', n.name!))).not.toHaveProperty(['cluster.x-k8s.io/delete-machine']);
      // The same cluster name in a namespace of no adoption is not matched either.
      expect(annotationsOf(await c.create(`${machines('default')}?dryRun=All`, cp))).not.toHaveProperty(['cluster.x-k8s.io/delete-machine']);
    } finally {
      for (const m of created) await c.json('DELETE', `${machines('lab-capi')}/${m.metadata.name}`).catch(() => undefined);
    }
  }, 60_000);

  test('read reports drift of managed objects; plan forces an update that corrects it', async () => {
    const l = theLab();
    const { model } = inputOf();
    await l.mgmtClient.mergePatch({ apiVersion: K.TalosControlPlane.apiVersion, kind: K.TalosControlPlane.kind, namespace: 'lab-capi', name: 'lab-cp' }, { spec: { replicas: 5 } });
    const ctx = handlerContext(providerContext(l));
    const read = await handler.read({ state: adopted, private: {}, ctx });
    expect(read!.state.drift).toEqual(['TalosControlPlane lab-capi/lab-cp spec.replicas: is 5, want 3']);
    const planned = handler.plan!({ config: model as never, prior: read!.state as State, planned: model as never, ctx });
    expect(planned).toEqual({ unknown: ['drift'] });
    const updated = await handler.update!({ prior: read!.state as State, planned: model, config: model, private: {}, ctx });
    expect(updated.state.drift).toEqual([]);
    expect(spec(await getObject('TalosControlPlane', 'lab-capi', 'lab-cp')).replicas).toBe(3);
    expect((await handler.read({ state: adopted, private: {}, ctx }))!.state.drift).toEqual([]);
  }, 60_000);

  test('kept true on re-apply: wiped ProxmoxMachine addresses and a CABPT talosconfig with endpoints: null are drift, and the update repairs them', async () => {
    const l = theLab();
    const { model } = inputOf();
    const c = l.mgmt.client();
    await c.json('PATCH', '/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/lab-capi/proxmoxmachines/talos-cp-2/status', {
      body: { status: { addresses: null } },
      contentType: 'application/merge-patch+json',
    });
    const tcKey = { apiVersion: 'v1', kind: 'Secret', namespace: 'lab-capi', name: 'lab-talosconfig' };
    const tc = (await l.mgmtClient.get(tcKey))!;
    const rewritten = Buffer.from((tc.data as Record<string, string>).talosconfig, 'base64')
      .toString('utf8')
      .replace(/endpoints:\n(\s+- .*\n)+/, 'endpoints: null\n');
    expect(rewritten).toContain('endpoints: null');
    await l.mgmtClient.mergePatch(tcKey, { data: { talosconfig: Buffer.from(rewritten).toString('base64') } });

    const ctx = handlerContext(providerContext(l));
    const read = await handler.read({ state: adopted, private: {}, ctx });
    expect(read!.state.drift).toEqual([
      'Secret lab-capi/lab-talosconfig data.talosconfig: the current context has no endpoints: CACPPT cannot reach the Talos API',
      'ProxmoxMachine lab-capi/talos-cp-2 status.addresses is absent, want [{"type":"InternalIP","address":"10.10.0.12"},{"type":"Hostname","address":"talos-cp-2"}]',
    ]);
    expect(handler.plan!({ config: model as never, prior: read!.state as State, planned: model as never, ctx })).toEqual({ unknown: ['drift'] });
    const rec = recording(l.mgmtClient);
    await handler.update!({ prior: read!.state as State, planned: model, config: model, private: {}, ctx: handlerContext(providerContext(l, rec.client)) });
    expect(rec.writes).toContain('patch Secret/lab-talosconfig');
    expect(rec.writes).toContain('status ProxmoxMachine/talos-cp-2');
    expect(rec.writes.filter((w) => w.startsWith('status '))).toEqual(['status ProxmoxMachine/talos-cp-2']);
    expect((await getObject('ProxmoxMachine', 'lab-capi', 'talos-cp-2'))!.status).toMatchObject({
      addresses: [
        { type: 'InternalIP', address: '10.10.0.12' },
        { type: 'Hostname', address: 'talos-cp-2' },
      ],
    });
    const repaired = Buffer.from(((await l.mgmtClient.get(tcKey))!.data as Record<string, string>).talosconfig, 'base64').toString('utf8');
    expect(repaired).toMatch(/endpoints:\n\s+- 10.10.0.11\n\s+- 10.10.0.12\n\s+- 10.10.0.13\n/);
    expect((await handler.read({ state: adopted, private: {}, ctx }))!.state.drift).toEqual([]);
  }, 60_000);

  test('after adoption: scaling goes to the TCP and MachineDeployment; identity changes are refused at plan', async () => {
    const l = theLab();
    const { model } = inputOf({ worker_replicas: 3, control_plane_replicas: 5 });
    expect(planProblems(model as never, adopted)).toEqual([]);
    const renamed = inputOf({ namespace: 'other' }).model;
    expect(planProblems(renamed as never, adopted).map((d) => d.summary)).toEqual(['namespace cannot change after adoption']);
    const fewer = inputOf({ node: theLab().fixture.raw.node!.slice(0, 4) }).model;
    expect(planProblems(fewer as never, adopted).map((d) => d.summary)).toEqual(['the adopted nodes cannot change after adoption']);
    await handler.update!({ prior: adopted, planned: model, config: model, private: {}, ctx: handlerContext(providerContext(l)) });
    expect(spec(await getObject('TalosControlPlane', 'lab-capi', 'lab-cp')).replicas).toBe(5);
    expect(spec(await getObject('MachineDeployment', 'lab-capi', 'lab-md-0')).replicas).toBe(3);
    // The adopted MachineSet is Cluster API's now: untouched.
    expect(spec(await getObject('MachineSet', 'lab-capi', 'lab-md-0-adopt')).replicas).toBe(2);
    // RollingUpdate only once the adopted control planes have nodeRefs.
    const rolling = inputOf({ control_plane_rollout_strategy: 'RollingUpdate' }).model;
    await expect(handler.update!({ prior: adopted, planned: rolling, config: rolling, private: {}, ctx: handlerContext(providerContext(l)) })).rejects.toThrow(
      /RollingUpdate" only after adoption is verified; talos-cp-1, talos-cp-2, talos-cp-3 have no nodeRef yet/,
    );
    await setNodeRefs('lab-capi', ['talos-cp-1', 'talos-cp-2', 'talos-cp-3']);
    await handler.update!({ prior: adopted, planned: rolling, config: rolling, private: {}, ctx: handlerContext(providerContext(l)) });
    expect(spec(await getObject('TalosControlPlane', 'lab-capi', 'lab-cp')).rolloutStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } });
  }, 60_000);

  test('bad input fails before anything is written: overlapping range, replicas below the adopted count', async () => {
    const l = theLab();
    const ctx = handlerContext(providerContext(l));
    const overlap = inputOf({
      namespace: 'bad-capi',
      network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1', dns_servers: ['10.10.0.1'], new_node_addresses: ['10.10.0.10-10.10.0.30'] },
    }).model;
    const err = await handler.create({ planned: overlap, config: overlap, ctx }).catch((e: unknown) => e as AdoptionGuardError);
    expect(err).toBeInstanceOf(AdoptionGuardError);
    // The adopted IPs in the range are held by their IPAddresses; the VIP is not.
    expect((err as AdoptionGuardError).findings.map((f) => `${f.guard} ${f.node ?? '-'} ${f.object}`)).toEqual([
      'ip-clash - ProxmoxCluster bad-capi/lab',
      'ip-clash - InClusterIPPool bad-capi/lab-v4-icip',
    ]);
    expect((err as Error).message).toContain('contains 10.10.0.10, the address of the control-plane endpoint (VIP)');
    const below = inputOf({ namespace: 'bad-capi', control_plane_replicas: 1 }).model;
    expect(planProblems(below as never, null).map((d) => d.summary)).toEqual(['control_plane_replicas is 1 but 3 control planes are adopted']);
    await expect(handler.create({ planned: below, config: below, ctx })).rejects.toThrow(/\[cp-scaled-down\] TalosControlPlane bad-capi\/lab-cp spec.replicas: is 1, 3 control planes are adopted/);
    expect(await getObject('Namespace', '', 'bad-capi')).toBeNull();
  }, 60_000);

  test('a guard failing on the server keeps the Cluster paused; fixing it and re-running finishes the adoption', async () => {
    const l = theLab();
    const c = l.mgmt.client();
    await c.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'stray-capi' } });
    // A leftover control-plane Machine of an earlier attempt: CACPPT would treat it as a member.
    await c.create('/apis/cluster.x-k8s.io/v1beta2/namespaces/stray-capi/machines', {
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'lab-cp-x7k2p', labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' } },
      spec: { clusterName: 'lab', bootstrap: { dataSecretName: 'x' }, infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxMachine', name: 'lab-cp-x7k2p' } },
    });
    // The first attempt also has another worker template than the one that finally gets adopted.
    const first = inputOf({
      namespace: 'stray-capi',
      worker_template: { source_node: 'pve1', template_id: 9000, cores: 2, memory_mib: 4096, bridge: 'vmbr0' },
    });
    const { model, input } = inputOf({ namespace: 'stray-capi' });
    const ctx = handlerContext(providerContext(l));
    await expect(handler.create({ planned: first.model, config: first.model, ctx })).rejects.toThrow(
      /\[etcd-members\] node lab-cp-x7k2p: Machine stray-capi\/lab-cp-x7k2p metadata.name: is a control-plane Machine of this cluster that matches no adopted node/,
    );
    const paused = await getObject('Cluster', 'stray-capi', 'lab');
    expect(spec(paused).paused).toBe(true);
    expect(paused!.metadata.annotations?.['proxmox-talos-capi.local/adoption-phase']).toBe('adopting');
    await c.json('DELETE', '/apis/cluster.x-k8s.io/v1beta2/namespaces/stray-capi/machines/lab-cp-x7k2p');
    const result = await handler.create({ planned: model, config: model, ctx });
    expect(result.state.phase).toBe('adopted');
    expect(spec(await getObject('Cluster', 'stray-capi', 'lab'))).not.toHaveProperty('paused');
    // The re-run converged: the stale template of the first attempt is gone, the current one is used.
    const stale = templateNames(first.input).worker;
    expect(stale).not.toBe(templateNames(input).worker);
    const staleLive = await getObject('ProxmoxMachineTemplate', 'stray-capi', stale);
    // Gone, or going: removed with Orphan propagation, the garbage collector finishes it.
    expect(staleLive === null || staleLive.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(await getObject('ProxmoxMachineTemplate', 'stray-capi', templateNames(input).worker)).not.toBeNull();
    expect(spec(await getObject('MachineDeployment', 'stray-capi', 'lab-md-0')).template.spec.infrastructureRef.name).toBe(templateNames(input).worker);
  }, 90_000);

  test('watch: confirms once the controllers report it; names the first unmet condition otherwise; a machine Cluster API starts creating stops and re-pauses', async () => {
    const l = theLab();
    const ctx = handlerContext(providerContext(l));
    const names = l.fixture.raw.node!.map((n) => n.name!);
    const controllers = (namespace: string, act: () => Promise<void>) =>
      (async () => {
        // Wait for the unpause, as the controllers would.
        for (;;) {
          const cluster = await getObject('Cluster', namespace, 'lab');
          if (cluster && spec(cluster).paused !== true) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await act();
      })();

    const ok = inputOf({ namespace: 'watch-capi' }).input;
    const playing = controllers('watch-capi', () => reportHealthy('watch-capi', names));
    const outcome = await runAdoption(ctx.provider, ok, { timeoutMs: 30_000, intervalMs: 200, progress: () => undefined, warn: ctx.warn });
    await playing;
    expect(outcome.confirmed).toBe(true);
    expect(outcome.machines.every((m) => m.node_ref === m.name)).toBe(true);
    // Read agrees while the controllers keep reporting it.
    const state = modelOf({ ...l.fixture.raw, workload_kubeconfig: l.workloadKubeconfig }, { namespace: 'watch-capi' });
    expect((await handler.read({ state, private: {}, ctx }))!.state.adoption_confirmed).toBe(true);

    // nodeRefs alone are not enough: CACPPT still waits for the Talos boot check.
    const waiting = inputOf({ namespace: 'wait-capi' }).input;
    const details: string[] = [];
    const stuck = controllers('wait-capi', () => reportHealthy('wait-capi', names, { status: 'False', reason: 'WaitingForTalosBoot', message: 'no addresses were found for node talos-cp-1' }));
    const unconfirmed = await runAdoption(ctx.provider, waiting, { timeoutMs: 3_000, intervalMs: 200, progress: () => undefined, warn: (s, d) => details.push(`${s}: ${d ?? ''}`) });
    await stuck;
    expect(unconfirmed.confirmed).toBe(false);
    expect(unconfirmed.machines.every((m) => m.node_ref === m.name)).toBe(true);
    expect(details).toContainEqual(
      expect.stringContaining(
        'adoption not confirmed yet: after 3 s the first condition not met is TalosControlPlane wait-capi/lab-cp: Ready not met (reason WaitingForTalosBoot): no addresses were found for node talos-cp-1',
      ),
    );

    const stop = inputOf({ namespace: 'stop-capi' }).input;
    const rogue = controllers('stop-capi', async () => {
      await l.mgmt.client().create('/apis/cluster.x-k8s.io/v1beta2/namespaces/stop-capi/machines', {
        apiVersion: 'cluster.x-k8s.io/v1beta2',
        kind: 'Machine',
        metadata: { name: 'lab-cp-9zq4d', labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' } },
        spec: { clusterName: 'lab', bootstrap: { dataSecretName: 'x' }, infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxMachine', name: 'lab-cp-9zq4d' } },
      });
    });
    const stopped = await runAdoption(ctx.provider, stop, { timeoutMs: 30_000, intervalMs: 200, progress: () => undefined, warn: ctx.warn }).catch((e: unknown) => e);
    await rogue;
    expect(stopped).toBeInstanceOf(AdoptionSafetyStop);
    expect((stopped as Error).message).toContain('Machine stop-capi/lab-cp-9zq4d appeared: Cluster API is creating a machine during adoption');
    expect(spec(await getObject('Cluster', 'stop-capi', 'lab')).paused).toBe(true);
  }, 120_000);

  test('detach refuses while Cluster API runs a VM Terraform does not know, then removes every object and leaves the VMs', async () => {
    const l = theLab();
    const c = l.mgmt.client();
    // What controllers add after adoption: a finalizer, a Secret CABPT writes, a machine CAPI cloned.
    await c.mergePatch('/apis/cluster.x-k8s.io/v1beta2/namespaces/lab-capi/machines/talos-cp-1', { metadata: { finalizers: ['machine.cluster.x-k8s.io'] } });
    await c.create('/api/v1/namespaces/lab-capi/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'lab-cp-k2x8r-bootstrap-data', labels: { 'cluster.x-k8s.io/cluster-name': 'lab' } },
      type: 'cluster.x-k8s.io/secret',
      data: { value: Buffer.from('kubeconfig').toString('base64') },
    });
    await c.create('/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/lab-capi/proxmoxmachines', {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
      kind: 'ProxmoxMachine',
      metadata: { name: 'lab-cp-k2x8r', labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/control-plane': '' } },
      spec: { sourceNode: 'pve1', templateID: 9000, virtualMachineID: 240, network: { networkDevices: [{ name: 'net0', bridge: 'vmbr0' }] } },
    });
    const ctx = handlerContext(providerContext(l));
    const err = await handler.delete({ prior: adopted, private: {}, ctx }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DetachRefusedError);
    expect((err as Error).message).toContain('Cluster API runs ProxmoxMachine lab-cp-k2x8r (VMID 240)');
    expect(await getObject('Cluster', 'lab-capi', 'lab')).not.toBeNull();
    const policyName = buildAdoptionObjects(inputOf().input).names.deletionOrderPolicy;
    expect(await getObject('MutatingAdmissionPolicy', '', policyName)).not.toBeNull();

    await c.json('DELETE', '/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/lab-capi/proxmoxmachines/lab-cp-k2x8r');
    const rec = recording(l.mgmtClient);
    await handler.delete({ prior: adopted, private: {}, ctx: handlerContext(providerContext(l, rec.client)) });
    // Pause first, leaves first, the Cluster last; nothing is deleted with cascading.
    expect(rec.writes[0]).toBe('patch Cluster/lab');
    // The namespace the adoption created goes last, once nothing of the cluster is left in it.
    // Then the admission policy, binding first.
    expect(rec.writes.filter((w) => w.startsWith('delete ')).slice(-4)).toEqual([
      'delete Cluster/lab',
      'delete Namespace/lab-capi',
      `delete MutatingAdmissionPolicyBinding/${policyName}`,
      `delete MutatingAdmissionPolicy/${policyName}`,
    ]);
    expect(await getObject('MutatingAdmissionPolicy', '', policyName)).toBeNull();
    expect(await getObject('MutatingAdmissionPolicyBinding', '', policyName)).toBeNull();
    expect(rec.writes.indexOf('delete Machine/talos-cp-1')).toBeLessThan(rec.writes.indexOf('delete TalosControlPlane/lab-cp'));
    // Detach returns once the garbage collector has finished the orphan deletions.
    const target = { clusterName: 'lab', namespace: 'lab-capi', terraformVmIds: new Set<number>() };
    expect(await discoverClusterObjects(l.mgmtClient, target)).toEqual([]);
    expect(await getObject('Namespace', '', 'lab-capi')).not.toBeNull();
    // A read after detach finds no adoption: Terraform forgets it.
    expect(await handler.read({ state: adopted, private: {}, ctx })).toBeNull();
  }, 90_000);

  test('delete through Cluster API deletes the Cluster and waits until it is gone', async () => {
    const l = theLab();
    const { model } = inputOf({ namespace: 'watch-capi', on_destroy: 'delete' });
    const ctx = handlerContext(providerContext(l));
    await handler.delete({ prior: model, private: {}, ctx });
    expect(await getObject('Cluster', 'watch-capi', 'lab')).toBeNull();
    expect(await getObject('MutatingAdmissionPolicy', '', 'ptc-capi-machines-first.watch-capi.lab')).toBeNull();
    // Another adoption's policy stays.
    expect(await getObject('MutatingAdmissionPolicy', '', 'ptc-capi-machines-first.wait-capi.lab')).not.toBeNull();
    // The garbage collector removes what the Cluster owned (in a real cluster, CAPI's controllers delete machines and VMs first).
    const deadline = Date.now() + 60_000;
    let left = await discoverClusterObjects(l.mgmtClient, { clusterName: 'lab', namespace: 'watch-capi', terraformVmIds: new Set() });
    while (left.some((o) => o.kind === 'TalosControlPlane' || o.kind === 'Secret') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      left = await discoverClusterObjects(l.mgmtClient, { clusterName: 'lab', namespace: 'watch-capi', terraformVmIds: new Set() });
    }
    expect(left.filter((o) => o.kind === 'TalosControlPlane' || o.kind === 'Secret')).toEqual([]);
  }, 90_000);

  test('an unreachable management cluster and missing components are clear errors', async () => {
    const l = theLab();
    const { model } = inputOf({ namespace: 'x-capi' });
    const dead = parseKubeconfig({
      text: l.workloadKubeconfig.replace(/server: https:\/\/[^\s]+/, 'server: https://127.0.0.21:1'),
      origin: 'test kubeconfig',
    });
    const unreachable: AdoptionProviderContext = { management: async () => kubeObjectClient(new KubeClient(dead, { attempts: 1 })), workload: async (k) => workloadClient(k) };
    await expect(handler.create({ planned: model, config: model, ctx: handlerContext(unreachable) })).rejects.toThrow(/cannot reach the Kubernetes API server at https:\/\/127.0.0.21:1/);
    // The workload cluster has no Cluster API CRDs: as a management cluster it is missing the components.
    const bare: AdoptionProviderContext = { management: async () => workloadClient(l.workloadKubeconfig), workload: async (k) => workloadClient(k) };
    await expect(handler.create({ planned: model, config: model, ctx: handlerContext(bare) })).rejects.toThrow(
      /CRD clusters.cluster.x-k8s.io is not installed;.*Install the Cluster API components first/,
    );
  }, 60_000);
});
