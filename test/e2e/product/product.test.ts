/**
 * The product's main path in the embedded lab: the app (main.ts, no cluster definition: the lab
 * cluster) through `cdktf deploy '*'` against the Proxmox VE simulator, the Talos machines its VMs
 * boot, and the lab management cluster (Cluster API stage); then an empty diff, the secrets audit
 * of everything the deploy wrote or printed, and `cdktf destroy`.
 * PTC_E2E_ENGINE=tofu runs it all under OpenTofu (built at its pinned release) with client-side
 * state and plan encryption from the environment (support/engine.ts); the audit then also finds
 * no secret in the state files' and saved plans' bytes.
 * PTC_E2E_CDK=cdktn runs it with CDK Terrain: the cdktn CLI, and PTC_CDK=cdktn so the app synthesizes
 * with the cdktn core package (Node >= 22.19; support/cdk.ts).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { ensureProxmoxProvider } from '../../../tools/build/proxmox-provider';
import { buildAll } from '../../../tools/build/build-providers';
import { openBundle } from '../../../tools/plan-summary/plan-bundle';
import { startLabEnvironment, type LabEnvironment } from '../../lab/env/lab-env';
import { labPaths } from '../../lab/env/paths';
import { runKubectl } from '../../lab/k8s';
import { ensureLabCapiBinaries } from '../../lab/capi';
import { ok, run, terraformBinary, type RunResult } from '../../support/terraform';
import { scanForSecrets } from '../../../stacks/secret-scanner';
import { distinctSecrets, filesUnder, MIN_SECRET_LENGTH, nonCertificatePem, scanText, secretsInState, stateModes, type SecretHit, type SecretValue } from '../support/secret-scan';
import { insecureSettings, schemaSensitiveAttributes, vmIdsInState } from '../support/stack-files';
import { e2eEngine, localStateFile, readStackState, stateFileEncrypted, type E2eEngine } from '../support/engine';
import { cdktfTestEnv } from '../support/cdktf-env';
import { e2eCdk, synthesizedCoreVersions, type E2eCdk } from '../support/cdk';

jest.setTimeout(30 * 60_000);

/** The CDK flavour under test (support/cdk.ts): cdktf, or cdktn (CDK Terrain). */
const CDK = process.env.PTC_E2E_CDK || 'cdktf';
/** The engine under test (support/engine.ts): terraform, or tofu with encrypted state. */
const ENGINE = process.env.PTC_E2E_ENGINE ?? 'terraform';

interface K8sNode {
  metadata: { name: string };
  spec: { providerID?: string };
  status: { conditions: { type: string; status: string }[] };
}

