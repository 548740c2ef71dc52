/**
 * The failure-mode table of the adoption recipe (spec cluster-api.md §7.3) as checks, run before
 * the Cluster is unpaused. Each finding names the guard, the node and object concerned, the field,
 * what is wrong and how to fix it. Pure: the state to check comes in as ObservedState.
 *
 * The "Terraform drift" row is not checkable from the management cluster; it is handled by the
 * hand-back design (README.md) and by the detach precondition in teardown.ts.
 */
import { parseTalosconfig, selectTalosconfigContext } from '../../machinery/clientconfig';
import { formatSecretsYaml, parseSecretsYaml } from '../../machinery/secrets/secrets-yaml';
import { deepEqual, findMismatch, show } from './diff';
import { controlPlaneNodes, normalisePem, workerNodes, type AdoptionInput } from './input';
import { contains, overlaps, parseIpv4, parseIpv4Cidr, parseIpv4Expression, type Ipv4Interval } from '../../kernel/ipv4';
import { ADOPTION_KINDS, describeKey, keyId, keyOf, type KubeObject, type ObjectKey } from './kube';
import { ADOPTED_TEMPLATE_HASH, bootstrapSecretName, CAPI, CAPMOX, defaultClaimName, isUsersNamespace, providerIdOf } from './names';
import { adoptedMachineStatus, deploymentLabels, talosConfigSpec, templateNames, workerMachineTemplateSpec, type AdoptionPlan } from './objects';
import type { ObservedState, WorkloadNode } from './observed';
import { SECRET_KEYS, unb64 } from './secrets';
import { keptStatus, statusProblem } from './status';

export type GuardId =
  | 'new-pki'
  | 'etcd-members'
  | 'cp-replaced'
  | 'cp-scaled-down'
  | 'vm-cloned'
  | 'stuck-terminal'
  | 're-bootstrap'
  | 'no-addresses'
  | 'no-noderef'
  | 'worker-rollout'
  | 'ip-clash'
  | 'new-node-config'
  | 'object-deletion'
  | 'objects';

/** The §7.3 rows (in our words) each guard stands for. */
export const GUARDS: Readonly<Record<GuardId, { readonly risk: string; readonly consequence: string }>> = {
  'new-pki': { risk: 'New PKI', consequence: 'CABPT generates a new secrets bundle; new nodes cannot join and <c>-ca gets a foreign CA' },
  'etcd-members': { risk: 'etcd members removed', consequence: "CACPPT's etcd audit force-removes members it cannot match to a Machine (quorum loss)" },
  'cp-replaced': { risk: 'CP replaced', consequence: 'CACPPT scales up and deletes the adopted Machine and its VM' },
  'cp-scaled-down': { risk: 'CP scaled down', consequence: 'CACPPT deletes the oldest Machine and its VM' },
  'vm-cloned': { risk: 'VM cloned', consequence: 'CAPMOX clones a new VM instead of adopting the running one' },
  'stuck-terminal': { risk: 'Stuck terminal', consequence: 'CAPMOX sets VMProvisionFailed and stops reconciling the machine' },
  're-bootstrap': { risk: 'Re-bootstrap', consequence: 'CAPMOX reconfigures a stopped VM: new IP, ISO injection, reboot' },
  'no-addresses': { risk: 'No addresses', consequence: 'CACPPT cannot reach the nodes ("no addresses were found")' },
  'no-noderef': { risk: 'No nodeRef', consequence: 'Machines never get a nodeRef; scale-down and move are blocked' },
  'worker-rollout': { risk: 'Worker rollout', consequence: 'the MachineDeployment creates a new MachineSet and replaces the workers' },
  'ip-clash': { risk: 'IP clash', consequence: 'new nodes get addresses already in use' },
  'new-node-config': { risk: 'Wrong new-node config', consequence: 'nodes CAPI creates are broken (CIDRs, endpoint, names)' },
  'object-deletion': { risk: 'Object deletion', consequence: 'a deleting Cluster, TalosControlPlane or Machine deletes VMs once unpaused' },
  objects: { risk: 'Objects applied', consequence: 'an object of the recipe is missing or differs, so the guards above cannot hold' },
};

export interface GuardFinding {
  readonly guard: GuardId;
  readonly severity: 'error' | 'warning';
  /** The adopted (or observed) node concerned. */
  readonly node?: string;
  /** `Kind ns/name` of the object concerned, or `input`/`workload Node x`. */
  readonly object: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** One line per finding: `[guard] node x: Kind ns/name field: message (fix: ...)`. */
export function formatFinding(f: GuardFinding): string {
  return `[${f.guard}] ${f.node ? `node ${f.node}: ` : ''}${f.object} ${f.field}: ${f.message} (fix: ${f.fix})`;
}

export class AdoptionGuardError extends Error {
  constructor(readonly findings: readonly GuardFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`adoption guards failed (${errors.length}); the Cluster stays paused:\n${errors.map(formatFinding).join('\n')}`);
    this.name = 'AdoptionGuardError';
  }
}

type Json = Record<string, unknown>;
const K = ADOPTION_KINDS;

function o(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function field(object: unknown, path: string): unknown {
  let cur: unknown = object;
  for (const part of path.split('.')) cur = o(cur)[part];
  return cur;
}

/** The first parseable Talos version in an osImage such as `Talos (v1.13.9)`. */
export function talosVersionOfOsImage(osImage: string | undefined): string | undefined {
  return osImage ? /\bTalos \((v\d+\.\d+\.\d+[^)]*)\)/.exec(osImage)?.[1] : undefined;
}

/** True when a release tag is at or below v0.9.0 (CAPMOX without address recovery, PR #799). */
export function capmoxLacksAddressRecovery(version: string): boolean {
  const m = /^v(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(version);
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 0) return false;
  if (minor !== 9) return minor < 9;
  return patch === 0;
}

class Checker {
  readonly findings: GuardFinding[] = [];

