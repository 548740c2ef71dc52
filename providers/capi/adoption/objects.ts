/**
 * The adoption recipe as data (spec cluster-api.md §7.2): every object the management cluster
 * needs to take over the running cluster, in creation order, with labels, names and the owner
 * references to set. Pure: owner UIDs are resolved by the applier from the objects it applied.
 *
 * Two lifecycles:
 *  - `managed` objects are Terraform's for as long as the resource lives (re-applied on every run):
 *    Cluster, PKI Secrets, ProxmoxCluster, templates, TalosControlPlane, MachineDeployment.
 *  - `seed` objects describe the adopted machines and are created only while adopting; after the
 *    Cluster is unpaused they belong to Cluster API (it may replace or delete them), so a later run
 *    never re-creates or overwrites them.
 */
import { createHash } from 'node:crypto';
import { ADOPTION_KINDS, type KubeObject } from './kube';
import { ADOPTED_TEMPLATE_HASH, bootstrapSecretName, CAPI, CAPMOX, clusterNames, defaultClaimName, OURS, providerIdOf, type AdoptionPhase, type ClusterNames } from './names';
import { controlPlaneNodes, workerNodes, type AdoptedNode, type AdoptionInput, type MachineTemplateInput, type RolloutStrategy } from './input';
import { capiKubeconfigData, kubernetesCaData, placeholderBootstrapData, proxmoxCredentialsData, talosBundleData, talosconfigData } from './secrets';

export type AdoptionStep = 'namespace' | 'cluster' | 'secrets' | 'infrastructure' | 'control-plane' | 'control-plane-machines' | 'workers' | 'ipam';

export type ObjectLifecycle = 'managed' | 'seed';

/** An owner reference to add once the owner's UID is known. */
export interface OwnerIntent {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** controller: true and blockOwnerDeletion: true, as controllers set them. */
  readonly controller: boolean;
}

export interface DesiredObject {
  readonly step: AdoptionStep;
  readonly lifecycle: ObjectLifecycle;
  readonly object: KubeObject;
  readonly owners: readonly OwnerIntent[];
  /** The adopted node this object describes, for messages. */
  readonly node?: string;
  /**
   * Secrets CABPT rewrites after adoption (`<c>-talosconfig`): created when missing, never
   * overwritten and not compared for drift.
   */
  readonly createOnly?: boolean;
  /**
   * Status written through the status subresource once the object exists, for status no
   * controller publishes for an adopted object (CAPMOX v0.9.0 never sets addresses of a running
   * VM). Kept true on every later run while the object exists (`status.ts`).
   */
  readonly status?: Json;
  /** What must stay true in a `createOnly` object a controller rewrites; repaired when broken (`status.ts`). */
  readonly keep?: KeepInvariant;
}

/** Invariants of rewritten objects: the talosconfig's current context keeps these endpoints. */
export interface KeepInvariant {
  readonly talosconfigEndpoints: readonly string[];
}

export interface AdoptionPlan {
  readonly names: ClusterNames;
  readonly objects: readonly DesiredObject[];
}

const K = ADOPTION_KINDS;
const GROUP = {
  cluster: 'cluster.x-k8s.io',
  infrastructure: 'infrastructure.cluster.x-k8s.io',
  bootstrap: 'bootstrap.cluster.x-k8s.io',
  controlPlane: 'controlplane.cluster.x-k8s.io',
  ipam: 'ipam.cluster.x-k8s.io',
} as const;

type Json = Record<string, unknown>;

