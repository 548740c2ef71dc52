/**
 * capi_components under real Terraform, synthesized through our CDKTF bindings: init from the
 * filesystem mirror, plan, apply into a lab management cluster, an empty re-plan, a version change
 * planned and applied in place, drift repaired, bad input stopped at plan time, and destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeKubeconfig } from '../../lab/k8s';
import { App, LocalBackend, TerraformStack, TerraformVariable } from '../../../stacks/cdk';
import { components as capiComponents, provider as capiProvider } from '../../../providers/bindings/capi';
import { PROVIDERS } from '../../../tools/build/catalog';
import { listOwnedObjects } from '../../../providers/capi/install/owned';
import { PROVIDERS as CAPI_PROVIDERS } from '../../../providers/capi/components/catalog';
import { ok, TerraformWorkspace, type RunResult } from '../../support/terraform';
import { scratchOverrides, type ScratchOverrides } from '../../unit/capi/support/overrides';
import { ensureLabCapiBinaries, labCapiOverridesDir } from '../../lab/capi';
import { startReleaseServer, type ReleaseServer } from '../../unit/capi/support/release-server';
import { BUILD_TIMEOUT_MS, installExternalCertManager, kubectlOk, START_TIMEOUT_MS, startCapiLab, type CapiLab } from '../../integration/capi/support/lab';

const STACK = 'capi-components';
const PROXMOX_SECRET = 'e2e-proxmox-secret-7f3a9c';
const ALL = new Set([...CAPI_PROVIDERS.map((p) => p.manifestLabel), 'cert-manager']);

let lab: CapiLab;
let ws: TerraformWorkspace;
let overrides: ScratchOverrides;
let releases: ReleaseServer;

interface StackProps {
  readonly kubeconfigPath: string;
  readonly bootstrapVersion?: string;
  readonly infrastructureVersion?: string;
  readonly repositoryBaseUrl?: string;
}

/** Synthesizes the stack with the bindings and writes its cdk.tf.json into `dir`. */
function synth(dir: string, props: StackProps): void {
  const outdir = fs.mkdtempSync(path.join(ws.root, 'synth-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: `terraform.${STACK}.tfstate` });
  new capiProvider.CapiProvider(stack, 'capi', { kubeconfigPath: props.kubeconfigPath });
  const secret = new TerraformVariable(stack, 'proxmox_secret', { type: 'string', sensitive: true });
  new capiComponents.Components(stack, 'components', {
    overridesDir: overrides.dir,
    proxmoxUrl: 'https://pve.lab.invalid:8006',
    proxmoxToken: 'capmox@pve!capi',
    proxmoxSecret: secret.stringValue,
    waitTimeout: '2m',
    ...(props.bootstrapVersion ? { bootstrapVersion: props.bootstrapVersion } : {}),
    ...(props.infrastructureVersion ? { infrastructureVersion: props.infrastructureVersion } : {}),
    ...(props.repositoryBaseUrl ? { repositoryBaseUrl: props.repositoryBaseUrl } : {}),
  });
  app.synth();
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(outdir, 'stacks', STACK, 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
}

function tf(dir: string, ...args: string[]): Promise<RunResult> {
  return ws.run(args, { cwd: dir, env: { TF_VAR_proxmox_secret: PROXMOX_SECRET }, timeoutMs: 600_000 });
}

beforeAll(async () => {
  // The product's pinned set, rendered by the lab build from the modules its managers are built from.
  overrides = await scratchOverrides('ptc-capi-e2e', await labCapiOverridesDir(await ensureLabCapiBinaries()));
  // The next CABPT patch release, as far as this test needs one: the pinned manifest with a new image tag.
  overrides.addRelease('bootstrap-talos', 'v0.6.12', 'v0.6.13', 'bootstrap-components.yaml', (t) => t.replace('cluster-api-talos-controller:v0.6.12', 'cluster-api-talos-controller:v0.6.13'));
  // A CAPMOX build whose credentials have no defaults, to see a missing variable stop the plan.
  overrides.addRelease('infrastructure-proxmox', 'v0.9.0', 'v0.9.1', 'infrastructure-components.yaml', (t) =>
    t.replace('url: ${PROXMOX_URL=""}', 'url: ${PROXMOX_URL=""}\n  region: ${PROXMOX_REGION}'),
  );
  releases = await startReleaseServer(overrides.dir);
  ws = new TerraformWorkspace(
    'ptc-e2e-capi',
    PROVIDERS.filter((p) => p.type === 'capi'),
  );
  lab = await startCapiLab('capi-e2e');
  await installExternalCertManager(lab.cluster);
}, BUILD_TIMEOUT_MS + START_TIMEOUT_MS);

afterAll(async () => {
  await releases?.close();
  await lab?.stop();
  ws?.cleanup();
  overrides?.remove();
}, 60_000);

describe('the components stack', () => {
  let dir: string;
  beforeAll(async () => {
    dir = ws.dir('stack');
    synth(dir, { kubeconfigPath: lab.cluster.kubeconfigPath });
    ok(await tf(dir, 'init', '-no-color'));
  }, 300_000);

  test('plan, apply, empty re-plan; the Proxmox secret never shows', async () => {
    const plan = ok(await tf(dir, 'plan', '-no-color', '-out', 'tfplan'));
    expect(plan.stdout).toContain('capi_components.components will be created');
    expect(plan.stdout).toMatch(/proxmox_secret\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/\+ name\s+= "infrastructure-proxmox"/);
    const started = Date.now();
    const apply = ok(await tf(dir, 'apply', '-no-color', 'tfplan'));
    process.stderr.write(`terraform apply of capi_components into the lab: ${Date.now() - started} ms\n`);
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const replan = await tf(dir, 'plan', '-no-color', '-detailed-exitcode');
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
    const secret = JSON.parse(await kubectlOk(lab.cluster, ['get', 'secret', '-n', 'capmox-system', 'capmox-manager-credentials', '-o', 'json'])) as { data: Record<string, string> };
    expect(Buffer.from(secret.data.secret, 'base64').toString()).toBe(PROXMOX_SECRET);
    expect(Buffer.from(secret.data.token, 'base64').toString()).toBe('capmox@pve!capi');
    for (const out of [plan, apply, replan]) expect(out.stdout + out.stderr).not.toContain(PROXMOX_SECRET);
    expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).not.toContain(PROXMOX_SECRET);
  }, 600_000);

  test('a version change is an in-place update that upgrades the provider', async () => {
    synth(dir, { kubeconfigPath: lab.cluster.kubeconfigPath, bootstrapVersion: 'v0.6.13' });
    const plan = ok(await tf(dir, 'plan', '-no-color', '-out', 'tfplan'));
    expect(plan.stdout).toContain('capi_components.components will be updated in-place');
    expect(plan.stdout).toMatch(/~ bootstrap_version\s+= "v0\.6\.12" -> "v0\.6\.13"/);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    ok(await tf(dir, 'apply', '-no-color', 'tfplan'));
    const entry = JSON.parse(await kubectlOk(lab.cluster, ['get', 'providers.clusterctl.cluster.x-k8s.io', '-n', 'cabpt-system', 'bootstrap-talos', '-o', 'json'])) as { version: string };
    expect(entry.version).toBe('v0.6.13');
    const image = await kubectlOk(lab.cluster, ['get', 'deployment', '-n', 'cabpt-system', 'cabpt-controller-manager', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(image).toBe('ghcr.io/siderolabs/cluster-api-talos-controller:v0.6.13');
    expect((await tf(dir, 'plan', '-no-color', '-detailed-exitcode')).code).toBe(0);
  }, 600_000);

  test("an object deleted behind Terraform's back is planned back and restored", async () => {
    await kubectlOk(lab.cluster, ['delete', 'deployment', '-n', 'capi-ipam-in-cluster-system', 'capi-ipam-in-cluster-controller-manager', '--wait=true']);
    const plan = await tf(dir, 'plan', '-no-color', '-detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ missing_objects\s+= 1 -> 0/);
    ok(await tf(dir, 'apply', '-no-color', '-auto-approve'));
    await kubectlOk(lab.cluster, ['get', 'deployment', '-n', 'capi-ipam-in-cluster-system', 'capi-ipam-in-cluster-controller-manager']);
    expect((await tf(dir, 'plan', '-no-color', '-detailed-exitcode')).code).toBe(0);
  }, 600_000);

  test('destroy removes everything it installed', async () => {
    const destroy = ok(await tf(dir, 'destroy', '-auto-approve', '-no-color'));
    expect(destroy.stdout).toContain('Destroy complete! Resources: 1 destroyed.');
    expect((await listOwnedObjects(lab.mgmt, ALL)).owned).toEqual([]);
    const crds = await kubectlOk(lab.cluster, ['get', 'crd', '-o', 'name']);
    expect(crds.split('\n').filter((n) => n && !n.endsWith('cert-manager.io'))).toEqual([]);
  }, 600_000);
});

describe('bad input stops at plan time, before anything changes', () => {
  test('a missing variable names the variable and the provider', async () => {
    const dir = ws.dir('missing-variable');
    synth(dir, { kubeconfigPath: lab.cluster.kubeconfigPath, infrastructureVersion: 'v0.9.1' });
    ok(await tf(dir, 'init', '-no-color'));
    const plan = await tf(dir, 'plan', '-no-color');
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/[\s│]+/g, ' ')).toContain('Error: capi_components: variables: infrastructure-proxmox: value for variables [PROXMOX_REGION] is not set');
    expect(plan.stderr).not.toContain(PROXMOX_SECRET);
    expect((await listOwnedObjects(lab.mgmt, ALL)).owned).toEqual([]);
  }, 300_000);

  test('a components URL that answers 404 names the URL and the provider', async () => {
    const dir = ws.dir('not-found');
    synth(dir, { kubeconfigPath: lab.cluster.kubeconfigPath, bootstrapVersion: 'v0.6.99', repositoryBaseUrl: releases.baseUrl });
    ok(await tf(dir, 'init', '-no-color'));
    const plan = await tf(dir, 'plan', '-no-color');
    expect(plan.code).toBe(1);
    const stderr = plan.stderr.replace(/[\s│]+/g, ' ');
    expect(stderr).toContain('capi_components: bootstrap_version: bootstrap-talos v0.6.99:');
    expect(stderr).toContain(`${releases.baseUrl}/siderolabs/cluster-api-bootstrap-provider-talos/releases/download/v0.6.99/metadata.yaml answered HTTP 404 Not Found`);
    expect((await listOwnedObjects(lab.mgmt, ALL)).owned).toEqual([]);
  }, 300_000);

  test('an unreachable management cluster names its URL', async () => {
    const dir = ws.dir('unreachable');
    const kubeconfig = path.join(dir, 'dead.kubeconfig');
    fs.mkdirSync(dir, { recursive: true });
    const admin = lab.cluster.adminCredentials;
    writeKubeconfig(kubeconfig, { name: 'dead', server: 'https://127.0.0.1:1', caPem: lab.cluster.pki.kubernetesCa.certPem, clientCertPem: admin.certPem, clientKeyPem: admin.keyPem });
    synth(dir, { kubeconfigPath: kubeconfig });
    ok(await tf(dir, 'init', '-no-color'));
    const plan = await tf(dir, 'plan', '-no-color');
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/[\s│]+/g, ' ')).toContain('Error: capi_components: cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused');
    expect((await listOwnedObjects(lab.mgmt, ALL)).owned).toEqual([]);
  }, 300_000);
});