describe(`npm start's path in the lab: cdktf deploy / diff / destroy of the lab cluster (${CDK}, ${ENGINE})`, () => {
  let engine: E2eEngine;
  let cdk: E2eCdk;
  let tmp: string;
  let out: string;
  let lab: LabEnvironment;
  let env: NodeJS.ProcessEnv;
  let stacks: string[] = [];
  /** Everything cdktf printed, searched for secrets. */
  const transcripts: { where: string; text: string }[] = [];
  /** Every secret value the deploy produced (from the stacks' state), set by the secrets audit. */
  let secrets: SecretValue[] = [];

  const cdktf = async (args: string[]): Promise<RunResult> => {
    const res = await run(cdk.bin, [...args, '-o', out, '--skip-provider-lock'], { cwd: REPO_ROOT, env, timeoutMs: 20 * 60_000 });
    transcripts.push({ where: `${cdk.command} ${args.join(' ')} (stdout)`, text: res.stdout }, { where: `${cdk.command} ${args.join(' ')} (stderr)`, text: res.stderr });
    return res;
  };
  const stackDir = (stack: string): string => path.join(out, 'stacks', stack);
  const tfOutput = async (stack: string, name: string): Promise<string> => ok(await run(terraformBinary(env), [`-chdir=${stackDir(stack)}`, 'output', '-raw', name], { cwd: REPO_ROOT, env })).stdout;

  const stackState = (stack: string): string => readStackState(stackDir(stack), stack, env);

  beforeAll(async () => {
    cdk = e2eCdk(CDK);
    engine = await e2eEngine(ENGINE);
    await ensureProxmoxProvider({ log: () => undefined });
    buildAll();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-product-'));
    out = path.join(tmp, 'out');
    lab = await startLabEnvironment({ paths: labPaths(tmp), pvePort: 0 });
    env = cdktfTestEnv({ ...lab.env, ...engine.env, ...cdk.env });
    ok(await cdktf(['synth']));
    stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
  }, 30 * 60_000);

  afterAll(async () => {
    await lab?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  test('the app synthesizes the three lab stages', () => {
    expect(stacks).toEqual(['lab-capi', 'lab-proxmox', 'lab-talos']);
  });

  test(`the synth was done by ${CDK}: its core package's version in the manifest and in every stack's metadata`, () => {
    expect(synthesizedCoreVersions(out)).toEqual({ manifest: cdk.coreVersion, stacks: Object.fromEntries(stacks.map((s) => [s, cdk.coreVersion])) });
  });

  test('deploy: VMs in Proxmox, Talos bootstrapped, five Ready nodes with providerIDs', async () => {
    const started = Date.now();
    ok(await cdktf(['deploy', '*', '--auto-approve']));
    console.log(`product e2e: ${cdk.command} deploy '*' in the lab: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The deploy synthesized again, with the same core.
    expect(synthesizedCoreVersions(out).manifest).toBe(cdk.coreVersion);

    const def = lab.definition;
    // The node VMs (and the Talos template VM Cluster API clones from), each in state, no other.
    const vmids = vmIdsInState(stackState('lab-proxmox'));
    expect(vmids).toEqual(expect.arrayContaining(def.plan.nodes.map((n) => n.vmid)));
    expect(lab.pve.inventory().vms).toEqual(vmids);
    // Every VM start powered its Talos machine on; all run configured, one bootstrapped etcd.
    for (const n of def.plan.nodes) expect(lab.workload.simulator.node(n.ip).mode).toBe('secure');
    expect(lab.workload.events.bootstraps.map((b) => b.clusterName)).toEqual(['lab']);

    const kubeconfig = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kubeconfig, await tfOutput('lab-talos', 'kubeconfig'), { mode: 0o600 });
    expect(fs.readFileSync(kubeconfig, 'utf8')).toContain(def.plan.clusterEndpoint);
    const get = await runKubectl(kubeconfig, ['get', 'nodes', '-o', 'json'], { timeoutMs: 60_000 });
    expect(get.stderr).toBe('');
    const nodes = (JSON.parse(get.stdout) as { items: K8sNode[] }).items;
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(def.plan.nodes.map((n) => n.name).sort());
    for (const n of nodes) {
      expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(n.spec.providerID).toMatch(/^proxmox:\/\/[0-9a-f-]{36}$/);
    }
    const talosconfig = await tfOutput('lab-talos', 'talosconfig');
    expect(talosconfig).toContain('context: lab');
  });

  test('the real Cluster API controllers report the adoption complete, and no VM was touched for it', async () => {
    const mgmt = lab.management!;
    const controllers = lab.capi?.controllers();
    expect(controllers?.managers.map((m) => m.name).sort()).toEqual(['cabpt', 'cacppt', 'capi', 'capmox', 'ipam']);
    expect(await tfOutput('lab-capi', 'adoption_confirmed')).toBe('true');

    // What the controllers themselves report, read here independently of the product's check.
    const read = async <T>(resource: string): Promise<T[]> =>
      (JSON.parse((await runKubectl(mgmt.kubeconfigPath, ['get', resource, '-n', 'lab', '-o', 'json'], { timeoutMs: 60_000 })).stdout) as { items: T[] }).items;
    type Obj = {
      metadata: { name: string };
      spec?: Record<string, unknown>;
      status?: {
        phase?: string;
        nodeRef?: { name: string };
        conditions?: Array<{ type: string; status: string }>;
        addresses?: Array<{ type: string; address: string }>;
        initialization?: { provisioned?: boolean };
      };
    };
    const falseConditions = (o: Obj, types: string[]) => types.filter((t) => o.status?.conditions?.find((c) => c.type === t)?.status !== 'True').map((t) => `${o.metadata.name} ${t}`);
    const [cluster] = await read<Obj>('clusters.cluster.x-k8s.io');
    const [controlPlane] = await read<Obj>('taloscontrolplanes.controlplane.cluster.x-k8s.io');
    expect([
      ...falseConditions(cluster, ['Available', 'InfrastructureReady', 'ControlPlaneInitialized', 'ControlPlaneAvailable', 'WorkersAvailable']),
      ...falseConditions(controlPlane, ['Ready', 'Available', 'EtcdClusterHealthyCondition', 'ControlPlaneComponentsHealthy', 'MachinesBootstrapped', 'MachinesReady']),
    ]).toEqual([]);
    const machines = await read<Obj>('machines.cluster.x-k8s.io');
    expect(machines.map((m) => `${m.metadata.name} ${m.status?.phase} ${m.status?.nodeRef?.name}`).sort()).toEqual(lab.definition.plan.nodes.map((n) => `${n.name} Running ${n.name}`).sort());
    const proxmoxMachines = await read<Obj>('proxmoxmachines.infrastructure.cluster.x-k8s.io');
    expect(proxmoxMachines.map((m) => `${m.metadata.name} ${m.status?.initialization?.provisioned} ${m.status?.addresses?.find((a) => a.type === 'InternalIP')?.address}`).sort()).toEqual(
      lab.definition.plan.nodes.map((n) => `${n.name} true ${n.ip}`).sort(),
    );

    // clusterctl, built like the managers, sees the same.
    const bin = await ensureLabCapiBinaries();
    const describe = await run(bin.clusterctl, ['describe', 'cluster', 'lab', '-n', 'lab', '--show-conditions', 'all', '--kubeconfig', mgmt.kubeconfigPath], {
      cwd: tmp,
      env: { ...process.env, HOME: tmp, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' },
      timeoutMs: 120_000,
    });
    expect(describe.code).toBe(0);
    for (const kind of ['Cluster/lab', 'ProxmoxCluster/lab', 'TalosControlPlane/lab-cp', 'MachineDeployment/lab-md-0']) expect(describe.stdout).toContain(kind);
    const unhealthy = describe.stdout
      .split('\n')
      .filter((l) =>
        /[├└]─(Available|Ready|InfrastructureReady|ControlPlaneAvailable|WorkersAvailable|MachinesReady|EtcdClusterHealthyCondition|ControlPlaneComponentsHealthy)\s+(False|Unknown)/.test(l),
      );
    expect(unhealthy).toEqual([]);

    // clusterctl move would take every object of the adoption: the dry run's graph is exactly the
    // namespace's Cluster API objects and Secrets (kube-root-ca.crt is Kubernetes' own).
    const move = await run(bin.clusterctl, ['move', '--dry-run', '-n', 'lab', '-v', '5', '--kubeconfig', mgmt.kubeconfigPath], {
      cwd: tmp,
      env: { ...process.env, HOME: tmp, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' },
      timeoutMs: 120_000,
    });
    expect(move.code).toBe(0);
    const moved = [...`${move.stdout}\n${move.stderr}`.matchAll(/^Deleting (\w+)="([^"]+)" Namespace="lab"$/gm)].map((m) => `${m[1]}/${m[2]}`).sort();
    const resources = (await runKubectl(mgmt.kubeconfigPath, ['api-resources', '--namespaced', '-o', 'name'], { timeoutMs: 60_000 })).stdout
      .split('\n')
      .filter((r) => /\.x-k8s\.io$/.test(r) || r === 'secrets' || r === 'configmaps');
    const present: string[] = [];
    for (const r of resources) {
      for (const item of await read<{ kind?: string; metadata: { name: string } }>(r))
        if (!(r === 'configmaps' && item.metadata.name === 'kube-root-ca.crt')) present.push(`${item.kind ?? r}/${item.metadata.name}`);
    }
    expect(moved.length).toBeGreaterThan(30);
    expect(moved).toEqual(present.sort());

    // Adoption changes no VM: every POST/PUT/DELETE on a node VM came before the managers ran.
    const nodeVm = new RegExp(`^/nodes/[^/]+/qemu/(${lab.definition.plan.nodes.map((n) => n.vmid).join('|')})(/|$)`);
    const late = lab.pve.requests().filter((r) => r.method !== 'GET' && nodeVm.test(r.path) && r.time >= controllers!.startedAt);
    expect(late.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // One bootstrap ever: adoption never re-initialises the cluster.
    expect(lab.workload.events.bootstraps).toHaveLength(1);
  });

  test('a second diff shows no changes', async () => {
    for (const stack of stacks) {
      const diff = ok(await cdktf(['diff', stack]));
      expect(diff.stdout).toContain('No changes');
    }
  });

  test('TLS is verified everywhere: no setting skips it; the lab only adds its CA roots', () => {
    // What the lab hands the deploy differs from a real site in endpoints, credentials and CA roots only.
    expect(Object.keys(lab.env).filter((k) => /INSECURE|SKIP|TLS_REJECT|NODE_EXTRA_CA/i.test(k))).toEqual([]);
    expect(env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
    expect(lab.env.SSL_CERT_FILE).toBe(lab.pve.caFile);
    const mgmt = fs.readFileSync(lab.env.PTC_LAB_MANAGEMENT_KUBECONFIG, 'utf8');
    expect(mgmt).toContain('certificate-authority-data');
    expect(mgmt).not.toMatch(/insecure-skip-tls-verify:\s*true/);
    // Provider configurations and resource settings that would skip verification (e.g. bpg's
    // `insecure`, CAPMOX credentials' `insecure`, which CAPMOX defaults to true when unset).
    const insecure = Object.fromEntries(stacks.map((stack) => [stack, insecureSettings(path.join(stackDir(stack), 'cdk.tf.json'))]));
    expect(insecure).toEqual(Object.fromEntries(stacks.map((stack) => [stack, []])));
  });

  test('state is readable by its owner only; the synthesized JSON passes the secret scanner and holds no PEM but certificates', () => {
    // The deploy wrote the state; the diff's synth has run since: directories 0700, state files 0600.
    for (const stack of stacks) {
      const modes = stateModes(stackDir(stack), stack);
      expect(modes.length).toBeGreaterThan(1);
      expect(modes).toEqual(modes.map((m) => ({ path: m.path, mode: m.path === stackDir(stack) ? '700' : '600' })));
    }
    for (const stack of stacks) {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(stackDir(stack), 'cdk.tf.json'), 'utf8'));
      const found = scanForSecrets(json, { metadataKeys: ['//'], knownSecrets: [{ label: 'lab Proxmox API token', value: lab.pve.credentials.apiToken }] });
      expect({ stack, found }).toEqual({ stack, found: [] });
      expect({ stack, pem: nonCertificatePem(json) }).toEqual({ stack, pem: [] });
    }
  });

  test('no secret outside Terraform state: cdktf.out, cdktf output, TF_LOG trace logs, plan summary, sealed plans', async () => {
    // Labels name a secret's origin: the lab's credentials, then the stages in deploy order.
    const all: SecretValue[] = [
      { label: 'lab: Proxmox API token', value: lab.pve.credentials.apiToken },
      { label: 'lab: Proxmox API token secret', value: lab.pve.credentials.tokenSecret },
    ];
    for (const stack of ['lab-proxmox', 'lab-talos', 'lab-capi']) {
      const sensitive = await schemaSensitiveAttributes(stackDir(stack), env);
      all.push(...secretsInState(stack, stackState(stack), sensitive));
    }
    // OpenTofu's encryption passphrase is a secret of the run like the others.
    if (engine.passphrase) all.push({ label: 'OpenTofu state encryption passphrase (TF_ENCRYPTION)', value: engine.passphrase });
    secrets = distinctSecrets(all);
    // The audit covers what it must: every kind of secret the stacks hold was found in state.
    const labels = all.map((s) => s.label).join('\n');
    for (const kind of [
      /machine_secrets\.secrets\.bootstrap_token/,
      /machine_secrets\.secrets\.secretbox_encryption_secret/,
      /machine_secrets\.certs\.os\.key/,
      /machine_secrets\.certs\.k8s\.key/,
      /machine_secrets\.trustdinfo\.token/,
      /client_configuration\.client_key/,
      /kubeconfig.*client-key-data/,
      /talos_?config.*\.key/,
    ]) {
      expect(labels).toMatch(kind);
    }
    // The Proxmox token is read where Terraform runs from the variable the definition names
    // (ephemeral in the Proxmox stage, a SHA-256 in the capi stage): not even state holds it.
    for (const stack of ['lab-proxmox', 'lab-capi']) {
      const state = stackState(stack);
      expect({ stack, holdsToken: state.includes(lab.pve.credentials.tokenSecret) }).toEqual({ stack, holdsToken: false });
    }
    expect(stackState('lab-capi')).toMatch(/"proxmox_token_sha256": "[0-9a-f]{64}"/);

    // The plan review tooling, as CI runs it, with Terraform's and the providers' most verbose logs.
    const log = path.join(tmp, 'terraform-trace.log');
    const summary = path.join(tmp, 'plan-summary.md');
    const sealed = path.join(tmp, 'reviewed-plan.sealed');
    const planKey = crypto.randomBytes(32).toString('base64');
    const planned = ok(
      await run('npx', ['tsx', 'tools/plan-summary/main.ts', '--out', summary, '--bundle', sealed, '--context', 'secrets audit', out], {
        cwd: REPO_ROOT,
        env: { ...env, TF_LOG: 'DEBUG', TF_LOG_PROVIDER: 'TRACE', TF_LOG_PATH: log, PTC_PLAN_KEY: planKey },
        timeoutMs: 15 * 60_000,
      }),
    );
    const logText = fs.readFileSync(log);
    // The log really is the verbose one: TRACE lines come from the providers (core logs at DEBUG).
    expect(logText.toString()).toMatch(/\[TRACE\]/);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/No changes|🟰/);
    // Saved plans are state snapshots: owner-only, like the sealed bundle.
    for (const stack of stacks) expect({ stack, mode: fs.statSync(path.join(stackDir(stack), 'tfplan')).mode & 0o777 }).toEqual({ stack, mode: 0o600 });
    expect(fs.statSync(sealed).mode & 0o777).toBe(0o600);

    const hits: SecretHit[] = [];
    const scanned: string[] = [];
    // Every file under cdktf.out but Terraform's own state-bearing files: state (*.tfstate*, where
    // secrets belong), saved plans (tfplan: a state snapshot by design) and provider binaries.
    // Encrypted (OpenTofu), those files are scanned too: their bytes must hold no secret.
    const stateBearing = (name: string): boolean => !engine.encrypted && (name.includes('.tfstate') || name === 'tfplan');
    const files = filesUnder(out, (name, isDir, parent) => (isDir ? name === 'providers' && path.basename(parent) === '.terraform' : stateBearing(name)));
    for (const f of files) {
      scanned.push(f);
      hits.push(...scanText(path.relative(out, f), fs.readFileSync(f), secrets));
    }
    for (const t of transcripts) hits.push(...scanText(t.where, t.text, secrets));
    hits.push(...scanText('plan-summary stdout', planned.stdout, secrets), ...scanText('plan-summary stderr', planned.stderr, secrets));
    // Known upstream behaviour, kept apart so it cannot hide anything else: at DEBUG the bpg
    // provider logs every HTTP request with its headers (terraform-plugin-sdk's logging transport),
    // so its lines carry the Authorization header, i.e. the Proxmox API token. Everything else in
    // the log, and those lines apart from the token, must be clean.
    const bpgHttp = (line: string): boolean => line.includes('@module=proxmox') && line.includes('logging_http_transport.go');
    const logLines = logText.toString('utf8').split('\n');
    const token = new Set([lab.pve.credentials.apiToken, lab.pve.credentials.tokenSecret]);
    hits.push(...scanText('TF_LOG=DEBUG TF_LOG_PROVIDER=TRACE log of init/plan/show', logLines.filter((l) => !bpgHttp(l)).join('\n'), secrets));
    hits.push(
      ...scanText(
        'TF_LOG log: bpg HTTP request lines',
        logLines.filter(bpgHttp).join('\n'),
        secrets.filter((x) => !token.has(x.value)),
      ),
    );
    const bpgTokenLines = logLines.filter((l) => bpgHttp(l) && l.includes(lab.pve.credentials.tokenSecret)).length;
    hits.push(...scanText('plan summary markdown', fs.readFileSync(summary), secrets));
    hits.push(...scanText('sealed plan bundle', fs.readFileSync(sealed), secrets));
    // Inside the bundle only the saved plans (state snapshots) may hold secrets.
    for (const [name, data] of openBundle(fs.readFileSync(sealed), planKey)) if (engine.encrypted || !name.endsWith('/tfplan')) hits.push(...scanText(`sealed bundle: ${name}`, data, secrets));
    const planModes = stacks.map((stack) => (fs.statSync(path.join(stackDir(stack), 'tfplan')).mode & 0o777).toString(8));
    console.log(
      `product e2e: secrets audit: ${secrets.length} secret values (>= ${MIN_SECRET_LENGTH} chars, raw/JSON/base64/PEM forms) in ${scanned.length} files under cdktf.out, ` +
        `${transcripts.length + 2} command outputs, ${(logText.length / 1e6).toFixed(1)} MB of trace log, the plan summary and the sealed bundle ` +
        `(saved plans tfplan, ${engine.encrypted ? 'encrypted and scanned too' : 'skipped like state'}, have modes ${planModes.join(', ')}); upstream: ${bpgTokenLines} bpg HTTP debug lines carry the Proxmox API token`,
    );
    expect(hits).toEqual([]);
  });

  if (ENGINE === 'tofu') {
    test('OpenTofu: state files and saved plans are encrypted at rest; the cluster CA keys and machine secrets are not in their bytes', async () => {
      const secretOf = (label: RegExp): SecretValue[] => secrets.filter((s) => label.test(s.label));
      // The audit above found these in the decrypted state; here they are looked for in the files.
      const caKeys = secretOf(/machine_secrets\.certs\.(os|k8s|k8s_aggregator|k8s_serviceaccount|etcd)\.key/);
      const machineSecrets = secretOf(/machine_secrets\.(secrets|trustdinfo)\./);
      expect(caKeys.length).toBeGreaterThanOrEqual(3);
      expect(machineSecrets.length).toBeGreaterThanOrEqual(3);
      const hits: SecretHit[] = [];
      const sealedFiles: string[] = [];
      for (const stack of stacks) {
        expect({ stack, encrypted: stateFileEncrypted(stackDir(stack), stack) }).toEqual({ stack, encrypted: true });
        for (const name of fs.readdirSync(stackDir(stack)).filter((n) => n.includes('.tfstate') || n === 'tfplan')) {
          const file = path.join(stackDir(stack), name);
          const bytes = fs.readFileSync(file);
          // Saved plans are zip archives in clear; encrypted, state and plans are the same JSON envelope.
          expect({ file: name, envelope: Object.keys(JSON.parse(bytes.toString('utf8')) as object).sort() }).toEqual({
            file: name,
            envelope: expect.arrayContaining(['encrypted_data', 'encryption_version', 'meta']) as unknown,
          });
          sealedFiles.push(path.relative(out, file));
          hits.push(...scanText(path.relative(out, file), bytes, secrets));
        }
      }
      // Decrypting takes the passphrase: without TF_ENCRYPTION the engine refuses the state.
      const { TF_ENCRYPTION: _omitted, ...withoutKey } = env;
      const refused = await run(terraformBinary(env), [`-chdir=${stackDir('lab-talos')}`, 'state', 'pull'], { cwd: REPO_ROOT, env: withoutKey, timeoutMs: 120_000 });
      expect(refused.code).not.toBe(0);
      expect(scanText('tofu state pull without the key', `${refused.stdout}\n${refused.stderr}`, secrets)).toEqual([]);
      console.log(`product e2e (tofu): ${sealedFiles.length} encrypted state/plan files (${sealedFiles.join(', ')}) hold none of ${secrets.length} secret values (${caKeys.length} CA keys)`);
      expect(hits).toEqual([]);
      expect(fs.existsSync(localStateFile(stackDir('lab-talos'), 'lab-talos'))).toBe(true);
    });
  }

  test('destroy leaves the Proxmox simulator empty', async () => {
    const res = ok(await cdktf(['destroy', '*', '--auto-approve']));
    expect(res.stdout).toMatch(/Destroy complete!/);
    expect(lab.pve.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
    // With the controllers running: nothing of the cluster is left in the management cluster
    // (its namespace, created by the adoption, goes too) and no provider remains installed.
    const mgmt = lab.management!.kubeconfigPath;
    const namespaces = (
      JSON.parse((await runKubectl(mgmt, ['get', 'namespaces', '-o', 'json'], { timeoutMs: 60_000 })).stdout) as { items: Array<{ metadata: { name: string }; status: { phase: string } }> }
    ).items;
    const active = namespaces.filter((n) => n.status.phase !== 'Terminating').map((n) => n.metadata.name);
    expect(['lab', 'capi-system', 'cabpt-system', 'cacppt-system', 'capmox-system', 'capi-ipam-in-cluster-system'].filter((ns) => active.includes(ns))).toEqual([]);
    expect(secrets.length).toBeGreaterThan(0);
    expect([...scanText('cdktf destroy (stdout)', res.stdout, secrets), ...scanText('cdktf destroy (stderr)', res.stderr, secrets)]).toEqual([]);
  });
});