  constructor(
    readonly input: AdoptionInput,
    readonly plan: AdoptionPlan,
    readonly state: ObservedState,
  ) {}

  fail(guard: GuardId, object: string, fieldName: string, message: string, fix: string, node?: string): void {
    this.findings.push({ guard, severity: 'error', object, field: fieldName, message, fix, ...(node ? { node } : {}) });
  }

  warn(guard: GuardId, object: string, fieldName: string, message: string, fix: string, node?: string): void {
    this.findings.push({ guard, severity: 'warning', object, field: fieldName, message, fix, ...(node ? { node } : {}) });
  }

  key(kind: keyof typeof K, name: string): ObjectKey {
    const info = K[kind];
    return { apiVersion: info.apiVersion, kind: info.kind, name, ...(info.namespaced ? { namespace: this.plan.names.namespace } : {}) };
  }

  get(kind: keyof typeof K, name: string): KubeObject | undefined {
    return this.state.objects.get(keyId(this.key(kind, name)));
  }

  where(kind: keyof typeof K, name: string): string {
    return describeKey(this.key(kind, name));
  }

  nodeOf(name: string): WorkloadNode | undefined {
    return this.state.workloadNodes.find((n) => n.name === name);
  }
}

/** Every desired object exists with the desired fields, labels and owners (a precondition of the others). */
function checkObjectsApplied(c: Checker): void {
  for (const desired of c.plan.objects) {
    const key = keyOf(desired.object);
    const live = c.state.objects.get(keyId(key));
    const where = describeKey(key);
    if (!live) {
      c.fail('objects', where, 'metadata.name', 'does not exist in the management cluster', 're-run the apply; objects are created in recipe order', desired.node);
      continue;
    }
    if (desired.object.kind === K.Namespace.kind && isUsersNamespace(live, c.plan.names.cluster)) continue;
    const isSecret = desired.object.kind === K.Secret.kind;
    if (!desired.createOnly) {
      const m = findMismatch(desired.object, live);
      if (m) {
        const detail = isSecret ? 'differs from the input' : `is ${show(m.got)}, want ${show(m.want)}`;
        c.fail('objects', where, m.path, detail, 'another writer changed it; re-run the apply (it re-applies the recipe)', desired.node);
      }
    }
    for (const owner of desired.owners) {
      const ownerLive = c.state.objects.get(keyId({ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, namespace: c.plan.names.namespace }));
      const ref = (live.metadata.ownerReferences ?? []).find((r) => r.kind === owner.kind && r.name === owner.name);
      if (!ref) {
        c.fail('objects', where, 'metadata.ownerReferences', `has no owner reference to ${owner.kind} ${owner.name}`, 're-run the apply', desired.node);
      } else if (ownerLive?.metadata.uid && ref.uid !== ownerLive.metadata.uid) {
        c.fail(
          'objects',
          where,
          'metadata.ownerReferences',
          `points to ${owner.kind} ${owner.name} uid ${ref.uid}, the live one is ${ownerLive.metadata.uid}; the garbage collector would delete it`,
          're-run the apply',
          desired.node,
        );
      } else if (owner.controller && ref.controller !== true) {
        c.fail('objects', where, 'metadata.ownerReferences', `${owner.kind} ${owner.name} is not its controller`, 're-run the apply', desired.node);
      }
    }
  }
}

function checkPki(c: Checker): void {
  const { names } = c.plan;
  const expected = formatSecretsYaml(c.input.bundle);
  const talos = c.get('Secret', names.talosSecret);
  const talosWhere = c.where('Secret', names.talosSecret);
  if (!talos) {
    c.fail(
      'new-pki',
      talosWhere,
      `data.${SECRET_KEYS.bundle}`,
      'is missing: CABPT would generate a new secrets bundle for the first new node',
      're-run the apply; the bundle Secret is created right after the Cluster',
    );
  } else {
    const text = unb64(o(talos.data)[SECRET_KEYS.bundle]);
    if (text === undefined) {
      c.fail('new-pki', talosWhere, `data.${SECRET_KEYS.bundle}`, 'has no bundle key', 're-run the apply');
    } else {
      try {
        if (formatSecretsYaml(parseSecretsYaml(text)) !== expected) {
          c.fail(
            'new-pki',
            talosWhere,
            `data.${SECRET_KEYS.bundle}`,
            'holds a different secrets bundle than machine_secrets',
            'delete the Secret and re-run, or pass the machine_secrets the cluster was built with',
          );
        }
      } catch (err) {
        c.fail('new-pki', talosWhere, `data.${SECRET_KEYS.bundle}`, `is not a parseable Talos secrets bundle (${(err as Error).message})`, 're-run the apply to rewrite it');
      }
    }
  }
  const ca = c.get('Secret', names.caSecret);
  const caWhere = c.where('Secret', names.caSecret);
  if (!ca) {
    c.fail('new-pki', caWhere, 'data', 'is missing: CABPT would write it from whatever bundle it finds', 're-run the apply');
  } else {
    const crt = unb64(o(ca.data)[SECRET_KEYS.caCert]);
    const key = unb64(o(ca.data)[SECRET_KEYS.caKey]);
    if (crt === undefined || normalisePem(crt) !== normalisePem(c.input.bundle.certs.k8s.crt)) {
      c.fail(
        'new-pki',
        caWhere,
        `data.${SECRET_KEYS.caCert}`,
        'is not the Kubernetes CA of machine_secrets: CACPPT would sign kubeconfigs the cluster rejects',
        'delete the Secret and re-run the apply',
      );
    }
    if (key === undefined || normalisePem(key) !== normalisePem(c.input.bundle.certs.k8s.key)) {
      c.fail('new-pki', caWhere, `data.${SECRET_KEYS.caKey}`, 'is not the Kubernetes CA key of machine_secrets', 'delete the Secret and re-run the apply');
    }
  }
  const tc = c.get('Secret', names.talosconfigSecret);
  const tcWhere = c.where('Secret', names.talosconfigSecret);
  if (!tc) {
    c.fail('new-pki', tcWhere, `data.${SECRET_KEYS.talosconfig}`, 'is missing: CACPPT cannot reach the Talos API', 're-run the apply');
  } else {
    try {
      const ctx = selectTalosconfigContext(parseTalosconfig(unb64(o(tc.data)[SECRET_KEYS.talosconfig]) ?? ''));
      if (!ctx.ca || normalisePem(ctx.ca) !== normalisePem(c.input.bundle.certs.os.crt)) {
        c.fail('new-pki', tcWhere, `data.${SECRET_KEYS.talosconfig}`, 'does not trust the os CA of machine_secrets', 'delete the Secret and re-run the apply');
      }
      if (ctx.endpoints.length === 0) {
        c.fail('new-pki', tcWhere, `data.${SECRET_KEYS.talosconfig}`, 'the current context has no endpoints: CACPPT cannot reach the Talos API', 're-run the apply (it writes the control-plane IPs)');
      }
    } catch (err) {
      c.fail('new-pki', tcWhere, `data.${SECRET_KEYS.talosconfig}`, `is not a talosconfig (${(err as Error).message})`, 'delete the Secret and re-run the apply');
    }
  }
  // CAPI reaches the workload cluster only through `<c>-kubeconfig` (key `value`, its own Secret type).
  const kc = c.get('Secret', names.kubeconfigSecret);
  const kcWhere = c.where('Secret', names.kubeconfigSecret);
  if (!kc) {
    c.fail('new-pki', kcWhere, 'metadata.name', 'is missing: Cluster API cannot reach the workload cluster', 're-run the apply');
  } else if (kc.type !== CAPI.secretType || unb64(o(kc.data)[SECRET_KEYS.kubeconfigValue]) === undefined) {
    c.fail('new-pki', kcWhere, 'type', `is ${show(kc.type)} without data.${SECRET_KEYS.kubeconfigValue}: not the format Cluster API reads`, 'delete the Secret (while paused) and re-run the apply');
  }
}

