/**
 * buildApp over real synths: the lab default and a two-cluster definition directory give the
 * expected stacks, order (dependencies), cross-stack references and backends; no secret value
 * is in the synthesized JSON; a bad definition directory fails with every problem; management
 * clusters of the app (kind cluster, self) are reached through Talos kubeconfig references.
 */
import * as fs from 'node:fs';
import { readAppEnvironment } from '../../../stacks/app-environment';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { App } from '../../../stacks/cdk';
import { buildApp, loadAppDefinitions, type BuildAppOptions } from '../../../stacks/app';
import { APP_ENV } from '../../../stacks/app-environment';
import { CapiStack, type CapiStackProps } from '../../../stacks/capi-stack';
import { ClusterDefinitionError, parseClusterDefinition } from '../../../stacks/definition';
import { goodInput, onSecondNetwork, withChange } from '../definition/fixtures';

type Json = Record<string, any>;

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-app-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function synth(env: NodeJS.ProcessEnv, options: BuildAppOptions = {}) {
  const outdir = path.join(root, 'cdktf.out');
  const app = new App({ outdir });
  const clusters = buildApp(app, loadAppDefinitions(readAppEnvironment(env, root)), { environment: readAppEnvironment(env, root), ...options });
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
  const stack = (id: string): Json => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  const allJson = Object.keys(manifest.stacks)
    .map((id) => fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'))
    .join('\n');
  return { clusters, manifest, stack, allJson };
}

function writeCluster(name: string, change: (d: Json) => void = () => undefined): void {
  const d = goodInput();
  d.name = name;
  change(d);
  fs.mkdirSync(path.join(root, 'clusters'), { recursive: true });
  fs.writeFileSync(path.join(root, 'clusters', `${name}.yaml`), stringify(d));
}

describe('the lab default (no clusters/ directory)', () => {
  const env = { [APP_ENV.labProxmoxEndpoint]: 'https://127.0.0.1:18006/', PROXMOX_VE_API_TOKEN: 'root@pam!lab=00000000-1111-2222-3333-444444444444' };

  test('three stages in order, each with its own local state', () => {
    const { manifest, stack } = synth(env);
    expect(Object.keys(manifest.stacks).sort()).toEqual(['lab-capi', 'lab-proxmox', 'lab-talos']);
    expect(manifest.stacks['lab-proxmox'].dependencies).toEqual([]);
    expect(manifest.stacks['lab-talos'].dependencies).toEqual(['lab-proxmox']);
    expect([...manifest.stacks['lab-capi'].dependencies].sort()).toEqual(['lab-proxmox', 'lab-talos']);
    for (const id of ['lab-proxmox', 'lab-talos', 'lab-capi']) expect(stack(id).terraform.backend).toEqual({ local: { path: `../${id}/terraform.${id}.tfstate` } });
    expect(stack('lab-proxmox').provider.proxmox[0].endpoint).toBe('https://127.0.0.1:18006/');
  });

  test('the Talos stage configures and brings up the nodes the Proxmox stage planned', () => {
    const { stack, clusters } = synth(env);
    const talos = stack('lab-talos');
    const planned = clusters[0].proxmox.nodes;
    // Write-only by default: the configurations are ephemeral, handed over write-only, and the stage says it needs 1.11.
    const configs = Object.values(talos.ephemeral.talos_machine_configuration) as Json[];
    expect(talos.data?.talos_machine_configuration).toBeUndefined();
    expect(talos.terraform.required_version).toBe('>= 1.11.0');
    expect(configs.map((c) => [c.hostname, c.provider_id]).sort()).toEqual(planned.map((n) => [n.name, n.providerId]).sort());
    const applies = Object.values(talos.resource.talos_machine_configuration_apply) as Json[];
    expect(applies).toHaveLength(planned.length);
    for (const a of applies) {
      expect(a.machine_configuration_input_wo).toMatch(/^\$\{ephemeral\.talos_machine_configuration\.[^.]+\.machine_configuration\}$/);
      expect(a.machine_configuration_input).toBeUndefined();
    }
    expect(Object.keys(talos.resource.talos_machine_bootstrap)).toHaveLength(1);
    expect(talos.output.kubeconfig.sensitive).toBe(true);
  });

  test('PTC_WRITE_ONLY=false keeps the stored path for engines older than 1.11', () => {
    const talos = synth({ ...env, [APP_ENV.writeOnly]: 'false' }).stack('lab-talos');
    expect(talos.ephemeral).toBeUndefined();
    expect(talos.terraform.required_version).toBeUndefined();
    const applies = Object.values(talos.resource.talos_machine_configuration_apply) as Json[];
    for (const a of applies) {
      expect(a.machine_configuration_input).toMatch(/^\$\{data\.talos_machine_configuration\./);
      expect(a.machine_configuration_input_wo).toBeUndefined();
    }
    const [bootstrap] = Object.values(talos.resource.talos_machine_bootstrap) as Json[];
    expect(bootstrap.client_configuration).toMatch(/^\$\{talos_machine_secrets\./);
    expect(bootstrap.client_configuration_wo).toBeUndefined();
  });

  test('the CAPI stage: components first, adoption fed by cross-stack references and the planned VMs', () => {
    const { stack, clusters } = synth(env);
    const capi = stack('lab-capi');
    expect(capi.provider.capi[0].kubeconfig_path).toBe(path.join(root, '.lab', 'management.kubeconfig'));
    const [componentsId] = Object.keys(capi.resource.capi_components);
    const [adoption] = Object.values(capi.resource.capi_cluster_adoption) as Json[];
    expect(adoption.depends_on).toEqual([`capi_components.${componentsId}`]);
    for (const field of ['machine_secrets', 'talosconfig', 'workload_kubeconfig']) {
      expect(adoption[field]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-lab-talos\.outputs\./);
    }
    expect(adoption).toMatchObject({
      cluster_name: 'lab',
      namespace: 'lab',
      control_plane_endpoint_host: '127.0.10.10',
      kubernetes_version: 'v1.36.3',
      on_destroy: 'detach',
      control_plane_replicas: 3,
      worker_replicas: 2,
    });
    expect(adoption.talos_version).toMatch(/^v1\.13\.\d+$/);
    expect(adoption.network.new_node_addresses).toEqual(['127.0.10.100-127.0.10.149']);
    const planned = clusters[0].proxmox.nodes;
    expect(adoption.node).toEqual(
      planned.map((n) => ({ name: n.name, vm_name: n.name, role: n.role, vm_id: n.vmid, proxmox_node: n.proxmoxNode, ip: n.ip, smbios_uuid: n.smbiosUuid, started: true })),
    );
    // Every cross-stack value leaves the Talos stage as a sensitive output.
    const talosOutputs = stack('lab-talos').output as Record<string, { sensitive?: boolean }>;
    for (const [name, out] of Object.entries(talosOutputs)) if (name.startsWith('cross-stack-output-')) expect(out.sensitive).toBe(true);
  });

  test('the management kubeconfig path follows the lab env; bootstrap off leaves Cluster API out', () => {
    expect(synth({ ...env, [APP_ENV.managementKubeconfig]: '/srv/lab/mgmt.kubeconfig' }).stack('lab-capi').provider.capi[0].kubeconfig_path).toBe('/srv/lab/mgmt.kubeconfig');
    const { manifest, stack } = synth(env, { bootstrap: false });
    expect(Object.keys(manifest.stacks).sort()).toEqual(['lab-proxmox', 'lab-talos']);
    expect(stack('lab-talos').resource?.talos_machine_bootstrap).toBeUndefined();
  });

  test('no secret value reaches the synthesized JSON', () => {
    const { allJson } = synth(env);
    expect(allJson).not.toContain(env.PROXMOX_VE_API_TOKEN);
    expect(allJson).not.toContain('00000000-1111-2222-3333-444444444444');
    expect(allJson).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });
});

describe('a definition directory with two clusters', () => {
  const mgmt = () => path.join(root, 'mgmt.kubeconfig');
  beforeEach(() => {
    writeCluster('prod', (d) => {
      d.clusterApi = { management: { kind: 'existing', kubeconfig: mgmt(), context: 'admin@mgmt' }, nodeAddresses: ['10.20.0.100-10.20.0.150'], onDestroy: 'delete' };
    });
    writeCluster('staging', (d) => {
      onSecondNetwork(d);
      d.network.attachment.vlanId = 30;
      delete d.clusterApi;
      d.backend = { kind: 'cloud', organization: 'acme', workspacePrefix: 'ptc-' };
    });
  });

  test('stacks per cluster, CAPI only where defined, backends from each definition', () => {
    const { manifest, stack } = synth({});
    expect(Object.keys(manifest.stacks).sort()).toEqual(['prod-capi', 'prod-proxmox', 'prod-talos', 'staging-proxmox', 'staging-talos']);
    expect(manifest.stacks['staging-talos'].dependencies).toEqual(['staging-proxmox']);
    const capi = stack('prod-capi');
    expect(capi.provider.capi[0]).toMatchObject({ kubeconfig_path: mgmt(), context: 'admin@mgmt' });
    expect((Object.values(capi.resource.capi_cluster_adoption)[0] as Json).on_destroy).toBe('delete');
    expect(stack('prod-proxmox').terraform.backend.local.path).toBe('../prod-proxmox/terraform.prod-proxmox.tfstate');
    expect(stack('staging-talos').terraform.cloud).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'ptc-staging-talos' } });
    expect(stack('staging-talos').terraform.backend).toBeUndefined();
  });

  test("CAPMOX verifies the Proxmox API's TLS: insecure written false, the definition's CA passed on", () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIBlab\n-----END CERTIFICATE-----\n';
    fs.writeFileSync(path.join(root, 'clusters', 'pve-ca.pem'), ca);
    writeCluster('prod', (d) => {
      d.clusterApi = { management: { kind: 'existing', kubeconfig: mgmt() }, nodeAddresses: ['10.20.0.100-10.20.0.150'], onDestroy: 'delete' };
      d.proxmox.caFile = 'pve-ca.pem';
    });
    const { stack } = synth({});
    const block = (Object.values(stack('prod-capi').resource.capi_cluster_adoption)[0] as Json).proxmox;
    expect(block).toMatchObject({ insecure: false, root_ca: ca });
    // Clones only where the template's local disks can be copied: its own node.
    const template = stack('prod-proxmox').output.capi_template.value;
    expect(block.allowed_nodes).toEqual(template.clone_nodes);
  });

  test('replicas after adoption go to the TalosControlPlane and MachineDeployment; unset, the adopted counts', () => {
    const adoption = () => Object.values(synth({}).stack('prod-capi').resource.capi_cluster_adoption)[0] as Json;
    expect(adoption()).toMatchObject({ control_plane_replicas: 3, worker_replicas: 2 });
    writeCluster('prod', (d) => {
      d.clusterApi = {
        management: { kind: 'existing', kubeconfig: mgmt() },
        nodeAddresses: ['10.20.0.100-10.20.0.150'],
        onDestroy: 'delete',
        machineOwner: 'clusterApi',
        replicas: { controlPlane: 5, workers: 1 },
      };
    });
    expect(adoption()).toMatchObject({ control_plane_replicas: 5, worker_replicas: 1 });
  });

  test('new VMs carry the tags of the planned nodes of their role (one the template lacks, so CAPMOX starts the clone)', () => {
    const { stack } = synth({});
    const adoption = Object.values(stack('prod-capi').resource.capi_cluster_adoption)[0] as Json;
    const proxmox = stack('prod-proxmox').resource.proxmox_virtual_environment_vm as Record<string, Json>;
    const tagsOf = (role: string) => Object.values(proxmox).find((vm) => vm.tags.includes(role) && !vm.template)?.tags;
    expect(adoption.control_plane_template.tags).toEqual(tagsOf('controlplane'));
    expect(adoption.worker_template.tags).toEqual(tagsOf('worker'));
    expect(adoption.worker_template.tags).toEqual(expect.arrayContaining(['prod', 'talos', 'worker']));
    expect(adoption.worker_template.tags).not.toEqual(adoption.worker_template.template_tags);
  });

  test("machines Cluster API creates get the Talos stage's role settings (install, VIP on control planes) before the definition's patches", () => {
    const { stack } = synth({});
    const adoption = Object.values(stack('prod-capi').resource.capi_cluster_adoption)[0] as Json;
    const [cpRole] = adoption.control_plane_patches as string[];
    expect(cpRole).toContain('kind: Layer2VIPConfig');
    expect(cpRole).toMatch(/install:\n\s+disk: \S+\n\s+image: ghcr\.io\/siderolabs\/installer:v/);
    const [workerRole] = adoption.worker_patches as string[];
    expect(workerRole).toMatch(/install:/);
    expect(workerRole).not.toContain('Layer2VIPConfig');
  });

  test('PTC_BACKEND overrides the definitions (CI)', () => {
    const { stack } = synth({ PTC_BACKEND: 'cloud', PTC_TFC_ORGANIZATION: 'ci-org', PTC_TFC_WORKSPACE_PREFIX: 'ci' });
    expect(stack('prod-capi').terraform.cloud.workspaces).toEqual({ name: 'ci-prod-capi' });
  });

  test('a definition error lists every problem before anything is synthesized', () => {
    writeCluster('broken', (d) => {
      d.controlPlane.count = 0;
      d.network.gateway = 'not-an-ip';
    });
    let err: unknown;
    try {
      loadAppDefinitions(readAppEnvironment({}, root));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClusterDefinitionError);
    const problems = (err as ClusterDefinitionError).problems.filter((p) => p.source === 'clusters/broken.yaml').map((p) => p.path.join('.'));
    expect(problems).toEqual(expect.arrayContaining(['controlPlane.count', 'network.gateway']));
    expect(fs.existsSync(path.join(root, 'cdktf.out'))).toBe(false);
  });
});

