/**
 * Day two of the adopted lab cluster with the real managers running, on one deployed lab: the
 * lab cluster from a definition file is deployed and adopted; the controllers settle without
 * errors; Cluster API clones a worker (CAPMOX clones the template VM, uploads its NoCloud seed and
 * starts it; the lab boots Talos from that seed) and deletes it again; then the cluster is handed
 * to Cluster API (`machineOwner: clusterApi`, `onDestroy: delete`: Terraform forgets the node
 * VMs) and `cdktf destroy '*'` deletes it through Cluster API: CAPMOX deletes every node VM
 * through the Proxmox API, and the stages remove the rest. Nothing is left that nothing owns.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { REPO_ROOT } from '../../../providers/build/catalog';
import { buildAll } from '../../../providers/build/build-providers';
import { ensureProxmoxProvider } from '../../../providers/build/proxmox-provider';
import { LAB_DEFAULT_INPUT } from '../../../stacks/definition/lab-default';
import { startLabEnvironment, type LabEnvironment } from '../../lab/env/lab-env';
import { labPaths } from '../../lab/env/paths';
import { runKubectl } from '../../lab/k8s';
import { ok, run, type RunResult } from '../../support/terraform';
import { cdktfTestEnv } from '../support/cdktf-env';

jest.setTimeout(30 * 60_000);

describe('day two with the Cluster API managers: settle, clone a worker and remove it, hand over, destroy through Cluster API', () => {
  let tmp: string;
  let project: string;
  let lab: LabEnvironment;
  let env: NodeJS.ProcessEnv;
  /** How many error entries each manager had logged when the adoption was confirmed. */
  let errorsAtAdoption: Record<string, number> = {};

  /** The lab cluster as a definition file of the user's project, with `clusterApi` overrides. */
  const writeDefinition = (clusterApi: Record<string, unknown>): void => {
    const input = {
      ...LAB_DEFAULT_INPUT,
      proxmox: { ...LAB_DEFAULT_INPUT.proxmox, endpoint: lab.env.PROXMOX_VE_ENDPOINT, caFile: lab.pve.caFile },
      talos: { ...LAB_DEFAULT_INPUT.talos, factoryUrl: lab.images.url },
      clusterApi: { ...LAB_DEFAULT_INPUT.clusterApi, ...clusterApi },
      outputs: undefined,
    };
    fs.mkdirSync(path.join(project, 'clusters'), { recursive: true });
    fs.writeFileSync(path.join(project, 'clusters', 'lab.yaml'), stringify(JSON.parse(JSON.stringify(input))));
  };
  const cdktf = (args: string[]): Promise<RunResult> =>
    run(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), [...args, '--skip-provider-lock'], { cwd: project, env, timeoutMs: 20 * 60_000 });

  beforeAll(async () => {
    await ensureProxmoxProvider({ log: () => undefined });
    buildAll();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-delete-'));
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    // The user's project: this app (main.ts) with its own clusters/ and cdktf.out.
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx')} ${path.join(REPO_ROOT, 'main.ts')}`, output: 'cdktf.out' }));
    lab = await startLabEnvironment({ paths: labPaths(tmp), pvePort: 0 });
    env = cdktfTestEnv(lab.env);
  }, 30 * 60_000);

  afterAll(async () => {
    await lab?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 180_000);

  test('deploy: the lab cluster from a definition file, adopted and confirmed by the controllers', async () => {
    writeDefinition({});
    ok(await cdktf(['deploy', '*', '--auto-approve']));
    const confirmed = ok(await run('terraform', [`-chdir=${path.join(project, 'cdktf.out', 'stacks', 'lab-capi')}`, 'output', '-raw', 'adoption_confirmed'], { cwd: project, env }));
    expect(confirmed.stdout).toBe('true');
    const controllers = lab.capi!.controllers()!;
    errorsAtAdoption = Object.fromEntries(controllers.managers.map((m) => [m.name, controllers.errorLines(m.name).length]));
  });

  test('after the adoption settled, no controller logs a reconcile error', async () => {
    const controllers = lab.capi!.controllers()!;
    // Let every controller go through its periodic resyncs of the adopted objects first.
    await new Promise((r) => setTimeout(r, 30_000));
    const late = Object.fromEntries(controllers.managers.map((m) => [m.name, controllers.errorLines(m.name).slice(errorsAtAdoption[m.name] ?? 0)]));
    expect(late).toEqual(Object.fromEntries(controllers.managers.map((m) => [m.name, []])));
    expect(controllers.managers.filter((m) => !m.running).map((m) => m.name)).toEqual([]);
  });

  test('Cluster API clones a worker (MachineDeployment +1): CAPMOX clones the template, the lab boots Talos from its NoCloud seed; scaling back deletes it', async () => {
    const mgmt = lab.management!;
    const kubectl = async (args: string[]): Promise<string> => {
      const res = await runKubectl(mgmt.kubeconfigPath, args, { timeoutMs: 60_000 });
      if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${res.stderr}`);
      return res.stdout;
    };
    const until = async <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 240_000): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const vmsBefore = lab.pve.inventory().vms;
    const requestsBefore = lab.pve.requests().length;
    const registrationsBefore = lab.workload.events.registrations.length;
    await kubectl(['scale', 'machinedeployment', 'lab-md-0', '-n', 'lab', '--replicas=3']);

    // The new machine's kubelet registers once Talos runs with the configuration CABPT made for it.
    const registered = await until('the new worker to register', () => lab.workload.events.registrations.slice(registrationsBefore).find((r) => r.name.startsWith('lab-md-0-')));
    const [newVm] = lab.pve.inventory().vms.filter((v) => !vmsBefore.includes(v));
    expect(lab.pve.inventory().vms).toEqual([...vmsBefore, newVm].sort((a, b) => a - b));
    const calls = lab.pve.requests().slice(requestsBefore).filter((r) => r.method !== 'GET' && r.status === 200).map((r) => `${r.method} ${r.route}`);
    for (const call of ['POST /nodes/{node}/qemu/{vmid}/clone', 'POST /nodes/{node}/qemu/{vmid}/config', 'PUT /nodes/{node}/qemu/{vmid}/resize', 'POST /nodes/{node}/storage/{storage}/upload', 'POST /nodes/{node}/qemu/{vmid}/status/start']) expect(calls).toContain(call);
    const node = lab.workload.simulator.nodes.find((n) => n.hostname === registered.name)!;
    // An address from the new-node range, handed out by the in-cluster IPAM pool.
    expect(node.address).toMatch(/^127\.0\.10\.1[0-4]\d$/);
    expect(lab.definition.nodes.map((n) => n.ip)).not.toContain(node.address);
    const dataSecret = (await kubectl(['get', 'machine', registered.name, '-n', 'lab', '-o', 'jsonpath={.spec.bootstrap.dataSecretName}'])).trim();
    const bootstrapData = Buffer.from(await kubectl(['get', 'secret', dataSecret, '-n', 'lab', '-o', 'jsonpath={.data.value}']), 'base64').toString('utf8');
    expect(node.config?.raw).toBe(bootstrapData);
    expect(node.config?.machineType).toBe('worker');
    // The same configuration as a Terraform-built worker, field by field, but for each machine's
    // own identity: its host name and the kubelet's providerID.
    const terraformWorker = lab.definition.nodes.find((n) => n.role === 'worker')!;
    const comparable = (raw: string): unknown[] =>
      parseAllDocuments(raw)
        .map((d) => d.toJS() as Record<string, unknown>)
        .filter((d) => d.kind !== 'HostnameConfig')
        .map((d) => {
          const machine = d.machine as { network?: Record<string, unknown> } | undefined;
          // CABPT writes an empty machine.network when it sets the host name; Talos reads {} as absent.
          if (machine?.network && Object.keys(machine.network).length === 0) delete machine.network;
          const kubelet = (d.machine as { kubelet?: { extraArgs?: Record<string, string> } } | undefined)?.kubelet;
          if (kubelet?.extraArgs) {
            delete kubelet.extraArgs['provider-id'];
            if (Object.keys(kubelet.extraArgs).length === 0) delete kubelet.extraArgs;
          }
          return d;
        });
    expect(comparable(node.config!.raw)).toEqual(comparable(lab.workload.simulator.node(terraformWorker.ip).config!.raw));
    // CAPMOX finishes its own steps (addresses, checks) after the start.
    const proxmoxMachine = await until('CAPMOX to report the VM provisioned', async () => {
      const pm = JSON.parse(await kubectl(['get', 'proxmoxmachine', registered.name, '-n', 'lab', '-o', 'json'])) as { spec: { providerID?: string }; status?: { conditions?: Array<{ type: string; status: string }> } };
      return pm.status?.conditions?.find((c) => c.type === 'VirtualMachineProvisioned')?.status === 'True' ? pm : undefined;
    });
    // The platform metadata Talos reports (what a cloud controller manager turns into the Node's
    // providerID) carries CAPMOX's providerID, from the NoCloud meta-data.
    expect(proxmoxMachine.spec.providerID).toMatch(/^proxmox:\/\/[0-9a-f-]{36}$/);
    expect(node.platform).toMatchObject({ platform: 'nocloud', hostname: registered.name, providerId: proxmoxMachine.spec.providerID });
    // The cloud controller (cluster.externalCloudProvider) copies it to the Node, which registered
    // tainted and without one; Cluster API then matches the Machine to its Node.
    const workload = lab.workload.cluster()!;
    type NodeObject = { spec: { providerID?: string; taints?: Array<{ key: string }> }; metadata: { labels: Record<string, string> } };
    const nodeObject = async (name: string): Promise<NodeObject> => JSON.parse((await runKubectl(workload.kubeconfigPath, ['get', 'node', name, '-o', 'json'])).stdout) as NodeObject;
    const initialised = await until('the cloud controller to initialise the new Node', async () => {
      const n = await nodeObject(registered.name);
      return n.spec.providerID && !n.spec.taints?.some((t) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized') ? n : undefined;
    });
    expect(registered.providerId).toBeUndefined();
    expect(initialised.spec.providerID).toBe(proxmoxMachine.spec.providerID);
    expect(initialised.metadata.labels['node.cloudprovider.kubernetes.io/platform']).toBe('nocloud');
    const nodeRef = await until('the Machine to get its nodeRef', async () => (await kubectl(['get', 'machine', registered.name, '-n', 'lab', '-o', 'jsonpath={.status.nodeRef.name}'])).trim() || undefined);
    expect(nodeRef).toBe(registered.name);
    await until('the new Machine to run', async () => ((await kubectl(['get', 'machine', registered.name, '-n', 'lab', '-o', 'jsonpath={.status.phase}'])).trim() === 'Running' ? true : undefined));
    // The Terraform-built nodes kept their providerIDs (set by their kubelets) and were initialised too.
    for (const planned of lab.definition.nodes) {
      const n = await nodeObject(planned.name);
      expect(n.spec.providerID).toBe(planned.providerId);
      expect(n.spec.taints ?? []).not.toContainEqual(expect.objectContaining({ key: 'node.cloudprovider.kubernetes.io/uninitialized' }));
    }

    // Scaling back: CAPI deletes the machine, CAPMOX stops and destroys the VM, the seed goes with it.
    await kubectl(['scale', 'machinedeployment', 'lab-md-0', '-n', 'lab', '--replicas=2']);
    await until('the cloned VM to be destroyed', () => (lab.pve.inventory().vms.includes(newVm) ? undefined : true));
    expect(lab.pve.inventory().vms).toEqual(vmsBefore);
    expect(lab.workload.simulator.has(node.address)).toBe(false);
    const isos = Object.values(lab.pve.snapshot().volumes).flatMap((vols) => Object.keys(vols)).filter((v) => v.startsWith('iso/user-data-'));
    expect(isos).toEqual([]);
    const machines = await until('the adopted machines alone', async () => {
      const names = (await kubectl(['get', 'machines', '-n', 'lab', '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(/\s+/).sort();
      return names.length === lab.definition.nodes.length ? names : undefined;
    });
    expect(machines).toEqual(lab.definition.nodes.map((n) => n.name).sort());
  });

  test('handed to Cluster API, destroyed through it: the simulator and the management cluster end empty', async () => {
    const nodeVmIds = lab.definition.nodes.map((n) => n.vmid);
    expect(lab.pve.inventory().vms).toEqual(expect.arrayContaining(nodeVmIds));

    // Hand the machines to Cluster API: Terraform forgets the node VMs, which keep running.
    writeDefinition({ machineOwner: 'clusterApi', onDestroy: 'delete' });
    ok(await cdktf(['deploy', '*', '--auto-approve']));
    expect(lab.pve.inventory().vms).toEqual(expect.arrayContaining(nodeVmIds));

    const deletesBefore = lab.pve.requests().length;
    const destroyed = ok(await cdktf(['destroy', '*', '--auto-approve']));
    expect(destroyed.stdout).toMatch(/Destroy complete!/);
    // CAPMOX deleted the node VMs (Terraform no longer knew them); the stages removed the rest.
    const deletes = lab.pve
      .requests()
      .slice(deletesBefore)
      .filter((r) => r.method === 'DELETE' && r.status === 200)
      .map((r) => /^\/nodes\/[^/]+\/qemu\/(\d+)$/.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number);
    expect(deletes).toEqual(expect.arrayContaining(nodeVmIds));
    expect(lab.pve.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
    const mgmt = lab.management!.kubeconfigPath;
    const namespaces = (JSON.parse((await runKubectl(mgmt, ['get', 'namespaces', '-o', 'json'], { timeoutMs: 60_000 })).stdout) as { items: Array<{ metadata: { name: string }; status: { phase: string } }> }).items;
    expect(namespaces.filter((n) => n.status.phase !== 'Terminating').map((n) => n.metadata.name).filter((n) => n === 'lab' || n.endsWith('-system') && n !== 'kube-system')).toEqual([]);
  });
});