function checkControlPlane(c: Checker): void {
  const { names } = c.plan;
  const input = c.input;
  const cps = controlPlaneNodes(input);
  const adopted = new Set(cps.map((n) => n.name));
  const tcp = c.get('TalosControlPlane', names.controlPlane);
  const tcpWhere = c.where('TalosControlPlane', names.controlPlane);

  // etcd members: every running control plane must have a CP Machine named after its hostname.
  for (const node of c.state.workloadNodes) {
    if (node.controlPlane && !adopted.has(node.name)) {
      c.fail(
        'etcd-members',
        `workload Node ${node.name}`,
        'metadata.labels',
        'is a control-plane node of the running cluster but not adopted: the etcd audit would remove its member',
        `add it to node with role = "controlplane"`,
        node.name,
      );
    }
  }
  for (const node of cps) {
    const seen = c.nodeOf(node.name);
    if (!seen) {
      c.fail(
        'etcd-members',
        `workload Node ${node.name}`,
        'metadata.name',
        'no Node of that name runs: the Talos hostname must equal the node name (etcd members are matched by hostname)',
        'set the Talos hostname to the node name, or fix node.name',
        node.name,
      );
      continue;
    }
    if (!seen.controlPlane)
      c.fail('etcd-members', `workload Node ${node.name}`, 'metadata.labels', 'has no node-role.kubernetes.io/control-plane label but is adopted as a control plane', 'fix node.role', node.name);
    const odd = seen.hostnames.find((h) => h.split('.')[0] !== node.name);
    if (odd)
      c.fail(
        'etcd-members',
        `workload Node ${node.name}`,
        'status.addresses[Hostname]',
        `reports hostname ${odd}; etcd matches members to the ProxmoxMachine name ${node.name}`,
        'rename the node so hostname = VM name = node name',
        node.name,
      );
  }
  for (const m of c.state.machines) {
    if (m.metadata.labels?.[CAPI.controlPlaneLabel] === undefined) continue;
    if (!adopted.has(m.metadata.name)) {
      c.fail(
        'etcd-members',
        describeKey(keyOf(m)),
        'metadata.name',
        'is a control-plane Machine of this cluster that matches no adopted node',
        'delete the stray Machine (while paused) or add the node',
        m.metadata.name,
      );
    }
    const infra = o(field(m, 'spec.infrastructureRef'));
    if (infra.name !== m.metadata.name) {
      c.fail(
        'etcd-members',
        describeKey(keyOf(m)),
        'spec.infrastructureRef.name',
        `is ${show(infra.name)}; the ProxmoxMachine (the hostname CACPPT matches) must be named ${m.metadata.name}`,
        're-run the apply',
        m.metadata.name,
      );
    }
  }

  // Exact version, OnDelete, no configRef, no cloned-from annotations.
  if (tcp) {
    if (field(tcp, 'spec.version') !== input.kubernetesVersion) {
      c.fail('cp-replaced', tcpWhere, 'spec.version', `is ${show(field(tcp, 'spec.version'))}, the cluster runs ${input.kubernetesVersion}`, 'set kubernetes_version to the exact running version');
    }
    if (field(tcp, 'spec.rolloutStrategy.type') !== 'OnDelete') {
      c.fail(
        'cp-replaced',
        tcpWhere,
        'spec.rolloutStrategy.type',
        `is ${show(field(tcp, 'spec.rolloutStrategy.type'))}; it must be OnDelete while adopting`,
        'keep control_plane_rollout_strategy = "OnDelete" until adoption is verified',
      );
    }
    const replicas = field(tcp, 'spec.replicas');
    if (replicas !== cps.length) {
      const below = typeof replicas === 'number' && replicas < cps.length;
      c.fail(
        'cp-scaled-down',
        tcpWhere,
        'spec.replicas',
        `is ${show(replicas)}, ${cps.length} control planes are adopted: ${below ? 'CACPPT would delete the oldest adopted Machine and its VM' : 'CACPPT would clone new control planes during adoption'}`,
        `set control_plane_replicas = ${cps.length} for the adoption, scale afterwards`,
      );
    }
  }
  for (const node of cps) {
    const m = c.get('Machine', node.name);
    if (!m) continue;
    const where = c.where('Machine', node.name);
    if (field(m, 'spec.version') !== input.kubernetesVersion) {
      c.fail(
        'cp-replaced',
        where,
        'spec.version',
        `is ${show(field(m, 'spec.version'))}, TalosControlPlane wants ${input.kubernetesVersion}: the Machine counts as outdated`,
        're-run the apply',
        node.name,
      );
    }
    if (field(m, 'spec.bootstrap.configRef') !== undefined) {
      c.fail(
        'cp-replaced',
        where,
        'spec.bootstrap.configRef',
        'is set: CACPPT compares that TalosConfig with the TCP config and replaces the Machine when they differ',
        'adopted Machines carry only bootstrap.dataSecretName',
        node.name,
      );
    }
    const pm = c.get('ProxmoxMachine', node.name);
    const annotations = pm?.metadata.annotations ?? {};
    for (const a of [CAPI.clonedFromNameAnnotation, CAPI.clonedFromGroupKindAnnotation]) {
      if (a in annotations) {
        c.fail(
          'cp-replaced',
          c.where('ProxmoxMachine', node.name),
          `metadata.annotations[${a}]`,
          'is set: a template mismatch marks the machine outdated',
          'remove the cloned-from annotations from adopted ProxmoxMachines',
          node.name,
        );
      }
    }
  }
}

