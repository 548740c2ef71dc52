/**
 * A self-managed cluster (`clusterApi.management: {kind: self}`) through the real app: a project
 * directory with one definition file, the app's main.ts under `cdktf deploy '*'` with real
 * Terraform against the Proxmox VE simulator and Talos machines on 127.0.40.x, whose workload
 * Kubernetes (real kube-apiserver, controller-manager, scheduler; kwok nodes) then receives Cluster
 * API itself: CRDs, inventory, controllers Available, and the Cluster and Machines of the adoption,
 * all in the cluster's own API server. Then an empty diff of every stage and `cdktf destroy '*'`
 * (capi first, while the cluster still serves).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { BPG_PROXMOX, ensureProxmoxProvider } from '../../../tools/build/proxmox-provider';
import { APP_ENV } from '../../../stacks/app-environment';
import { bootAddress } from '../../lab/env/lab-env';
import { runKubectl } from '../../lab/k8s';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { LabWorkload } from '../../lab/workload';
import { labCertManagerManifest } from '../../lab/capi/cert-manager';
import { ok, run, terraformBinary, TerraformWorkspace, type RunResult } from '../../support/terraform';
import { CERT_MANAGER } from '../../../providers/capi/components/catalog';
import { scratchOverrides, type ScratchOverrides } from '../../unit/capi/support/overrides';
import { ensureLabCapiBinaries, labCapiOverridesDir } from '../../lab/capi';
import { startImageServer, type ImageServer } from '../../lab/images/image-server';
import { cdktfTestEnv } from '../support/cdktf-env';

jest.setTimeout(30 * 60_000);

const NAME = 'selfy';
/** Loopback range of this test only (the lab default uses 127.0.10.x). */
const NET = '127.0.40';
const NODES = [`${NET}.11`, `${NET}.21`];
const ENDPOINT = `https://${NET}.10:6443`;
/** What capi_components installs when cert-manager's API does not answer (its default version). */
const CERT_MANAGER_VERSION = CERT_MANAGER.defaultVersion;
const STACKS = [`${NAME}-capi`, `${NAME}-proxmox`, `${NAME}-talos`];
const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
const tsxBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

function definition(pveUrl: string, factoryUrl: string): Record<string, unknown> {
  return {
    name: NAME,
    proxmox: {
      endpoint: `${pveUrl}/`,
      nodes: ['pve1', 'pve2', 'pve3'],
      datastores: [
        { id: 'local', content: ['import', 'iso', 'snippets'] },
        { id: 'local-lvm', content: ['images', 'rootdir'] },
      ],
    },
    network: { attachment: { kind: 'sdn', zoneType: 'simple', zoneId: NAME, vnetId: `${NAME}net` }, cidr: `${NET}.0/24`, gateway: `${NET}.1`, dnsServers: ['127.0.0.53'], vip: `${NET}.10` },
    talos: { version: 'v1.13', factoryUrl },
    kubernetes: { version: '1.36.3' },
    vmidBase: 1400,
    controlPlane: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: NODES[0] },
    workers: [{ name: 'worker', count: 1, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: NODES[1] }],
    clusterApi: { management: { kind: 'self' }, nodeAddresses: [`${NET}.100-${NET}.149`] },
    firewall: { enabled: true, managementCidrs: ['127.0.0.0/8'] },
  };
}