/** JSON with sorted keys, so equal values hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Json;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Short content hash: immutable templates get a new name when their content changes. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 8);
}

/** The spec CAPMOX clones from (spec §3.2), shared by templates and adopted ProxmoxMachines. */
export function proxmoxMachineSpec(t: MachineTemplateInput, allowedNodes: readonly string[]): Json {
  const device: Json = { name: CAPMOX.defaultDevice, bridge: t.bridge, model: t.nicModel, defaultIPv4: true };
  if (t.vlan !== undefined) device.vlan = t.vlan;
  if (t.mtu !== undefined) device.mtu = t.mtu;
  const spec: Json =
    t.source.kind === 'vm' ? { sourceNode: t.source.sourceNode, templateID: t.source.templateId } : { templateSelector: { matchTags: [...t.source.tags], matchPolicy: t.source.matchPolicy } };
  Object.assign(spec, {
    numSockets: t.sockets,
    numCores: t.cores,
    memoryMiB: t.memoryMiB,
    full: t.fullClone,
    network: { networkDevices: [device] },
    checks: { skipCloudInitStatus: t.skipCloudInitStatus, skipQemuGuestAgent: t.skipQemuGuestAgent },
    metadataSettings: { providerIDInjection: t.providerIdInjection },
  });
  if (t.bootVolume) spec.disks = { bootVolume: { disk: t.bootVolume.disk, sizeGb: t.bootVolume.sizeGb } };
  if (t.storage !== undefined) spec.storage = t.storage;
  if (t.format !== undefined) spec.format = t.format;
  if (t.pool !== undefined) spec.pool = t.pool;
  if (t.tags.length > 0) spec.tags = [...t.tags];
  if (t.vmIdRange) spec.vmIDRange = { start: t.vmIdRange.start, end: t.vmIdRange.end };
  if (allowedNodes.length > 0) spec.allowedNodes = [...allowedNodes];
  return spec;
}

/** TalosConfig spec for one role (spec §3.4): strategic patches only, hostname from the ProxmoxMachine. */
export function talosConfigSpec(input: AdoptionInput, role: 'controlplane' | 'worker'): Json {
  const patches = [...input.patches.common, ...(role === 'controlplane' ? input.patches.controlPlane : input.patches.worker)];
  return {
    generateType: role,
    talosVersion: input.talosContract,
    ...(patches.length > 0 ? { strategicPatches: patches } : {}),
    hostname: { source: 'InfrastructureName' },
  };
}

function meta(names: ClusterNames, name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>): Json {
  return {
    name,
    namespace: names.namespace,
    labels: { ...labels, [OURS.adoptionLabel]: names.cluster },
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

function obj(kind: { apiVersion: string; kind: string }, metadata: Json, body: Json): KubeObject {
  return { apiVersion: kind.apiVersion, kind: kind.kind, metadata: metadata as unknown as KubeObject['metadata'], ...body };
}

function clusterOwner(names: ClusterNames, controller: boolean): OwnerIntent {
  return { apiVersion: K.Cluster.apiVersion, kind: K.Cluster.kind, name: names.cluster, controller };
}

function rollout(strategy: RolloutStrategy, forMachineDeployment: boolean): Json {
  if (strategy === 'OnDelete') return { type: 'OnDelete' };
  return forMachineDeployment ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } };
}

/** The Cluster object (spec §7.2 step 2); `phase` decides whether it is paused. */
export function clusterObject(input: AdoptionInput, phase: AdoptionPhase): KubeObject {
  const names = clusterNames(input.clusterName, input.namespace);
  const clusterNetwork: Json = {
    pods: { cidrBlocks: [...input.podCidrs] },
    services: { cidrBlocks: [...input.serviceCidrs] },
    serviceDomain: input.serviceDomain,
  };
  // Unpausing drops the field instead of writing false, as clusterctl move does: this manager then
  // no longer owns `paused`, so a later run never undoes a pause an operator set by hand.
  const spec: Json = {
    ...(phase === 'adopting' ? { paused: true } : {}),
    clusterNetwork,
    controlPlaneEndpoint: { host: input.endpoint.host, port: input.endpoint.port },
    infrastructureRef: { apiGroup: GROUP.infrastructure, kind: K.ProxmoxCluster.kind, name: names.cluster },
    controlPlaneRef: { apiGroup: GROUP.controlPlane, kind: K.TalosControlPlane.kind, name: names.controlPlane },
  };
  return obj(K.Cluster, meta(names, names.cluster, {}, { [OURS.phaseAnnotation]: phase }), { spec });
}

function secret(names: ClusterNames, name: string, data: Record<string, string>, labels: Record<string, string> = {}, type = 'Opaque'): KubeObject {
  return obj(K.Secret, meta(names, name, { [CAPI.clusterNameLabel]: names.cluster, ...labels }), { type, data });
}