function checkMachines(c: Checker): void {
  const input = c.input;
  for (const node of input.nodes) {
    const pm = c.get('ProxmoxMachine', node.name);
    const pmWhere = c.where('ProxmoxMachine', node.name);
    const expectedId = providerIdOf(node.smbiosUuid);
    // VM cloned / stuck terminal.
    if (pm && field(pm, 'spec.virtualMachineID') !== node.vmId) {
      c.fail('vm-cloned', pmWhere, 'spec.virtualMachineID', `is ${show(field(pm, 'spec.virtualMachineID'))}, the VM is ${node.vmId}: without it CAPMOX clones a new VM`, 're-run the apply', node.name);
    }
    if (node.vmName !== node.name) {
      c.fail(
        'stuck-terminal',
        'input',
        `node.${node.index}.vm_name`,
        `the Proxmox VM is named ${node.vmName} but the ProxmoxMachine is ${node.name}: CAPMOX requires them equal`,
        `rename the VM to ${node.name} in Terraform before adoption`,
        node.name,
      );
    }
    // Re-bootstrap: only running VMs (and Ready nodes) are adopted.
    if (!node.started) {
      c.fail(
        're-bootstrap',
        'input',
        `node.${node.index}.started`,
        'the VM is not running: CAPMOX would reconfigure it, allocate a new IP and inject an ISO',
        'start the VM and let the node become Ready before adoption',
        node.name,
      );
    }
    const seen = c.nodeOf(node.name);
    if (seen && !seen.ready) {
      c.fail('re-bootstrap', `workload Node ${node.name}`, 'status.conditions[Ready]', 'is not True: only running, healthy nodes are adopted', 'wait until the node is Ready', node.name);
    }
    // No nodeRef: the Node must carry exactly the providerID CAPMOX derives from the SMBIOS uuid.
    if (seen) {
      if (seen.providerID !== expectedId) {
        c.fail(
          'no-noderef',
          `workload Node ${node.name}`,
          'spec.providerID',
          `is ${show(seen.providerID)}, want ${expectedId}: the Machine would never get a nodeRef`,
          "set machine.kubelet.extraConfig.providerID (or patch an empty Node providerID once) to the VM's SMBIOS uuid",
          node.name,
        );
      }
      const ips = [...seen.internalIPs, ...seen.externalIPs];
      if (ips.length > 0 && !ips.includes(node.ip)) {
        c.fail(
          'no-addresses',
          `workload Node ${node.name}`,
          'status.addresses',
          `reports ${ips.join(', ')}, the input says ${node.ip}: the IPAddress would point CACPPT elsewhere`,
          'fix node.ip',
          node.name,
        );
      }
      if (seen.deleting) c.fail('object-deletion', `workload Node ${node.name}`, 'metadata.deletionTimestamp', 'the Node is being deleted', 'adopt only nodes that stay', node.name);
    }
    const dup = c.state.workloadNodes.find((n) => n.name !== node.name && n.providerID === expectedId);
    if (dup) {
      c.fail(
        'no-noderef',
        `workload Node ${dup.name}`,
        'spec.providerID',
        `also carries ${expectedId}: the Machine ${node.name} would match the wrong Node`,
        'give every VM its own SMBIOS uuid',
        node.name,
      );
    }
    const m = c.get('Machine', node.name);
    if (m && field(m, 'spec.providerID') !== expectedId) {
      c.fail('no-noderef', c.where('Machine', node.name), 'spec.providerID', `is ${show(field(m, 'spec.providerID'))}, want ${expectedId}`, 're-run the apply', node.name);
    }
    if (pm && field(pm, 'spec.providerID') !== expectedId) {
      c.fail('no-noderef', pmWhere, 'spec.providerID', `is ${show(field(pm, 'spec.providerID'))}, want ${expectedId}`, 're-run the apply', node.name);
    }
    if (m && field(m, 'spec.bootstrap.dataSecretName') !== bootstrapSecretName(node.name)) {
      c.fail(
        'vm-cloned',
        c.where('Machine', node.name),
        'spec.bootstrap.dataSecretName',
        `is ${show(field(m, 'spec.bootstrap.dataSecretName'))}: CAPMOX waits for bootstrap data before it looks at the VM`,
        're-run the apply',
        node.name,
      );
    }
  }
}