describe('management clusters the app declares (kind cluster and self)', () => {
  const TALOS_KUBECONFIG = (stack: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.(cross-stack-output-[^}]*kubeconfig_raw)\\}$`);

  test("kind cluster: the capi provider reads the other cluster's Talos kubeconfig by reference, after its Talos stage", () => {
    writeCluster('mgmt', (d) => {
      d.proxmox.endpoint = 'https://pve-mgmt.example.com:8006/';
      delete d.clusterApi;
    });
    writeCluster('prod', (d) => (d.clusterApi.management = { kind: 'cluster', name: 'mgmt' }));
    const { manifest, stack, allJson } = synth({});
    expect(Object.keys(manifest.stacks).sort()).toEqual(['mgmt-proxmox', 'mgmt-talos', 'prod-capi', 'prod-proxmox', 'prod-talos']);
    expect([...manifest.stacks['prod-capi'].dependencies].sort()).toEqual(['mgmt-talos', 'prod-proxmox', 'prod-talos']);
    const provider = stack('prod-capi').provider.capi[0] as Json;
    expect(Object.keys(provider)).toEqual(['kubeconfig']);
    const output = TALOS_KUBECONFIG('mgmt-talos').exec(provider.kubeconfig)?.[1];
    expect(output).toBeDefined();
    // The producing output is the mgmt cluster's kubeconfig, and sensitive.
    expect(stack('mgmt-talos').output[output as string]).toEqual({ sensitive: true, value: expect.stringMatching(/^\$\{talos_cluster_kubeconfig\.[^.]+\.kubeconfig_raw\}$/) });
    expect(stack('prod-capi').data.terraform_remote_state['cross-stack-reference-input-mgmt-talos']).toEqual({
      backend: 'local',
      config: { path: '../mgmt-talos/terraform.mgmt-talos.tfstate' },
      workspace: '${terraform.workspace}',
    });
    // The workload kubeconfig of the adoption is still prod's own.
    const [adoption] = Object.values(stack('prod-capi').resource.capi_cluster_adoption) as Json[];
    expect(adoption.workload_kubeconfig).toMatch(TALOS_KUBECONFIG('prod-talos'));
    expect(allJson).not.toMatch(/client-certificate-data|BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/);
  });

  test("kind self: the capi provider and the adoption use the cluster's own Talos kubeconfig", () => {
    writeCluster('tools', (d) => (d.clusterApi.management = { kind: 'self' }));
    const { manifest, stack, allJson } = synth({});
    expect([...manifest.stacks['tools-capi'].dependencies].sort()).toEqual(['tools-proxmox', 'tools-talos']);
    const capi = stack('tools-capi');
    const provider = capi.provider.capi[0] as Json;
    expect(Object.keys(provider)).toEqual(['kubeconfig']);
    expect(provider.kubeconfig).toMatch(TALOS_KUBECONFIG('tools-talos'));
    const [adoption] = Object.values(capi.resource.capi_cluster_adoption) as Json[];
    expect(adoption.workload_kubeconfig).toBe(provider.kubeconfig);
    expect(Object.keys(capi.data.terraform_remote_state)).toEqual(['cross-stack-reference-input-tools-talos']);
    expect(allJson).not.toMatch(/client-certificate-data|BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/);
  });

  test('a management cluster of kind cluster that the app lacks stops buildApp with the field named', () => {
    const def = parseClusterDefinition(
      withChange((d) => (d.clusterApi.management = { kind: 'cluster', name: 'mgmt' })),
      { source: 'clusters/prod.yaml' },
    );
    expect(() => buildApp(new App({ outdir: path.join(root, 'out') }), [def], { environment: readAppEnvironment({}, root) })).toThrow(
      'clusters/prod.yaml: clusterApi.management.name: "mgmt" is not a cluster of this app',
    );
  });

  test('CapiStack refuses a literal management kubeconfig (it would land in cdk.tf.json)', () => {
    const props = { management: { kubeconfig: 'apiVersion: v1\nkind: Config\n' } } as unknown as CapiStackProps;
    expect(() => new CapiStack(new App({ outdir: path.join(root, 'out') }), 'x-capi', props)).toThrow(
      "x-capi: management.kubeconfig must be a reference (e.g. another stack's kubeconfig output), not the kubeconfig text: a literal would be written into cdk.tf.json",
    );
  });
});