/**
 * The pool's addresses: every adopted node's IP, then the range for new nodes (the ip-clash guard
 * keeps that range off the gateway, the VIP and unadopted nodes). The adopted IPs must be inside the pool: CAPMOX re-applies the pool from the
 * ProxmoxCluster's ipv4Config, and the IPAM webhook refuses a pool that does not contain the
 * addresses allocated from it. Being allocated, they are never handed to a new node while their
 * node lives.
 */
export function poolAddresses(input: Pick<AdoptionInput, 'nodes' | 'network'>): string[] {
  return [...input.nodes.map((n) => n.ip), ...input.network.newNodeAddresses];
}

/**
 * The status a moved ProxmoxMachine would carry: the Proxmox node its VM runs on (without it
 * CAPMOX's first look-up asks for an empty node name and fails) and the addresses CAPMOX's
 * recovery (PR #799) reconstructs for a running VM: its IPAM address as InternalIP and the machine
 * name as Hostname. CAPI copies them to the Machine; CACPPT and CABPT reach the node through them.
 */
export function adoptedMachineStatus(node: Pick<AdoptedNode, 'name' | 'ip' | 'proxmoxNode'>): Json {
  return {
    addresses: [
      { type: 'InternalIP', address: node.ip },
      { type: 'Hostname', address: node.name },
    ],
    proxmoxNode: node.proxmoxNode,
  };
}

function machineTemplateName(names: ClusterNames, role: 'controlplane' | 'worker', spec: Json): string {
  return `${role === 'controlplane' ? names.controlPlane : names.machineDeployment}-${contentHash(spec)}`;
}

/** Names of the current templates (they change with their content). */
export function templateNames(input: AdoptionInput): { controlPlane: string; worker: string; talosConfig: string } {
  const names = clusterNames(input.clusterName, input.namespace);
  return {
    controlPlane: machineTemplateName(names, 'controlplane', proxmoxMachineSpec(input.controlPlaneTemplate, input.allowedNodes)),
    worker: machineTemplateName(names, 'worker', proxmoxMachineSpec(input.workerTemplate, input.allowedNodes)),
    talosConfig: `${names.machineDeployment}-${contentHash(talosConfigSpec(input, 'worker'))}`,
  };
}

/** MachineDeployment template labels (selector = these labels). */
export function deploymentLabels(names: ClusterNames): Record<string, string> {
  return { [CAPI.clusterNameLabel]: names.cluster, [CAPI.deploymentNameLabel]: names.machineDeployment };
}

/** The machine template spec shared by the MachineDeployment and the adopted MachineSet (spec §6.4: must be identical). */
export function workerMachineTemplateSpec(input: AdoptionInput): Json {
  const names = clusterNames(input.clusterName, input.namespace);
  const t = templateNames(input);
  return {
    clusterName: names.cluster,
    version: input.kubernetesVersion,
    bootstrap: { configRef: { apiGroup: GROUP.bootstrap, kind: K.TalosConfigTemplate.kind, name: t.talosConfig } },
    infrastructureRef: { apiGroup: GROUP.infrastructure, kind: K.ProxmoxMachineTemplate.kind, name: t.worker },
  };
}

/** The adopted ProxmoxMachine: template spec + the VM's identity, so CAPMOX finds it instead of cloning (spec §6.3). */
function adoptedProxmoxMachineSpec(input: AdoptionInput, node: AdoptedNode): Json {
  const template = node.role === 'controlplane' ? input.controlPlaneTemplate : input.workerTemplate;
  const spec = proxmoxMachineSpec(template, input.allowedNodes);
  // sourceNode = the VM's node helps CAPMOX locate it; templateID stays (unused once the VMID is set).
  if (template.source.kind === 'vm') spec.sourceNode = node.proxmoxNode;
  spec.virtualMachineID = node.vmId;
  spec.providerID = providerIdOf(node.smbiosUuid);
  return spec;
}

function machineLabels(names: ClusterNames, node: AdoptedNode): Record<string, string> {
  return node.role === 'controlplane'
    ? { [CAPI.clusterNameLabel]: names.cluster, [CAPI.controlPlaneLabel]: '' }
    : { ...deploymentLabels(names), [CAPI.machineTemplateHashLabel]: ADOPTED_TEMPLATE_HASH, [CAPI.setNameLabel]: names.adoptedMachineSet };
}