function checkAddresses(c: Checker): void {
  const { names } = c.plan;
  const input = c.input;
  const pool = c.get('InClusterIPPool', names.pool);
  if (!pool) c.fail('no-addresses', c.where('InClusterIPPool', names.pool), 'metadata.name', 'does not exist: the claims of adopted machines cannot resolve', 're-run the apply');
  const poolRef = { apiGroup: 'ipam.cluster.x-k8s.io', kind: K.InClusterIPPool.kind, name: names.pool };
  for (const node of input.nodes) {
    const name = defaultClaimName(node.name);
    const address = c.get('IPAddress', name);
    const claim = c.get('IPAddressClaim', name);
    const pm = c.get('ProxmoxMachine', node.name);
    if (!address) {
      c.fail('no-addresses', c.where('IPAddress', name), 'metadata.name', 'does not exist: the in-cluster IPAM would allocate a new address from the pool', 're-run the apply', node.name);
    } else {
      if (field(address, 'spec.address') !== node.ip) {
        c.fail(
          'no-addresses',
          c.where('IPAddress', name),
          'spec.address',
          `is ${show(field(address, 'spec.address'))}, the node runs on ${node.ip}`,
          'delete the IPAddress (while paused) and re-run the apply',
          node.name,
        );
      }
      if (!deepEqual(field(address, 'spec.poolRef'), poolRef)) {
        c.fail('no-addresses', c.where('IPAddress', name), 'spec.poolRef', `is ${show(field(address, 'spec.poolRef'))}, want ${show(poolRef)}`, 'delete the IPAddress and re-run the apply', node.name);
      }
      if (field(address, 'spec.claimRef.name') !== name) {
        c.fail(
          'no-addresses',
          c.where('IPAddress', name),
          'spec.claimRef.name',
          `is ${show(field(address, 'spec.claimRef.name'))}, want ${name}`,
          'delete the IPAddress and re-run the apply',
          node.name,
        );
      }
    }
    // CAPMOX v0.9.0 never publishes addresses of a running VM; the adoption writes them (status.ts).
    const gap = pm ? statusProblem(keptStatus(adoptedMachineStatus(node), pm.status), pm.status) : undefined;
    if (gap) {
      const why = gap.startsWith('status.addresses') ? 'CAPI copies them to the Machine, CACPPT and CABPT reach the node through them' : 'CAPMOX looks the VM up on that Proxmox node';
      c.fail('no-addresses', c.where('ProxmoxMachine', node.name), gap.split(' ')[0], `${gap}: ${why}`, 're-run the apply (it writes them through the status subresource)', node.name);
    }
    if (!claim) {
      c.fail('no-addresses', c.where('IPAddressClaim', name), 'metadata.name', 'does not exist: CAPMOX address recovery reads the resolved claim', 're-run the apply', node.name);
      continue;
    }
    if (!deepEqual(field(claim, 'spec.poolRef'), poolRef)) {
      c.fail(
        'no-addresses',
        c.where('IPAddressClaim', name),
        'spec.poolRef',
        `is ${show(field(claim, 'spec.poolRef'))}, want ${show(poolRef)}: CAPMOX reports a pool conflict`,
        'delete the claim and re-run the apply',
        node.name,
      );
    }
    const controller = (claim.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!controller || controller.kind !== K.ProxmoxMachine.kind || controller.name !== node.name || (pm?.metadata.uid && controller.uid !== pm.metadata.uid)) {
      c.fail(
        'no-addresses',
        c.where('IPAddressClaim', name),
        'metadata.ownerReferences',
        `is not controlled by ProxmoxMachine ${node.name}: CAPMOX reports an owner conflict`,
        're-run the apply',
        node.name,
      );
    }
    const annotations = claim.metadata.annotations ?? {};
    if (annotations[CAPMOX.poolOffsetAnnotation] !== '0' || annotations[CAPMOX.defaultGatewayAnnotation] !== 'true') {
      c.fail(
        'no-addresses',
        c.where('IPAddressClaim', name),
        'metadata.annotations',
        `must carry ${CAPMOX.poolOffsetAnnotation}: "0" and ${CAPMOX.defaultGatewayAnnotation}: "true" as CAPMOX writes them`,
        're-run the apply',
        node.name,
      );
    }
    if (claim.metadata.labels?.[CAPI.clusterNameLabel] !== names.cluster) {
      c.fail('no-addresses', c.where('IPAddressClaim', name), `metadata.labels[${CAPI.clusterNameLabel}]`, 'is missing: IPAM could not see that the Cluster is paused', 're-run the apply', node.name);
    }
  }
  if (c.state.capmoxVersion === null) {
    c.warn(
      'no-addresses',
      'clusterctl inventory',
      'Provider infrastructure-proxmox',
      'no CAPMOX inventory entry was found, so its address recovery (PR #799) could not be confirmed',
      'install CAPMOX through the capi components resource',
    );
  } else if (c.state.capmoxVersion && capmoxLacksAddressRecovery(c.state.capmoxVersion)) {
    c.warn(
      'no-addresses',
      'clusterctl inventory',
      'Provider infrastructure-proxmox version',
      `CAPMOX ${c.state.capmoxVersion} has no address recovery (PR #799): the adoption writes status.addresses of the adopted ProxmoxMachines itself and repairs them on every apply; a clusterctl move does not copy status, so after a move they must be written again on the target`,
      'run a CAPMOX build that contains PR #799 (after v0.9.0) before moving the cluster',
    );
  }
}

