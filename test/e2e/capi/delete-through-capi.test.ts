/**
 * The user's path out of a cluster Cluster API owns, with the real managers running: the lab
 * cluster from a definition file is deployed and adopted, handed to Cluster API
 * (`machineOwner: clusterApi`, `onDestroy: delete`: Terraform forgets the node VMs), then
 * `cdktf destroy '*'` deletes the Cluster through Cluster API: CAPMOX deletes every node VM
 * through the Proxmox API, and the stages remove the rest. Nothing is left that nothing owns.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
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

describe('destroy with onDestroy: delete while the Cluster API managers run', () => {
  let tmp: string;
  let project: string;
  let lab: LabEnvironment;
  let env: NodeJS.ProcessEnv;

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

  test('adopted, handed to Cluster API, destroyed through it: the simulator and the management cluster end empty', async () => {
    writeDefinition({});
    ok(await cdktf(['deploy', '*', '--auto-approve']));
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
