/**
 * `clusterctl move` of the adopted lab cluster to a second management cluster, with the real
 * managers on both sides: the lab default is deployed and adopted (as `npm start` does), a second
 * lab management cluster gets the same components and its own managers, and clusterctl v1.12.10
 * (built like the managers) moves every object; the moved cluster stays Available, its Machines
 * keep their nodes, and no VM is touched.
 *
 * One machine cannot run two CAPMOX v0.9.0 managers (its webhook port is fixed at 9443 on every
 * interface), so the source's CAPMOX hands its webhook traffic to the target's: same build, serving
 * certificates from one shared lab webhook CA. CAPMOX's webhooks are stateless defaulting and
 * validation, so either process answers each side the same.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../providers/build/catalog';
import { buildAll } from '../../../providers/build/build-providers';
import { ensureProxmoxProvider } from '../../../providers/build/proxmox-provider';
import { ensureLabCapiBinaries, prepareLabCapiAttachment, type LabCapiAttachment } from '../../lab/capi';
import { startLabEnvironment, type LabEnvironment } from '../../lab/env/lab-env';
import { labPaths } from '../../lab/env/paths';
import { runKubectl, startLabCluster, waitFor, type LabCluster } from '../../lab/k8s';
import { ok, run } from '../../support/terraform';
import { installPinnedComponents } from '../../integration/capi/support/lab';
import { cdktfTestEnv } from '../support/cdktf-env';

jest.setTimeout(30 * 60_000);

type Obj = { kind?: string; metadata: { name: string }; status?: { phase?: string; nodeRef?: { name: string }; conditions?: Array<{ type: string; status: string; message?: string }> } };

describe('clusterctl move of the adopted cluster to a second management cluster', () => {
  let tmp: string;
  let lab: LabEnvironment;
  let target: LabCluster | undefined;
  let targetCapi: LabCapiAttachment | undefined;

  const items = async (kubeconfig: string, resource: string): Promise<Obj[]> => {
    const res = await runKubectl(kubeconfig, ['get', resource, '-n', 'lab', '-o', 'json'], { timeoutMs: 60_000 });
    return res.code === 0 ? (JSON.parse(res.stdout) as { items: Obj[] }).items : [];
  };
  const clusterctl = async (args: string[]) => {
    const bin = await ensureLabCapiBinaries();
    return run(bin.clusterctl, args, { cwd: tmp, env: { ...process.env, HOME: tmp, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' }, timeoutMs: 300_000 });
  };

  beforeAll(async () => {
    await ensureProxmoxProvider({ log: () => undefined });
    buildAll();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-move-'));
    lab = await startLabEnvironment({ paths: labPaths(tmp), pvePort: 0 });
    const env = cdktfTestEnv(lab.env);
    ok(await run(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['deploy', '*', '--auto-approve', '-o', path.join(tmp, 'out'), '--skip-provider-lock'], { cwd: REPO_ROOT, env, timeoutMs: 20 * 60_000 }));
  }, 30 * 60_000);

  afterAll(async () => {
    await targetCapi?.stop();
    await target?.stop();
    await lab?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 180_000);

  test('every object moves; on the target the controllers keep the cluster Available and no VM is touched', async () => {
    const source = lab.capi!.controllers()!;
    const sourceKubeconfig = lab.management!.kubeconfigPath;

    // The target: a second lab management cluster with the same components and its own managers.
    const targetDir = path.join(tmp, 'target');
    targetCapi = await prepareLabCapiAttachment(targetDir, 500, source.webhookCa);
    target = await startLabCluster({ name: 'target', role: 'management', baseDir: targetDir, startTimeoutMs: 220_000, ...targetCapi.clusterOptions });
    await installPinnedComponents(target);
    // The source's CAPMOX gives way (its port is the one the target's must take) and its webhook
    // traffic goes to the target's CAPMOX; then the target's managers start.
    const lines: string[] = [];
    await source.handOver('capmox', { host: '127.0.0.1', port: 9443 });
    targetCapi.attach(target, (line) => lines.push(line));
    await waitFor('the target managers to start', async () => targetCapi!.controllers() !== undefined, { timeoutMs: 240_000, intervalMs: 500 });

    const before = await items(sourceKubeconfig, 'machines.cluster.x-k8s.io');
    const requestsBefore = lab.pve.requests().length;
    const moved = await clusterctl(['move', '-n', 'lab', '--kubeconfig', sourceKubeconfig, '--to-kubeconfig', target.kubeconfigPath, '-v', '3']);
    expect({ code: moved.code, stderr: moved.code === 0 ? '' : `${moved.stdout}\n${moved.stderr}` }).toEqual({ code: 0, stderr: '' });

    // Nothing of the cluster is left on the source; everything is on the target.
    expect(await items(sourceKubeconfig, 'clusters.cluster.x-k8s.io')).toEqual([]);
    expect((await items(target.kubeconfigPath, 'machines.cluster.x-k8s.io')).map((m) => m.metadata.name).sort()).toEqual(before.map((m) => m.metadata.name).sort());

    // The target's controllers take over: the Cluster Available, every Machine Running with its node.
    const kubeconfig = target.kubeconfigPath;
    let last = '';
    await waitFor(
      'the moved cluster to be Available with every Machine Running and its nodeRef',
      async () => {
        const [cluster] = await items(kubeconfig, 'clusters.cluster.x-k8s.io');
        const machines = await items(kubeconfig, 'machines.cluster.x-k8s.io');
        const available = cluster?.status?.conditions?.find((c) => c.type === 'Available');
        const notRunning = machines.filter((m) => m.status?.phase !== 'Running' || !m.status?.nodeRef).map((m) => `${m.metadata.name} ${m.status?.phase ?? '-'}`);
        last = `Available=${available?.status ?? 'unreported'} ${available?.message ?? ''}; not running: ${notRunning.join(', ') || 'none'}`;
        return available?.status === 'True' && notRunning.length === 0 && machines.length === before.length;
      },
      { timeoutMs: 240_000, intervalMs: 2000 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${last}\n${targetCapi!.controllers()!.describe()}`);
    });
    const describe = await clusterctl(['describe', 'cluster', 'lab', '-n', 'lab', '--kubeconfig', kubeconfig]);
    expect(describe.code).toBe(0);
    expect(describe.stdout).toContain('Cluster/lab');

    // The move and the take-over changed no VM.
    const nodeVm = new RegExp(`^/nodes/[^/]+/qemu/(${lab.definition.nodes.map((n) => n.vmid).join('|')})(/|$)`);
    expect(lab.pve.requests().slice(requestsBefore).filter((r) => r.method !== 'GET' && nodeVm.test(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(lab.workload.events.bootstraps).toHaveLength(1);
    expect(lines.filter((l) => /failed|error/i.test(l) && !/port 9443 is in use/.test(l))).toEqual([]);
  });
});