function checkWorkers(c: Checker): void {
  const { names } = c.plan;
  const input = c.input;
  const workers = workerNodes(input);
  const md = c.get('MachineDeployment', names.machineDeployment);
  const mdWhere = c.where('MachineDeployment', names.machineDeployment);
  if (md && field(md, 'spec.replicas') !== workers.length) {
    const replicas = field(md, 'spec.replicas');
    const below = typeof replicas === 'number' && replicas < workers.length;
    c.fail(
      'worker-rollout',
      mdWhere,
      'spec.replicas',
      `is ${show(replicas)}, ${workers.length} workers are adopted: ${below ? 'adopted workers and their VMs would be deleted' : 'new workers would be cloned during adoption'}`,
      `set worker_replicas = ${workers.length} for the adoption, scale afterwards`,
    );
  }
  if (workers.length === 0) return;
  const ms = c.get('MachineSet', names.adoptedMachineSet);
  const msWhere = c.where('MachineSet', names.adoptedMachineSet);
  if (!md || !ms) return; // reported by the objects guard
  const hash = ms.metadata.labels?.[CAPI.machineTemplateHashLabel];
  if (!hash) c.fail('worker-rollout', msWhere, `metadata.labels[${CAPI.machineTemplateHashLabel}]`, 'is missing: the MachineDeployment errors on it', 're-run the apply');
  const mdTemplate = field(md, 'spec.template.spec');
  if (!deepEqual(field(ms, 'spec.template.spec'), mdTemplate)) {
    const m = findMismatch(mdTemplate, field(ms, 'spec.template.spec')) ?? findMismatch(field(ms, 'spec.template.spec'), mdTemplate);
    c.fail(
      'worker-rollout',
      msWhere,
      `spec.template.spec${m?.path ? `.${m.path}` : ''}`,
      'differs from the MachineDeployment template: the MachineSet counts as outdated and its workers get replaced',
      're-run the apply while paused',
    );
  }
  const want = { ...deploymentLabels(names), [CAPI.machineTemplateHashLabel]: hash ?? ADOPTED_TEMPLATE_HASH };
  if (!deepEqual(field(ms, 'spec.template.metadata.labels'), want)) {
    c.fail('worker-rollout', msWhere, 'spec.template.metadata.labels', `is ${show(field(ms, 'spec.template.metadata.labels'))}, want ${show(want)}`, 're-run the apply');
  }
  if (!deepEqual(field(ms, 'spec.selector.matchLabels'), want)) {
    c.fail('worker-rollout', msWhere, 'spec.selector.matchLabels', `is ${show(field(ms, 'spec.selector.matchLabels'))}, want ${show(want)}`, 're-run the apply');
  }
  if (!deepEqual(mdTemplate, workerMachineTemplateSpec(input))) {
    c.fail('worker-rollout', mdWhere, 'spec.template.spec', 'is not the template built from the input', 're-run the apply');
  }
  for (const node of workers) {
    const m = c.get('Machine', node.name);
    if (!m) continue;
    const where = c.where('Machine', node.name);
    const labels = m.metadata.labels ?? {};
    const missing = Object.entries(want).filter(([k, v]) => labels[k] !== v);
    if (missing.length > 0)
      c.fail('worker-rollout', where, 'metadata.labels', `lacks ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}: the adopted MachineSet would not select it`, 're-run the apply', node.name);
    if (field(m, 'spec.version') !== field(md, 'spec.template.spec.version')) {
      c.fail(
        'worker-rollout',
        where,
        'spec.version',
        `is ${show(field(m, 'spec.version'))}, the MachineDeployment template has ${show(field(md, 'spec.template.spec.version'))}`,
        're-run the apply',
        node.name,
      );
    }
    const controller = (m.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (controller && (controller.kind !== K.MachineSet.kind || controller.name !== names.adoptedMachineSet)) {
      c.fail(
        'worker-rollout',
        where,
        'metadata.ownerReferences',
        `is controlled by ${controller.kind} ${controller.name}, not the adopted MachineSet`,
        'remove the foreign controller reference',
        node.name,
      );
    }
  }
}

function intervalsOf(list: unknown, where: string, c: Checker): Ipv4Interval[] {
  const out: Ipv4Interval[] = [];
  (Array.isArray(list) ? list : []).forEach((expr, i) => {
    const interval = typeof expr === 'string' ? parseIpv4Expression(expr) : undefined;
    if (interval) out.push(interval);
    else c.fail('ip-clash', where, `addresses[${i}]`, `${show(expr)} is not an IPv4 address, range or CIDR`, 'fix network.new_node_addresses');
  });
  return out;
}

function checkIpClash(c: Checker): void {
  const { names } = c.plan;
  const input = c.input;
  const pc = c.get('ProxmoxCluster', names.cluster);
  const pool = c.get('InClusterIPPool', names.pool);
  const ranges: Array<{ where: string; field: string; intervals: Ipv4Interval[] }> = [];
  if (pc)
    ranges.push({
      where: c.where('ProxmoxCluster', names.cluster),
      field: 'spec.ipv4Config.addresses',
      intervals: intervalsOf(field(pc, 'spec.ipv4Config.addresses'), c.where('ProxmoxCluster', names.cluster), c),
    });
  if (pool) ranges.push({ where: c.where('InClusterIPPool', names.pool), field: 'spec.addresses', intervals: intervalsOf(field(pool, 'spec.addresses'), c.where('InClusterIPPool', names.pool), c) });

  const taken: Array<{ ip: string; what: string; node?: string; fix: string }> = [];
  // An adopted node's IP belongs in the pool (the IPAM webhook requires allocated addresses inside
  // it), but only while its IPAddress from that pool holds it: then IPAM never hands it out.
  for (const node of input.nodes) {
    const held = c.get('IPAddress', defaultClaimName(node.name));
    const allocated = held !== undefined && field(held, 'spec.address') === node.ip && field(held, 'spec.poolRef.name') === names.pool;
    if (!allocated)
      taken.push({
        ip: node.ip,
        what: `adopted node ${node.name}, which no IPAddress of the pool holds`,
        node: node.name,
        fix: 're-run the apply (it creates the IPAddress); choose network.new_node_addresses outside every node IP',
      });
  }
  taken.push({ ip: input.network.gateway, what: 'the gateway', fix: 'exclude the gateway from network.new_node_addresses' });
  if (parseIpv4(input.endpoint.host) !== undefined) {
    taken.push({ ip: input.endpoint.host, what: 'the control-plane endpoint (VIP)', fix: 'exclude the VIP from network.new_node_addresses (the CAPMOX webhook rejects it too)' });
  }
  for (const node of c.state.workloadNodes) {
    for (const ip of [...node.internalIPs, ...node.externalIPs]) {
      if (!input.nodes.some((n) => n.ip === ip))
        taken.push({ ip, what: `running Node ${node.name}`, node: node.name, fix: 'exclude every address of the running cluster from network.new_node_addresses' });
    }
  }
  for (const range of ranges) {
    for (const t of taken) {
      const value = parseIpv4(t.ip);
      if (value === undefined) continue;
      const hit = range.intervals.find((i) => contains(i, value));
      if (hit) c.fail('ip-clash', range.where, range.field, `contains ${t.ip}, the address of ${t.what}: CAPI would hand it to a new node`, t.fix, t.node);
    }
  }
  if (pc) {
    const spec = o(field(pc, 'spec.ipv4Config'));
    if (spec.gateway !== input.network.gateway || spec.prefix !== input.network.cidr.prefix) {
      c.fail(
        'ip-clash',
        c.where('ProxmoxCluster', names.cluster),
        'spec.ipv4Config',
        `gateway/prefix ${show(spec.gateway)}/${show(spec.prefix)} differ from the node network ${input.network.gateway}/${input.network.cidr.prefix}`,
        're-run the apply',
      );
    }
  }
  // Overlapping entries inside the list are harmless; entries outside the node network are not.
  const cidr = input.network.cidr;
  for (const range of ranges) {
    for (const interval of range.intervals) {
      if (!overlaps(interval, cidr) || interval.first < cidr.first || interval.last > cidr.last) {
        c.fail('ip-clash', range.where, range.field, `reaches outside the node network ${cidr.text}`, 'keep network.new_node_addresses inside network.cidr');
      }
    }
  }
}

function checkNewNodeConfig(c: Checker): void {
  const { names } = c.plan;
  const input = c.input;
  const cluster = c.get('Cluster', names.cluster);
  const clusterWhere = c.where('Cluster', names.cluster);
  if (cluster) {
    const network = o(field(cluster, 'spec.clusterNetwork'));
    if (!deepEqual(field(network, 'pods.cidrBlocks'), input.podCidrs)) {
      c.fail('new-node-config', clusterWhere, 'spec.clusterNetwork.pods.cidrBlocks', `is ${show(field(network, 'pods.cidrBlocks'))}, the cluster uses ${show(input.podCidrs)}`, 're-run the apply');
    }
    if (!deepEqual(field(network, 'services.cidrBlocks'), input.serviceCidrs)) {
      c.fail(
        'new-node-config',
        clusterWhere,
        'spec.clusterNetwork.services.cidrBlocks',
        `is ${show(field(network, 'services.cidrBlocks'))}, the cluster uses ${show(input.serviceCidrs)}`,
        're-run the apply',
      );
    }
    if (network.serviceDomain !== input.serviceDomain) {
      c.fail('new-node-config', clusterWhere, 'spec.clusterNetwork.serviceDomain', `is ${show(network.serviceDomain)}, want ${input.serviceDomain}`, 're-run the apply');
    }
    if (!deepEqual(field(cluster, 'spec.controlPlaneEndpoint'), { host: input.endpoint.host, port: input.endpoint.port })) {
      c.fail(
        'new-node-config',
        clusterWhere,
        'spec.controlPlaneEndpoint',
        `is ${show(field(cluster, 'spec.controlPlaneEndpoint'))}, want ${input.endpoint.host}:${input.endpoint.port}`,
        're-run the apply',
      );
    }
  }
  const tcp = c.get('TalosControlPlane', names.controlPlane);
  if (tcp && !deepEqual(field(tcp, 'spec.controlPlaneConfig.controlplane'), talosConfigSpec(input, 'controlplane'))) {
    c.fail(
      'new-node-config',
      c.where('TalosControlPlane', names.controlPlane),
      'spec.controlPlaneConfig.controlplane',
      'differs from config_patches + control_plane_patches of the running cluster',
      're-run the apply',
    );
  }
  const tctName = templateNames(input).talosConfig;
  const tct = c.get('TalosConfigTemplate', tctName);
  if (tct && !deepEqual(field(tct, 'spec.template.spec'), talosConfigSpec(input, 'worker'))) {
    c.fail('new-node-config', c.where('TalosConfigTemplate', tctName), 'spec.template.spec', 'differs from config_patches + worker_patches of the running cluster', 're-run the apply');
  }

  // Shared patches must not pin per-node values or contradict the Cluster's network.
  const endpoint = `https://${input.endpoint.host}:${input.endpoint.port}`;
  for (const p of input.patchFacts.patches) {
    if (p.setsHostname)
      c.fail(
        'new-node-config',
        'input',
        p.path,
        'sets a hostname: every node CAPI creates would get it',
        'move per-node hostnames out of shared patches (CABPT sets hostname from the ProxmoxMachine name)',
      );
    if (p.setsProviderId)
      c.fail(
        'new-node-config',
        'input',
        p.path,
        'sets a kubelet providerID: every new node would claim the same VM',
        'move providerID to per-node config; new nodes get it from talos-cloud-controller-manager',
      );
    if (p.podSubnets && !deepEqual(p.podSubnets, input.podCidrs))
      c.fail('new-node-config', 'input', p.path, `sets cluster.network.podSubnets ${show(p.podSubnets)} but pod_cidrs is ${show(input.podCidrs)}`, 'make pod_cidrs match the patch');
    if (p.serviceSubnets && !deepEqual(p.serviceSubnets, input.serviceCidrs))
      c.fail(
        'new-node-config',
        'input',
        p.path,
        `sets cluster.network.serviceSubnets ${show(p.serviceSubnets)} but service_cidrs is ${show(input.serviceCidrs)}`,
        'make service_cidrs match the patch',
      );
    if (p.dnsDomain !== undefined && p.dnsDomain !== input.serviceDomain)
      c.fail('new-node-config', 'input', p.path, `sets cluster.network.dnsDomain ${p.dnsDomain} but service_domain is ${input.serviceDomain}`, 'make service_domain match the patch');
    if (p.endpoint !== undefined && p.endpoint !== endpoint)
      c.fail('new-node-config', 'input', p.path, `sets cluster.controlPlane.endpoint ${p.endpoint}; CABPT uses ${endpoint}`, 'make control_plane_endpoint_host/port match the patch');
    if (p.clusterName !== undefined && p.clusterName !== input.clusterName)
      c.fail('new-node-config', 'input', p.path, `sets cluster.clusterName ${p.clusterName}; CABPT uses the Cluster name ${input.clusterName}`, 'name the adoption after the Talos cluster');
  }

  // Cross-check the inputs against the running cluster.
  const serviceIp = c.state.kubernetesServiceIP === undefined ? undefined : parseIpv4(c.state.kubernetesServiceIP);
  const serviceRanges = input.serviceCidrs.map((s) => parseIpv4Cidr(s, { allowHostBits: true })).filter((x): x is NonNullable<typeof x> => !!x);
  if (serviceIp !== undefined && serviceRanges.length > 0 && !serviceRanges.some((r) => contains(r, serviceIp))) {
    c.fail(
      'new-node-config',
      'workload Service default/kubernetes',
      'spec.clusterIP',
      `${c.state.kubernetesServiceIP} is outside service_cidrs ${show(input.serviceCidrs)}: the inputs do not describe this cluster`,
      'pass the service CIDRs the cluster was built with',
    );
  }
  const podRanges = input.podCidrs.map((s) => parseIpv4Cidr(s, { allowHostBits: true })).filter((x): x is NonNullable<typeof x> => !!x);
  for (const node of c.state.workloadNodes) {
    for (const podCidr of node.podCIDRs) {
      const r = parseIpv4Cidr(podCidr, { allowHostBits: true });
      if (r && podRanges.length > 0 && !podRanges.some((p) => contains(p, r.first) && contains(p, r.last))) {
        c.fail('new-node-config', `workload Node ${node.name}`, 'spec.podCIDRs', `${podCidr} is outside pod_cidrs ${show(input.podCidrs)}`, 'pass the pod CIDRs the cluster was built with', node.name);
      }
    }
  }
  for (const node of input.nodes) {
    const seen = c.nodeOf(node.name);
    if (!seen) {
      if (node.role === 'worker')
        c.fail('no-noderef', `workload Node ${node.name}`, 'metadata.name', 'no Node of that name runs in the cluster', 'fix node.name (it must equal the Kubernetes node name)', node.name);
      continue;
    }
    if (node.role === 'worker' && seen.controlPlane)
      c.fail('etcd-members', `workload Node ${node.name}`, 'metadata.labels', 'is a control-plane node but adopted as a worker', 'set node.role = "controlplane"', node.name);
    if (seen.kubeletVersion !== undefined && seen.kubeletVersion !== input.kubernetesVersion) {
      const guard = node.role === 'controlplane' ? 'cp-replaced' : 'worker-rollout';
      c.fail(
        guard,
        `workload Node ${node.name}`,
        'status.nodeInfo.kubeletVersion',
        `is ${seen.kubeletVersion}, kubernetes_version is ${input.kubernetesVersion}: the Machine version would not match the node`,
        'set kubernetes_version to the exact running version (finish any upgrade first)',
        node.name,
      );
    }
    const talos = talosVersionOfOsImage(seen.osImage);
    if (talos && /^v\d+\.\d+\.\d+/.test(input.talosVersion) && talos !== input.talosVersion) {
      c.fail(
        'new-node-config',
        `workload Node ${node.name}`,
        'status.nodeInfo.osImage',
        `runs Talos ${talos}, talos_version is ${input.talosVersion}`,
        'pass the Talos version the nodes run',
        node.name,
      );
    } else if (talos && !talos.startsWith(`${input.talosContract}.`)) {
      c.fail(
        'new-node-config',
        `workload Node ${node.name}`,
        'status.nodeInfo.osImage',
        `runs Talos ${talos}, not the ${input.talosContract} line CABPT would generate configs for`,
        'pass the Talos version the nodes run',
        node.name,
      );
    }
  }
}

function checkDeletion(c: Checker): void {
  const seen = new Set<string>();
  const all = [...c.state.objects.values(), ...c.state.machines, ...c.state.proxmoxMachines];
  for (const object of all) {
    const id = keyId(keyOf(object));
    if (seen.has(id) || object.metadata.deletionTimestamp === undefined) continue;
    seen.add(id);
    const node = c.input.nodes.find((n) => n.name === object.metadata.name)?.name;
    c.fail(
      'object-deletion',
      describeKey(keyOf(object)),
      'metadata.deletionTimestamp',
      'is set: once unpaused, its controller would finish the deletion and delete VMs',
      'let the deletion finish (remove finalizers while paused), then re-run the apply',
      node,
    );
  }
}

/** Runs every guard; returns all findings (errors and warnings). */
export function checkAdoptionGuards(input: AdoptionInput, plan: AdoptionPlan, state: ObservedState): GuardFinding[] {
  const c = new Checker(input, plan, state);
  checkObjectsApplied(c);
  checkPki(c);
  checkControlPlane(c);
  checkMachines(c);
  checkAddresses(c);
  checkWorkers(c);
  checkIpClash(c);
  checkNewNodeConfig(c);
  checkDeletion(c);
  return c.findings;
}

/** Throws AdoptionGuardError when any finding is an error. */
export function assertGuardsPass(findings: readonly GuardFinding[]): void {
  if (findings.some((f) => f.severity === 'error')) throw new AdoptionGuardError(findings);
}