function machineObjects(input: AdoptionInput, names: ClusterNames, node: AdoptedNode, step: AdoptionStep): DesiredObject[] {
  const labels = machineLabels(names, node);
  const proxmoxMachine = obj(K.ProxmoxMachine, meta(names, node.name, labels), { spec: adoptedProxmoxMachineSpec(input, node) });
  // The Machine goes first so the ProxmoxMachine carries, before the unpause, the controller
  // reference CAPI would add later: `clusterctl move` finds it (and its claims) through the chain.
  const machine = obj(K.Machine, meta(names, node.name, labels), {
    spec: {
      clusterName: names.cluster,
      version: input.kubernetesVersion,
      // dataSecretName and no configRef: bootstrap-ready at once, and CACPPT sees no TalosConfig to compare (spec §6.2).
      bootstrap: { dataSecretName: bootstrapSecretName(node.name) },
      infrastructureRef: { apiGroup: GROUP.infrastructure, kind: K.ProxmoxMachine.kind, name: node.name },
      providerID: providerIdOf(node.smbiosUuid),
    },
  });
  const owner: OwnerIntent =
    node.role === 'controlplane'
      ? { apiVersion: K.TalosControlPlane.apiVersion, kind: K.TalosControlPlane.kind, name: names.controlPlane, controller: true }
      : { apiVersion: K.MachineSet.apiVersion, kind: K.MachineSet.kind, name: names.adoptedMachineSet, controller: true };
  const machineOwner: OwnerIntent = { apiVersion: K.Machine.apiVersion, kind: K.Machine.kind, name: node.name, controller: true };
  return [
    { step, lifecycle: 'seed', object: machine, owners: [owner], node: node.name },
    { step, lifecycle: 'seed', object: proxmoxMachine, owners: [machineOwner], node: node.name, status: adoptedMachineStatus(node) },
  ];
}

/**
 * Every object of the recipe, in creation order. `phase` only changes the Cluster: paused while
 * adopting, without `spec.paused` once adopted.
 */