describe('a self-managed cluster in the lab: Cluster API in its own API server', () => {
  let tmp: string;
  let project: string;
  let pve: ProxmoxSimulator;
  let images: ImageServer;
  let workload: LabWorkload;
  let overrides: ScratchOverrides;
  let ws: TerraformWorkspace;
  let env: NodeJS.ProcessEnv;
  let kubeconfig: string;
  const timings: string[] = [];

  const cdktf = (args: string[]): Promise<RunResult> => run(cdktfBin, [...args, '--skip-provider-lock'], { cwd: project, env, timeoutMs: 20 * 60_000 });
  const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await f();
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const kubectlJson = async <T>(args: string[]): Promise<T> => {
    const res = await runKubectl(kubeconfig, [...args, '-o', 'json'], { timeoutMs: 60_000 });
    if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${res.stderr}`);
    return JSON.parse(res.stdout) as T;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-self-'));
    project = path.join(tmp, 'project');
    // Our providers bundled into a mirror of this test's own, beside the pinned bpg/proxmox.
    ws = new TerraformWorkspace('ptc-e2e-self-tf', PROVIDERS, [`registry.terraform.io/${BPG_PROXMOX.source}`]);
    await ensureProxmoxProvider({ mirrorDir: ws.mirror, log: () => undefined });
    // The product's pinned set, rendered by the lab build from the modules its managers are built from.
    overrides = await scratchOverrides('ptc-e2e-self', await labCapiOverridesDir(await ensureLabCapiBinaries()));
    overrides.write('cert-manager', CERT_MANAGER_VERSION, 'cert-manager.yaml', await labCertManagerManifest(CERT_MANAGER_VERSION));

    pve = await startProxmoxSimulator({ port: 0, stateFile: path.join(tmp, 'pve.json'), timings: { taskMs: 200, agentBootMs: 300, authFailureDelayMs: 0 } });
    images = await startImageServer();
    workload = await LabWorkload.start({
      nodes: NODES,
      baseDir: path.join(tmp, 'workload'),
      platform: 'nocloud',
      powerOn: false,
      delays: { installMs: 300, rebootMs: 1500, bootMs: 200, bootstrapReadyMs: 1500 },
    });
    // A VM start powers its Talos machine on at the VM's cloud-init address; a stop powers it off.
    const vmAddress = new Map<number, string>();
    pve.onBoot((e) => {
      const ip = bootAddress(e.interfaces);
      if (!ip || !NODES.includes(ip)) return;
      vmAddress.set(e.vmid, ip);
      void workload.simulator.node(ip).powerOn();
    });
    pve.onPowerOff((e) => {
      const ip = vmAddress.get(e.vmid);
      if (e.reason !== 'reboot' && ip) void workload.simulator.node(ip).shutdown();
    });

    // A project directory as a user has it: cdktf.json running the app, and one definition.
    fs.mkdirSync(path.join(project, 'clusters'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'cdktf.json'),
      JSON.stringify({
        language: 'typescript',
        app: `${tsxBin} ${path.join(REPO_ROOT, 'main.ts')}`,
        output: 'cdktf.out',
        terraformProviders: [],
        terraformModules: [],
        sendCrashReports: 'false',
        context: {},
      }),
    );
    fs.writeFileSync(path.join(project, 'clusters', `${NAME}.yaml`), stringify(definition(pve.url, images.url)));
    env = cdktfTestEnv({
      PROXMOX_VE_ENDPOINT: `${pve.url}/`,
      PROXMOX_VE_API_TOKEN: pve.credentials.apiToken,
      SSL_CERT_FILE: pve.caFile,
      [APP_ENV.capiOverridesDir]: overrides.dir,
      // kwok runs the controllers' pods without containers: nothing would set the Machines' nodeRefs.
      [APP_ENV.adoptionTimeoutSeconds]: '0',
      TF_CLI_CONFIG_FILE: ws.cliConfigFile,
    });
    kubeconfig = path.join(tmp, 'kubeconfig');
  }, 30 * 60_000);

  afterAll(async () => {
    if (timings.length) console.log(`self-managed e2e timings:\n  ${timings.join('\n  ')}`);
    await workload?.stop();
    await images?.close();
    await pve?.close();
    overrides?.remove();
    ws?.cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  test("synth: three stages; the capi provider reads the cluster's own kubeconfig by reference", async () => {
    ok(await timed('cdktf synth', () => cdktf(['synth'])));
    const out = path.join(project, 'cdktf.out', 'stacks');
    expect(fs.readdirSync(out).sort()).toEqual(STACKS);
    const capi = JSON.parse(fs.readFileSync(path.join(out, `${NAME}-capi`, 'cdk.tf.json'), 'utf8')) as { provider: { capi: Record<string, string>[] } };
    expect(Object.keys(capi.provider.capi[0])).toEqual(['kubeconfig']);
    expect(capi.provider.capi[0].kubeconfig).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${NAME}-talos\\.outputs\\.[^}]+\\}$`));
    // No kubeconfig or key material in any stack's JSON: only references to the Talos stage's state.
    for (const stack of STACKS) expect(fs.readFileSync(path.join(out, stack, 'cdk.tf.json'), 'utf8')).not.toMatch(/client-certificate-data|client-key-data|BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect([...manifest.stacks[`${NAME}-capi`].dependencies].sort()).toEqual([`${NAME}-proxmox`, `${NAME}-talos`]);
  });

  test("deploy '*': Cluster API components and the adoption land in the cluster's own API server", async () => {
    const res = ok(await timed("cdktf deploy '*'", () => cdktf(['deploy', '*', '--auto-approve'])));
    expect(res.stdout).not.toContain(pve.credentials.tokenSecret);

    const talosOut = ok(await run(terraformBinary(), [`-chdir=${path.join(project, 'cdktf.out', 'stacks', `${NAME}-talos`)}`, 'output', '-raw', 'kubeconfig'], { cwd: project, env }));
    fs.writeFileSync(kubeconfig, talosOut.stdout, { mode: 0o600 });
    // The kubeconfig reaches the workload cluster the Talos bootstrap started, on the cluster endpoint.
    const own = workload.cluster();
    expect(own?.server).toBe(ENDPOINT);
    expect(talosOut.stdout).toContain(`server: ${ENDPOINT}`);

    // CRDs and clusterctl inventory of every provider.
    const crds = await kubectlJson<{ items: { metadata: { name: string } }[] }>(['get', 'crd']);
    expect(crds.items.map((c) => c.metadata.name)).toEqual(
      expect.arrayContaining([
        'clusters.cluster.x-k8s.io',
        'machines.cluster.x-k8s.io',
        'taloscontrolplanes.controlplane.cluster.x-k8s.io',
        'proxmoxclusters.infrastructure.cluster.x-k8s.io',
        'providers.clusterctl.cluster.x-k8s.io',
      ]),
    );
    const inventory = await kubectlJson<{ items: { metadata: { name: string; namespace: string }; version: string }[] }>(['get', 'providers.clusterctl.cluster.x-k8s.io', '-A']);
    expect(inventory.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      'cabpt-system/bootstrap-talos',
      'cacppt-system/control-plane-talos',
      'capi-ipam-in-cluster-system/ipam-in-cluster',
      'capi-system/cluster-api',
      'capmox-system/infrastructure-proxmox',
    ]);
    // The controllers run on the cluster's own (kwok) nodes: the workload control plane schedules them.
    const deployments = await kubectlJson<{ items: { metadata: { name: string }; status: { conditions?: { type: string; status: string }[] } }[] }>(['get', 'deployment', '-n', 'capi-system']);
    expect(deployments.items.map((d) => [d.metadata.name, d.status.conditions?.find((c) => c.type === 'Available')?.status])).toEqual([['capi-controller-manager', 'True']]);

    // The adoption: the Cluster (unpaused) and one Machine per node, with the nodes' providerIDs.
    const cluster = await kubectlJson<{ spec: { paused?: boolean; controlPlaneEndpoint: { host: string } } }>(['get', 'clusters.cluster.x-k8s.io', '-n', NAME, NAME]);
    expect(cluster.spec.controlPlaneEndpoint.host).toBe(`${NET}.10`);
    expect(cluster.spec.paused ?? false).toBe(false);
    const machines = await kubectlJson<{ items: { metadata: { name: string }; spec: { providerID?: string } }[] }>(['get', 'machines.cluster.x-k8s.io', '-n', NAME]);
    expect(machines.items.map((m) => m.metadata.name).sort()).toEqual([`${NAME}-cp-1`, `${NAME}-worker-1`]);
    const nodes = await kubectlJson<{ items: { metadata: { name: string }; spec: { providerID: string } }[] }>(['get', 'nodes']);
    expect(machines.items.map((m) => m.spec.providerID).sort()).toEqual(nodes.items.map((n) => n.spec.providerID).sort());
  });

  test('a second plan of every stage is empty', async () => {
    for (const stack of STACKS) {
      const diff = ok(await timed(`cdktf diff ${stack}`, () => cdktf(['diff', stack])));
      expect(diff.stdout).toContain('No changes');
    }
  });

  test("destroy '*': capi first while the cluster serves, then Talos and Proxmox; the simulator is empty", async () => {
    const res = ok(await timed("cdktf destroy '*'", () => cdktf(['destroy', '*', '--auto-approve'])));
    expect(res.stdout).toMatch(/Destroy complete!/);
    // Reverse dependency order: the capi stage detached while the cluster's API server still served.
    const done = (stack: string) => new RegExp(`^${stack}\\s+Destroy complete!`, 'm').exec(res.stdout)?.index ?? -1;
    const [capi, talos, proxmox] = [`${NAME}-capi`, `${NAME}-talos`, `${NAME}-proxmox`].map(done);
    expect(capi).toBeGreaterThanOrEqual(0);
    expect(talos).toBeGreaterThan(capi);
    expect(proxmox).toBeGreaterThan(talos);
    expect(pve.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
  });
});
