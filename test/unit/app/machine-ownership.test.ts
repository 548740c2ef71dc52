/**
 * `clusterApi.machineOwner` and `importMachines` over real synths of the whole app: while Terraform
 * owns the machines the node VMs are frozen; once Cluster API owns them the Proxmox and Talos stages
 * forget every per-node resource (removed blocks, destroy = false) and nothing downstream changes;
 * the hand-back imports the VMs and their firewall again.
 */
import * as fs from 'node:fs';
import { readAppEnvironment } from '../../../stacks/app-environment';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { App } from '../../../stacks/cdk';
import { buildApp, loadAppDefinitions } from '../../../stacks/app';
import { goodInput } from '../definition/fixtures';

type Json = Record<string, any>;
type Ownership = { machineOwner?: 'terraform' | 'clusterApi'; importMachines?: boolean };

const PER_VM = ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_firewall_options', 'proxmox_virtual_environment_firewall_rules'];

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-owner-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** `<type>.<name>` of every managed resource in a stack. */
const addressesOf = (json: Json): string[] =>
  Object.entries((json.resource ?? {}) as Json)
    .flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`))
    .sort();
/** The node VMs (not the Talos template VM Cluster API clones from). */
const nodeVms = (json: Json, names: readonly string[]): Json[] => (Object.values(json.resource.proxmox_virtual_environment_vm ?? {}) as Json[]).filter((vm) => names.includes(vm.name));

function synth(ownership: Ownership | undefined) {
  const d = goodInput();
  if (ownership) d.clusterApi = { ...d.clusterApi, onDestroy: 'delete', ...ownership };
  else delete d.clusterApi;
  const dir = path.join(root, JSON.stringify(ownership ?? null).replace(/\W/g, '') || 'none');
  fs.mkdirSync(path.join(dir, 'clusters'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'clusters', 'prod.yaml'), stringify(d));
  const outdir = path.join(dir, 'cdktf.out');
  const app = new App({ outdir });
  const clusters = buildApp(app, loadAppDefinitions(readAppEnvironment({}, dir)), { environment: readAppEnvironment({}, dir) });
  app.synth();
  const stack = (id: string): Json => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  return { clusters, stack };
}

/** Every `depends_on` and `${type.name…}` reference names a resource or data source the stack declares. */
function expectNoDanglingReferences(json: Json): void {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Json)) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries((json.data ?? {}) as Json)) for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const text = JSON.stringify({ resource: json.resource, data: json.data, output: json.output });
  const refs = [...text.matchAll(/\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]).filter((r) => !/^(var|local|each|count|self|path|terraform)\./.test(r));
  const deps = [...text.matchAll(/"depends_on":\[([^\]]*)\]/g)].flatMap((m) => JSON.parse(`[${m[1]}]`) as string[]);
  for (const r of [...refs, ...deps]) expect(declared.has(r) ? r : `undeclared ${r}`).toBe(r);
}

describe('machine ownership across the stages', () => {
  test('owner terraform (the default with clusterApi): node VMs frozen, firewall and applies managed, no removed or import blocks', () => {
    const { clusters, stack } = synth({});
    const proxmox = stack('prod-proxmox');
    const vms = nodeVms(
      proxmox,
      clusters[0].proxmox.nodes.map((n) => n.name),
    );
    expect(vms).toHaveLength(5);
    for (const vm of vms) expect(vm.lifecycle).toEqual({ ignore_changes: 'all' });
    for (const r of Object.values(proxmox.resource.proxmox_virtual_environment_firewall_rules) as Json[]) expect(r.lifecycle).toBeUndefined();
    expect(proxmox.removed).toBeUndefined();
    expect(proxmox.import).toBeUndefined();
    const talos = stack('prod-talos');
    expect(Object.keys(talos.resource.talos_machine_configuration_apply)).toHaveLength(5);
    expect(talos.removed).toBeUndefined();
    // Cluster API may add control planes: the health gate accepts etcd members it did not list.
    expect((Object.values(talos.data.talos_cluster_health) as Json[])[0].allow_additional_members).toBe(true);
  });

  test('without clusterApi the VMs are fully managed (no lifecycle)', () => {
    const { clusters, stack } = synth(undefined);
    const vms = nodeVms(
      stack('prod-proxmox'),
      clusters[0].proxmox.nodes.map((n) => n.name),
    );
    expect(vms).toHaveLength(5);
    for (const vm of vms) expect(vm.lifecycle).toBeUndefined();
    expect((Object.values(stack('prod-talos').data.talos_cluster_health) as Json[])[0].allow_additional_members).toBe(false);
  });

  test('owner clusterApi: per-node resources leave both stages as removed blocks with destroy = false, at the addresses they had', () => {
    const before = synth({});
    const after = synth({ machineOwner: 'clusterApi' });
    const proxmoxBefore = before.stack('prod-proxmox');
    const proxmox = after.stack('prod-proxmox');
    const names = before.clusters[0].proxmox.nodes.map((n) => n.name);
    const perNode = addressesOf(proxmoxBefore).filter((a) => PER_VM.includes(a.split('.')[0]) && names.some((n) => a.split('.')[1].includes(`${n}_`) || a.split('.')[1].includes(`${n}-`)));
    expect(perNode).toHaveLength(15);

    expect(nodeVms(proxmox, names)).toEqual([]);
    expect(proxmox.removed.map((b: Json) => b.from).sort()).toEqual(perNode);
    for (const b of proxmox.removed) expect(b.lifecycle).toEqual({ destroy: false });
    // Everything else stays: pool, network, images (and the template VM Cluster API clones from).
    expect(addressesOf(proxmox)).toEqual(addressesOf(proxmoxBefore).filter((a) => !perNode.includes(a)));

    const talosBefore = before.stack('prod-talos');
    const talos = after.stack('prod-talos');
    expect(talos.resource.talos_machine_configuration_apply).toBeUndefined();
    expect(talos.removed.map((b: Json) => b.from).sort()).toEqual(addressesOf(talosBefore).filter((a) => a.startsWith('talos_machine_configuration_apply.')));
    expect(talos.removed).toHaveLength(5);
    expect(addressesOf(talos)).toEqual(addressesOf(talosBefore).filter((a) => !a.startsWith('talos_machine_configuration_apply.')));
    for (const b of talos.removed) expect(b.lifecycle).toEqual({ destroy: false });
    expect(talos.data.talos_cluster_health).toBeUndefined();
    // Bootstrap and kubeconfig keep their addresses (no replacement); the bootstrap lost only its ordering on the first apply.
    expect(Object.keys(talos.resource.talos_machine_bootstrap)).toEqual(Object.keys(talosBefore.resource.talos_machine_bootstrap));
    expect(Object.keys(talos.resource.talos_cluster_kubeconfig)).toEqual(Object.keys(talosBefore.resource.talos_cluster_kubeconfig));
    expect(Object.values(talos.resource.talos_machine_bootstrap)[0]).not.toHaveProperty('depends_on');
    expect(talos.data.talos_machine_configuration).toEqual(talosBefore.data.talos_machine_configuration);
    expect(talos.data.talos_client_configuration).toEqual(talosBefore.data.talos_client_configuration);

    for (const id of ['prod-proxmox', 'prod-talos', 'prod-capi']) expectNoDanglingReferences(after.stack(id));
  });

  test('owner clusterApi: outputs and the adoption inputs keep exactly the same values', () => {
    const before = synth({});
    const after = synth({ machineOwner: 'clusterApi' });
    expect(after.clusters[0].proxmox.nodes).toEqual(before.clusters[0].proxmox.nodes);
    expect(after.stack('prod-proxmox').output).toEqual(before.stack('prod-proxmox').output);
    expect(after.stack('prod-talos').output).toEqual(before.stack('prod-talos').output);
    const adoption = (s: ReturnType<typeof synth>) => Object.values(s.stack('prod-capi').resource.capi_cluster_adoption)[0] as Json;
    const nodeInputs = adoption(after).node as Json[];
    expect(nodeInputs.map((n) => [n.name, n.vm_id, n.proxmox_node, n.ip, n.smbios_uuid])).toEqual(before.clusters[0].proxmox.nodes.map((n) => [n.name, n.vmid, n.proxmoxNode, n.ip, n.smbiosUuid]));
    expect(after.stack('prod-capi')).toEqual(before.stack('prod-capi'));
  });

  test('the hand-back (owner terraform, importMachines): every VM and its firewall get an import block; the VMs stay frozen', () => {
    const { clusters, stack } = synth({ importMachines: true });
    const proxmox = stack('prod-proxmox');
    const nodes = clusters[0].proxmox.nodes;
    const imports = proxmox.import as { to: string; id: string }[];
    expect(imports).toHaveLength(15);
    for (const n of nodes) {
      const vmAddr = imports.find((i) => i.id === `${n.proxmoxNode}/${n.vmid}`)?.to as string;
      expect(vmAddr).toMatch(/^proxmox_virtual_environment_vm\./);
      expect(proxmox.resource.proxmox_virtual_environment_vm[vmAddr.split('.')[1]]).toMatchObject({ vm_id: n.vmid, node_name: n.proxmoxNode, lifecycle: { ignore_changes: 'all' } });
      expect(
        imports
          .filter((i) => i.id === `vm/${n.proxmoxNode}/${n.vmid}`)
          .map((i) => i.to.split('.')[0])
          .sort(),
      ).toEqual(['proxmox_virtual_environment_firewall_options', 'proxmox_virtual_environment_firewall_rules']);
    }
    // The import targets are the addresses the resources had before they were handed over.
    expect(imports.map((i) => i.to).sort()).toEqual(
      synth({ machineOwner: 'clusterApi', importMachines: false })
        .stack('prod-proxmox')
        .removed.map((b: Json) => b.from)
        .sort(),
    );
    expect(proxmox.removed).toBeUndefined();
  });
});