export function buildAdoptionObjects(input: AdoptionInput, phase: AdoptionPhase = 'adopting'): AdoptionPlan {
  const names = clusterNames(input.clusterName, input.namespace);
  const templates = templateNames(input);
  const cps = controlPlaneNodes(input);
  const workers = workerNodes(input);
  const out: DesiredObject[] = [];
  const add = (step: AdoptionStep, lifecycle: ObjectLifecycle, object: KubeObject, owners: OwnerIntent[] = [], extra: Partial<DesiredObject> = {}) =>
    out.push({ step, lifecycle, object, owners, ...extra });

  // 1. One namespace per workload cluster (never deleted by this resource: it may hold other things).
  add('namespace', 'managed', obj(K.Namespace, { name: names.namespace, labels: { [OURS.adoptionLabel]: names.cluster } }, {}));

  // 2. The Cluster, paused, so no controller acts before every object exists and the guards passed.
  add('cluster', 'managed', clusterObject(input, phase));

  // 3. Secrets, each owned by the Cluster (clusterctl move follows the chain). The bundle goes first:
  //    CABPT generates a new PKI if `<c>-talos` is missing when a TalosConfig reconciles (spec §5).
  const owned = [clusterOwner(names, true)];
  add('secrets', 'managed', secret(names, names.talosSecret, talosBundleData(input.bundle)), owned);
  add('secrets', 'managed', secret(names, names.caSecret, kubernetesCaData(input.bundle)), owned);
  // The talosconfig carries the control-plane IPs as endpoints; CABPT's rewrite (`endpoints: null`
  //  while Machines had no addresses) is detected and repaired through `keep`.
  const endpoints = cps.map((n) => n.ip);
  add('secrets', 'managed', secret(names, names.talosconfigSecret, talosconfigData(input.talosconfig, endpoints)), owned, {
    createOnly: true,
    keep: { talosconfigEndpoints: endpoints },
  });
  if (input.credentials.kind === 'inline') {
    add('secrets', 'managed', secret(names, names.credentialsSecret, proxmoxCredentialsData(input.credentials), { [CAPMOX.credentialsTypeLabel]: CAPMOX.credentialsTypeValue }), owned);
  }
  for (const node of input.nodes) {
    add('secrets', 'seed', secret(names, bootstrapSecretName(node.name), placeholderBootstrapData(names.cluster, node.name)), owned, { node: node.name });
  }

  // 4. Infrastructure: ProxmoxCluster with the disjoint range for new nodes, machine templates, worker bootstrap template.
  const credentialsRef =
    input.credentials.kind === 'inline'
      ? { name: names.credentialsSecret, namespace: names.namespace }
      : input.credentials.kind === 'ref'
        ? { name: input.credentials.name, namespace: input.credentials.namespace ?? names.namespace }
        : undefined;
  add(
    'infrastructure',
    'managed',
    obj(K.ProxmoxCluster, meta(names, names.cluster, { [CAPI.clusterNameLabel]: names.cluster }), {
      spec: {
        controlPlaneEndpoint: { host: input.endpoint.host, port: input.endpoint.port },
        ...(input.allowedNodes.length > 0 ? { allowedNodes: [...input.allowedNodes] } : {}),
        ipv4Config: {
          addresses: poolAddresses(input),
          prefix: input.network.cidr.prefix,
          gateway: input.network.gateway,
          metric: CAPMOX.defaultMetric,
        },
        dnsServers: [...input.network.dnsServers],
        ...(credentialsRef ? { credentialsRef } : {}),
      },
    }),
    [clusterOwner(names, true)],
  );
  for (const [name, t] of [
    [templates.controlPlane, input.controlPlaneTemplate],
    [templates.worker, input.workerTemplate],
  ] as const) {
    add(
      'infrastructure',
      'managed',
      obj(K.ProxmoxMachineTemplate, meta(names, name, { [CAPI.clusterNameLabel]: names.cluster }), {
        spec: { template: { spec: proxmoxMachineSpec(t, input.allowedNodes) } },
      }),
      [clusterOwner(names, false)],
    );
  }
  add(
    'infrastructure',
    'managed',
    obj(K.TalosConfigTemplate, meta(names, templates.talosConfig, { [CAPI.clusterNameLabel]: names.cluster }), {
      spec: { template: { spec: talosConfigSpec(input, 'worker') } },
    }),
    [clusterOwner(names, false)],
  );

  // 5. TalosControlPlane: exact replicas and version, OnDelete while adopting (spec §7.2 step 5).
  add(
    'control-plane',
    'managed',
    obj(K.TalosControlPlane, meta(names, names.controlPlane, { [CAPI.clusterNameLabel]: names.cluster }), {
      spec: {
        replicas: input.controlPlaneReplicas,
        version: input.kubernetesVersion,
        infrastructureTemplate: {
          apiVersion: K.ProxmoxMachineTemplate.apiVersion,
          kind: K.ProxmoxMachineTemplate.kind,
          name: templates.controlPlane,
          namespace: names.namespace,
        },
        controlPlaneConfig: { controlplane: talosConfigSpec(input, 'controlplane') },
        rolloutStrategy: rollout(input.controlPlaneRolloutStrategy, false),
      },
    }),
    [clusterOwner(names, true)],
  );
  // CAPI's workload kubeconfig in CACPPT's format and ownership (type cluster.x-k8s.io/secret,
  // controller TCP): CAPI reaches the workload cluster from the first reconcile, and CACPPT finds
  // it present, so it only rotates the client certificate when it nears expiry.
  add(
    'control-plane',
    'managed',
    secret(names, names.kubeconfigSecret, capiKubeconfigData(names.cluster, input.workloadKubeconfig), {}, CAPI.secretType),
    [{ apiVersion: K.TalosControlPlane.apiVersion, kind: K.TalosControlPlane.kind, name: names.controlPlane, controller: true }],
    { createOnly: true },
  );

  // 6. Every running control plane: ProxmoxMachine (VMID + providerID, no cloned-from annotations) and Machine owned by the TCP.
  for (const node of cps) out.push(...machineObjects(input, names, node, 'control-plane-machines'));

  // 7. Workers, option A: MachineDeployment, the adopted MachineSet with the identical template, then the machines.
  const selector = deploymentLabels(names);
  const templateSpec = workerMachineTemplateSpec(input);
  add(
    'workers',
    'managed',
    obj(K.MachineDeployment, meta(names, names.machineDeployment, { [CAPI.clusterNameLabel]: names.cluster }), {
      spec: {
        clusterName: names.cluster,
        replicas: input.workerReplicas,
        selector: { matchLabels: { ...selector } },
        template: { metadata: { labels: { ...selector } }, spec: templateSpec },
        rollout: { strategy: rollout(input.workerRolloutStrategy, true) },
      },
    }),
    [clusterOwner(names, false)],
  );
  if (workers.length > 0) {
    const hashed = { ...selector, [CAPI.machineTemplateHashLabel]: ADOPTED_TEMPLATE_HASH };
    add(
      'workers',
      'seed',
      obj(K.MachineSet, meta(names, names.adoptedMachineSet, hashed), {
        spec: {
          clusterName: names.cluster,
          replicas: workers.length,
          selector: { matchLabels: { ...hashed } },
          template: { metadata: { labels: { ...hashed } }, spec: workerMachineTemplateSpec(input) },
        },
      }),
      [{ apiVersion: K.MachineDeployment.apiVersion, kind: K.MachineDeployment.kind, name: names.machineDeployment, controller: true }],
    );
    for (const node of workers) out.push(...machineObjects(input, names, node, 'workers'));
  }

  // 8. IPAM: the pool CAPMOX would create, then per machine the IPAddress holding the real IP and its claim.
  add(
    'ipam',
    'seed',
    obj(
      K.InClusterIPPool,
      meta(
        names,
        names.pool,
        { [CAPMOX.zoneLabel]: CAPMOX.defaultZone },
        {
          [CAPMOX.ipFamilyAnnotation]: 'ipv4',
          [CAPMOX.gatewayMetricAnnotation]: String(CAPMOX.defaultMetric),
          [CAPMOX.legacyMetricAnnotation]: String(CAPMOX.defaultMetric),
        },
      ),
      { spec: { addresses: poolAddresses(input), prefix: input.network.cidr.prefix, gateway: input.network.gateway } },
    ),
    [{ apiVersion: K.ProxmoxCluster.apiVersion, kind: K.ProxmoxCluster.kind, name: names.cluster, controller: true }],
  );
  const poolRef = { apiGroup: GROUP.ipam, kind: K.InClusterIPPool.kind, name: names.pool };
  for (const node of [...cps, ...workers]) {
    const claim = defaultClaimName(node.name);
    add(
      'ipam',
      'seed',
      obj(K.IPAddress, meta(names, claim, { [CAPI.clusterNameLabel]: names.cluster }), {
        spec: { address: node.ip, prefix: input.network.cidr.prefix, gateway: input.network.gateway, poolRef, claimRef: { name: claim } },
      }),
      // Owned by the pool as IPAM does (it adds the claim as controller later): moved with the pool's chain.
      [{ apiVersion: K.InClusterIPPool.apiVersion, kind: K.InClusterIPPool.kind, name: names.pool, controller: false }],
      { node: node.name },
    );
    add(
      'ipam',
      'seed',
      obj(
        K.IPAddressClaim,
        meta(
          names,
          claim,
          { [CAPI.clusterNameLabel]: names.cluster, [CAPMOX.zoneLabel]: CAPMOX.defaultZone },
          {
            [CAPMOX.poolOffsetAnnotation]: '0',
            [CAPMOX.defaultGatewayAnnotation]: 'true',
          },
        ),
        { spec: { poolRef } },
      ),
      [{ apiVersion: K.ProxmoxMachine.apiVersion, kind: K.ProxmoxMachine.kind, name: node.name, controller: true }],
      { node: node.name },
    );
  }
  return { names, objects: out };
}

/** The object with its owner references filled in from `uidOf` (throws naming a missing owner). */
export function withOwners(desired: DesiredObject, uidOf: (owner: OwnerIntent) => string | undefined): KubeObject {
  if (desired.owners.length === 0) return desired.object;
  const ownerReferences = desired.owners.map((o) => {
    const uid = uidOf(o);
    if (!uid) throw new Error(`${desired.object.kind} ${desired.object.metadata.name}: owner ${o.kind} ${o.name} has no UID yet (it must be applied first)`);
    return { apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid, ...(o.controller ? { controller: true, blockOwnerDeletion: true } : {}) };
  });
  return { ...desired.object, metadata: { ...desired.object.metadata, ownerReferences } };
}
