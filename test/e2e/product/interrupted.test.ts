/**
 * An interrupted `cdktf deploy '*'` of the lab cluster, run again, converges with nothing lost.
 * One deploy is interrupted at a point of each stage, and each re-run (which must get past the
 * point of the previous interruption) is itself interrupted at the next point:
 *   (a) Ctrl-C (SIGINT to cdktf's process group) while the Proxmox stage creates the VMs;
 *   (b) SIGKILL of every process (cdktf, terraform, providers) while the Talos stage applies configurations;
 *   (c) SIGKILL of every process the moment the Talos stage has bootstrapped etcd (if Terraform is
 *       rewriting the stage's state file then, the file is left cut off and the next synth restores it);
 *   (d) SIGKILL of every process while the capi stage installs the Cluster API components.
 * The last run completes; then the end state is that of a clean deploy: the planned VMs and no
 * other, five Ready nodes, the Cluster API objects, every configured resource in state, and an
 * empty diff per stack.
 *
 * That converged adoption then moves with `clusterctl move` to a second lab management cluster,
 * with the real managers on both sides (clusterctl v1.12.10, built like the managers): every
 * object moves, the moved cluster stays Available, its Machines keep their nodes, and no VM is
 * touched. One machine cannot run two CAPMOX v0.9.0 managers (its webhook port is fixed at 9443 on
 * every interface), so the source's CAPMOX hands its webhook traffic to the target's: same build,
 * serving certificates from one shared lab webhook CA. CAPMOX's webhooks are stateless defaulting
 * and validation, so either process answers each side the same.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { ensureProxmoxProvider } from '../../../tools/build/proxmox-provider';
import { buildAll } from '../../../tools/build/build-providers';
import { startLabEnvironment, type LabEnvironment } from '../../lab/env/lab-env';
import { labPaths } from '../../lab/env/paths';
import { runKubectl, startLabCluster, waitFor as waitForCondition, type LabCluster } from '../../lab/k8s';
import { ensureLabCapiBinaries, prepareLabCapiAttachment, type LabCapiAttachment } from '../../lab/capi';
import { installPinnedComponents } from '../../integration/capi/support/lab';
import { ok, run, terraformBinary, type RunResult } from '../../support/terraform';
import { alive, commandOf, processTree, startInGroup, waitFor, type GroupRun } from '../support/process-tree';
import { stateVmIds } from '../support/stack-files';
import { cdktfTestEnv } from '../support/cdktf-env';

jest.setTimeout(30 * 60_000);

const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
const STAGE_TIMEOUT_MS = 10 * 60_000;

interface K8sNode {
  metadata: { name: string };
  spec: { providerID?: string };
  status: { conditions: { type: string; status: string }[] };
}

type Obj = { kind?: string; metadata: { name: string }; status?: { phase?: string; nodeRef?: { name: string }; conditions?: Array<{ type: string; status: string; message?: string }> } };

interface StateFile {
  readonly resources?: readonly { readonly mode: string; readonly type: string; readonly name: string; readonly instances: readonly { readonly attributes: Record<string, unknown> }[] }[];
}

describe("an interrupted cdktf deploy '*', run again, converges with nothing lost", () => {
  let tmp: string;
  let out: string;
  let lab: LabEnvironment;
  let env: NodeJS.ProcessEnv;
  let stacks: string[] = [];
  const timings: string[] = [];
  let lastDamage: string[] = [];
  let talosDamagedAtC = false;
  let target: LabCluster | undefined;
  let targetCapi: LabCapiAttachment | undefined;

  const args = (a: string[]): string[] => [...a, '-o', out, '--skip-provider-lock'];
  const cdktf = (a: string[]): Promise<RunResult> => run(cdktfBin, args(a), { cwd: REPO_ROOT, env, timeoutMs: 20 * 60_000 });
  const deploy = (): GroupRun => startInGroup(cdktfBin, args(['deploy', '*', '--auto-approve']), { cwd: REPO_ROOT, env });
  const stateFile = (stack: string): string => path.join(out, 'stacks', stack, `terraform.${stack}.tfstate`);
  /** A stage's state; none (as Terraform reads it) when the file is missing or empty. */
  const state = (stack: string): StateFile => {
    const text = fs.existsSync(stateFile(stack)) ? fs.readFileSync(stateFile(stack), 'utf8') : '';
    return text === '' ? {} : (JSON.parse(text) as StateFile);
  };
  const managed = (stack: string) => (state(stack).resources ?? []).filter((r) => r.mode === 'managed');
  const has = (stack: string, type: string): boolean => managed(stack).some((r) => r.type === type && r.instances.length > 0);
  const nodeIps = (): string[] => lab.definition.plan.nodes.map((n) => n.ip);

  /**
   * Interrupts `run` once `point` holds, then waits until every process of its tree is gone.
   * A process that outlives the interruption by a minute is a finding (it would hold the state).
   */
  async function interrupt(run: GroupRun, what: string, point: () => boolean | Promise<boolean>, how: 'SIGINT' | 'SIGKILL', pollMs = 50): Promise<string> {
    const started = Date.now();
    let ended = false;
    await Promise.race([
      waitFor(what, point, STAGE_TIMEOUT_MS, pollMs, () => ended),
      run.done.then((r) => {
        ended = true;
        throw new Error(`cdktf deploy ended (exit ${r.code}) before ${what}:\n${run.output()}`);
      }),
    ]);
    ended = true;
    const tree = processTree(run.pid);
    if (how === 'SIGINT') run.signalGroup('SIGINT');
    else run.killTree();
    // Ctrl-C lets Terraform finish what is in flight; a minute is ample in the lab. Whatever outlives
    // that is killed (so later cases start clean) and fails the case: it would hold the state.
    const survivors = async (): Promise<string> => {
      await waitFor('the interrupted processes to end', () => tree.every((p) => !alive(p)), 60_000, 200).catch(() => undefined);
      const left = tree.filter(alive).map((p) => `${p} ${commandOf(p)}`);
      for (const p of tree.filter(alive)) process.kill(p, 'SIGKILL');
      return left.join('; ');
    };
    let timer: NodeJS.Timeout | undefined;
    const res = await Promise.race([run.done, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 60_000)))]);
    clearTimeout(timer);
    const left = await survivors();
    if (!res) throw new Error(`cdktf deploy did not end within a minute of ${how}; still running then: ${left}\n${run.output()}`);
    expect({ after: how, stillRunning: left }).toEqual({ after: how, stillRunning: '' });
    timings.push(`${how} at "${what}" after ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${res.code}, signal ${res.signal ?? '-'}, ${tree.length} processes)`);
    lastDamage = damagedStates(run.output());
    if (lastDamage.length) timings.push(`  ${how} at "${what}" left damaged state: ${lastDamage.join('; ')}`);
    return run.output();
  }

  /**
   * State files an interruption left unreadable. Terraform's local backend rewrites the state file
   * in place (truncate, then serialize and write), so a kill in between leaves it empty or cut off.
   * They are left as they are: the next run's synth (main.ts) must restore them from the `.backup`
   * Terraform keeps, or the Talos stage would be taken for never deployed (new cluster secrets).
   * An empty file is no damage when there was nothing to lose: Terraform creates it when it locks a
   * stage's first run, and fills it when the first resource completes.
   */
  function damagedStates(output: string): string[] {
    const found: string[] = [];
    for (const stack of stacks) {
      const file = stateFile(stack);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      try {
        JSON.parse(text);
        continue;
      } catch {
        // damaged, or never written: below
      }
      const prefix = stack.slice(stack.lastIndexOf('-') + 1);
      const completed = new RegExp(`\\b${prefix}_\\w+\\.[^:\\n]+: (Creation|Modifications|Destruction) complete`).test(output);
      if (text === '' && !fs.existsSync(`${file}.backup`) && !completed) continue;
      found.push(`${stack} (${text.length} bytes)`);
    }
    return found;
  }

  /** Copies of damaged state files the app's recovery set aside, per stack. */
  const setAside = (stack: string): string[] => fs.readdirSync(path.dirname(stateFile(stack))).filter((f) => f.startsWith(`terraform.${stack}.tfstate.interrupted-`));

  beforeAll(async () => {
    await ensureProxmoxProvider({ log: () => undefined });
    buildAll();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-interrupted-'));
    out = path.join(tmp, 'out');
    lab = await startLabEnvironment({ paths: labPaths(tmp), pvePort: 0 });
    env = cdktfTestEnv(lab.env);
    ok(await cdktf(['synth']));
    stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
    expect(stacks).toEqual(['lab-capi', 'lab-proxmox', 'lab-talos']);
  }, 30 * 60_000);

  afterAll(async () => {
    if (timings.length) console.log(`interrupted e2e:\n  ${timings.join('\n  ')}`);
    await targetCapi?.stop();
    await target?.stop();
    await lab?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  test('(a) Ctrl-C while the Proxmox stage creates the VMs', async () => {
    const vmCreates = () => lab.pve.requests().filter((r) => r.method === 'POST' && r.route === '/nodes/{node}/qemu' && r.status === 200).length;
    await interrupt(deploy(), 'the first VM create', () => vmCreates() >= 1, 'SIGINT');
    // Interrupted inside the Proxmox stage: no Talos machine was configured.
    expect(has('lab-talos', 'talos_machine_secrets')).toBe(false);
    expect(nodeIps().filter((ip) => lab.workload.simulator.node(ip).config !== undefined)).toEqual([]);
    timings.push(`  after (a): ${lab.pve.inventory().vms.length} VM(s) in Proxmox, ${managed('lab-proxmox').length} resource(s) in lab-proxmox state`);
  });

  test('(b) SIGKILL of the whole tree while the Talos stage applies machine configurations', async () => {
    const configured = () => nodeIps().filter((ip) => lab.workload.simulator.node(ip).config !== undefined).length;
    await interrupt(deploy(), 'the first machine configuration applied', () => configured() >= 1, 'SIGKILL');
    expect(has('lab-talos', 'talos_cluster_kubeconfig')).toBe(false);
    expect(lab.pve.inventory().vms).toEqual(stateVmIds(stateFile('lab-proxmox')));
    timings.push(`  after (b): ${configured()} node(s) configured, ${managed('lab-talos').length} resource(s) in lab-talos state`);
  });

  test('(c) SIGKILL of the whole tree as soon as etcd is bootstrapped', async () => {
    // The kill point is an event, not a delay: the simulator's record of the Bootstrap call. What
    // Terraform recorded by then varies (the bootstrap may or may not be in state; a state rewrite
    // may be cut off, which the next synth restores), so nothing here depends on it: the next runs
    // must converge from whichever of those the kill left (checked by (d) and the final run).
    const bootstrapped = (): boolean => lab.workload.events.bootstraps.length > 0;
    await interrupt(deploy(), 'the bootstrap of etcd', bootstrapped, 'SIGKILL', 1);
    talosDamagedAtC = lastDamage.some((d) => d.startsWith('lab-talos'));
    timings.push(
      `  (c) lab-talos state after the kill: ${talosDamagedAtC ? 'cut off by the kill' : `${managed('lab-talos').length} resource(s), bootstrap ${has('lab-talos', 'talos_machine_bootstrap') ? '' : 'not '}recorded`}`,
    );
    // Invariant: the secrets the nodes were configured with are never lost (a cut-off state keeps its backup).
    if (talosDamagedAtC) expect(fs.existsSync(`${stateFile('lab-talos')}.backup`)).toBe(true);
    else expect(has('lab-talos', 'talos_machine_secrets')).toBe(true);
    expect(lab.workload.events.bootstraps).toHaveLength(1);
  });

  test('(d) SIGKILL of the whole tree while the capi stage installs the Cluster API components', async () => {
    const mgmt = lab.management;
    expect(mgmt).toBeDefined();
    const kubeconfig = (mgmt as NonNullable<typeof mgmt>).kubeconfigPath;
    const run: GroupRun = deploy();
    // Installing: the components resource is being created and some of its CRDs exist already.
    const installing = async (): Promise<boolean> => {
      if (!/capi_components\.[^:\n]+: Creating/.test(run.output())) return false;
      const crds = await runKubectl(kubeconfig, ['get', 'crd', '-o', 'name'], { timeoutMs: 30_000 });
      return /cluster\.x-k8s\.io/.test(crds.stdout);
    };
    await interrupt(run, 'the first Cluster API CRD', installing, 'SIGKILL');
    // The deploy got this far, so the Talos stage converged with the cluster's own secrets (the nodes
    // refuse any other CA); a state (c) cut off was restored by the app, which kept the damaged copy.
    expect(has('lab-talos', 'talos_cluster_kubeconfig')).toBe(true);
    expect(has('lab-capi', 'capi_cluster_adoption')).toBe(false);
    if (talosDamagedAtC) expect(setAside('lab-talos')).toHaveLength(1);
  });

  test('a final run completes and converges: the clean deploy end state, nothing lost, nothing extra', async () => {
    const started = Date.now();
    ok(await cdktf(['deploy', '*', '--auto-approve']));
    timings.push(`final cdktf deploy '*': ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const def = lab.definition;

    // Proxmox: exactly the VMs the state records (the nodes', and the template's Cluster API clones
    // from), none twice under another VMID, no orphan.
    const inv = lab.pve.inventory();
    const inState = stateVmIds(stateFile('lab-proxmox'));
    expect(inState).toEqual(expect.arrayContaining(def.plan.nodes.map((n) => n.vmid)));
    expect(inv.vms).toEqual(inState);
    const names = Object.values(lab.pve.snapshot().vms).map((v) => v.config.name);
    expect(new Set(names).size).toBe(names.length);
    const proxmox = managed('lab-proxmox');
    const count = (type: string) => proxmox.filter((r) => r.type === type).reduce((n, r) => n + r.instances.length, 0);
    // Every disk belongs to one of those VMs (no disk of a VM created twice or half-way).
    expect(inv.images.filter((v) => !inState.includes(Number(/^[^:]+:(?:vm|base)-(\d+)-/.exec(v)?.[1])))).toEqual([]);
    expect(inv.pools).toEqual([def.name]);
    expect(inv.vnets).toHaveLength(count('proxmox_sdn_vnet'));
    expect(inv.zones).toHaveLength(count('proxmox_sdn_zone_simple'));

    // Nothing lost: every resource the configuration declares is in its stack's state, once.
    for (const stack of stacks) {
      const config = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
      const declared = Object.entries(config.resource ?? {})
        .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
        .sort();
      const recorded = managed(stack)
        .filter((r) => r.instances.length > 0)
        .map((r) => `${r.type}.${r.name}`)
        .sort();
      expect({ stack, recorded }).toEqual({ stack, recorded: declared });
    }

    // Talos: all five configured, one bootstrap that took (the lab refuses a second on data).
    for (const n of def.plan.nodes) expect(lab.workload.simulator.node(n.ip).mode).toBe('secure');
    expect(lab.workload.events.bootstraps.map((b) => b.clusterName)).toEqual(['lab']);

    const kubeconfig = path.join(tmp, 'kubeconfig');
    const kc = ok(await run(terraformBinary(), [`-chdir=${path.join(out, 'stacks', 'lab-talos')}`, 'output', '-raw', 'kubeconfig'], { cwd: REPO_ROOT, env })).stdout;
    fs.writeFileSync(kubeconfig, kc, { mode: 0o600 });
    const get = await runKubectl(kubeconfig, ['get', 'nodes', '-o', 'json'], { timeoutMs: 60_000 });
    const nodes = (JSON.parse(get.stdout) as { items: K8sNode[] }).items;
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(def.plan.nodes.map((n) => n.name).sort());
    for (const n of nodes) {
      expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(n.spec.providerID).toMatch(/^proxmox:\/\/[0-9a-f-]{36}$/);
    }

    // Cluster API: the cluster and one Machine per node.
    const mgmt = lab.management as NonNullable<typeof lab.management>;
    const capi = await runKubectl(mgmt.kubeconfigPath, ['get', 'clusters.cluster.x-k8s.io,machines.cluster.x-k8s.io', '-n', def.name, '-o', 'name'], { timeoutMs: 60_000 });
    expect(capi.stdout).toContain(`cluster.cluster.x-k8s.io/${def.name}`);
    expect(capi.stdout.match(/^machine\./gm) ?? []).toHaveLength(def.plan.nodes.length);

    for (const stack of stacks) {
      const diff = ok(await cdktf(['diff', stack]));
      expect({ stack, noChanges: diff.stdout.includes('No changes') }).toEqual({ stack, noChanges: true });
    }
  });

  const items = async (kubeconfig: string, resource: string): Promise<Obj[]> => {
    const res = await runKubectl(kubeconfig, ['get', resource, '-n', 'lab', '-o', 'json'], { timeoutMs: 60_000 });
    return res.code === 0 ? (JSON.parse(res.stdout) as { items: Obj[] }).items : [];
  };
  const clusterctl = async (args: string[]) => {
    const bin = await ensureLabCapiBinaries();
    return run(bin.clusterctl, args, { cwd: tmp, env: { ...process.env, HOME: tmp, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' }, timeoutMs: 300_000 });
  };

  test('the converged adoption moves with clusterctl: every object moves; on the target the controllers keep the cluster Available and no VM is touched', async () => {
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
    await waitForCondition('the target managers to start', async () => targetCapi!.controllers() !== undefined, { timeoutMs: 240_000, intervalMs: 500 });

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
    await waitForCondition(
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
    const nodeVm = new RegExp(`^/nodes/[^/]+/qemu/(${lab.definition.plan.nodes.map((n) => n.vmid).join('|')})(/|$)`);
    expect(
      lab.pve
        .requests()
        .slice(requestsBefore)
        .filter((r) => r.method !== 'GET' && nodeVm.test(r.path))
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
    expect(lab.workload.events.bootstraps).toHaveLength(1);
    expect(lines.filter((l) => /failed|error/i.test(l) && !/port 9443 is in use/.test(l))).toEqual([]);
  });
});
