/**
 * The plan summary and the reviewed-plan apply on real Terraform plans: the lab's Talos stack
 * (our talos provider from a scratch filesystem mirror) is synthesized, planned by the CLI,
 * applied from the sealed bundle, planned again (no changes), then changed so that the secrets
 * must be replaced. Every markdown is checked against the secret values in state and plan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { PLAN_SUMMARY_MARKER } from '../../../tools/plan-summary/render';
import { App } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack } from '../../../stacks/talos-config-stack';
import { ok, run, TerraformWorkspace, type RunResult } from '../../support/terraform';
import { readStackState } from '../support/engine';

const STACK = 'lab-talos';
const KEY = 'e2e-plan-key-0123456789abcdef0123456789';
const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
let ws: TerraformWorkspace;
let out: string;
let stackDir: string;

/** The lab cluster at a Talos contract (and a Kubernetes version that contract supports). */
function synth(talosVersion: 'v1.13' | 'v1.12'): void {
  const app = new App({ outdir: out });
  new TalosConfigStack(app, STACK, { ...LAB_CLUSTER, talosVersion, kubernetesVersion: talosVersion === 'v1.12' ? '1.35.0' : LAB_CLUSTER.kubernetesVersion });
  app.synth();
}

function cli(script: 'main' | 'apply', args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(tsx, [path.join(REPO_ROOT, 'tools', 'plan-summary', `${script}.ts`), ...args], {
    cwd: ws.root,
    env: ws.env({ PTC_PLAN_KEY: KEY, ...env }),
    timeoutMs: 300_000,
  });
}

async function planSummary(name: string): Promise<{ md: string; bundle: string; res: RunResult }> {
  const md = path.join(ws.root, `${name}.md`);
  const bundle = path.join(ws.root, `${name}.sealed`);
  const res = await cli('main', ['--out', md, '--bundle', bundle, '--context', `e2e ${name}`, out]);
  return { md: fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '', bundle, res };
}

/**
 * Every string under the sensitive attributes in state (long enough to be a key, token or config);
 * decrypted by the engine when OpenTofu encrypted it (TF_ENCRYPTION in the environment).
 */
async function secretValues(): Promise<string[]> {
  const state = JSON.parse(readStackState(stackDir, STACK, ws.env())) as {
    resources: { instances: { attributes: Record<string, unknown> }[] }[];
  };
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 16) out.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const r of state.resources) for (const i of r.instances) for (const attr of ['machine_secrets', 'client_configuration', 'machine_configuration', 'talos_config']) collect(i.attributes[attr]);
  return out;
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  const leaked = secrets.filter((s) => text.includes(s));
  expect(leaked).toEqual([]);
}

function row(md: string, prefix: string): string {
  const line = md.split('\n').find((l) => l.startsWith('| ') && l.includes(`\`${prefix}`));
  if (!line) throw new Error(`no row for ${prefix} in:\n${md}`);
  return line;
}

beforeAll(() => {
  ws = new TerraformWorkspace(
    'ptc-e2e-plan-summary',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  out = ws.dir('cdktf.out');
  stackDir = path.join(out, 'stacks', STACK);
}, 120_000);

afterAll(() => ws.cleanup());

describe('plan, review, apply exactly the reviewed plan', () => {
  let secrets: string[] = [];
  let replaceBundle = '';

  test('first plan: creates counted, reads folded, outputs without values; the bundle applies', async () => {
    synth('v1.13');
    const { md, bundle, res } = await planSummary('first');
    ok(res);
    expect(md.startsWith(`${PLAN_SUMMARY_MARKER}\n`)).toBe(true);
    expect(md).toContain('## ✅ Terraform plan: 1 to add, 0 to change, 0 to destroy');
    expect(md).toContain('e2e first');
    expect(row(md, 'talos_machine_secrets.')).toMatch(/^\| 🟢 create \| `talos_machine_secrets\.cluster-secrets_[0-9A-F]{8}` \|/);
    expect(md).toContain('<details><summary>6 data sources read during apply</summary>');
    expect(md).toContain('| `talosconfig` | create (sensitive) |');

    const applied = await cli('apply', ['--bundle', bundle, out]);
    ok(applied);
    expect(applied.stderr).toContain(`apply: ${STACK}: applied`);
    secrets = await secretValues();
    expect(secrets.length).toBeGreaterThan(20);
    expectNoSecret(applied.stdout + applied.stderr, secrets);
  }, 300_000);

  test('second plan: 🟰 no changes; the plan JSON holds the secrets, the summary and the bundle do not', async () => {
    const { md, bundle, res } = await planSummary('second');
    ok(res);
    expect(md).toContain('## 🟰 Terraform plan: no changes');
    expect(md).toContain(`### \`${STACK}\` — 🟰 no changes`);
    const planJson = ok(await ws.run(['show', '-json', 'tfplan'], { cwd: stackDir })).stdout;
    expect(secrets.some((s) => planJson.includes(s))).toBe(true);
    expectNoSecret(md, secrets);
    expectNoSecret(fs.readFileSync(bundle).toString('latin1'), secrets);
    expectNoSecret(res.stdout + res.stderr, secrets);

    const applied = await cli('apply', ['--bundle', bundle, out]);
    ok(applied);
    expect(applied.stderr).toContain(`apply: ${STACK}: unchanged`);
  }, 300_000);

  test('lowering talos_version: the replacement is highlighted with the attribute that forces it', async () => {
    synth('v1.12');
    const { md, bundle, res } = await planSummary('replace');
    ok(res);
    replaceBundle = bundle;
    expect(md).toContain('## ✅ Terraform plan: 1 to add, 0 to change, 1 to destroy, **1 replacement**');
    expect(md).toContain('> [!WARNING]\n> 1 resource will be **replaced**');
    expect(row(md, 'talos_machine_secrets.')).toMatch(
      /^\| 🔴 \*\*replace\*\* \| `talos_machine_secrets\.[^`]+` \| \*\*forces replacement:\*\* `talos_version` · cannot be updated in place · .*sensitive attributes? \(hidden\) \|$/,
    );
    expect(md).toContain('| `talosconfig` | update (sensitive) |');
    expectNoSecret(md, secrets);
    expect(md).not.toMatch(/v1\.1[23]/);
  }, 300_000);

  test('a state changed after review makes the reviewed plan stale: refused', async () => {
    // Someone applies the same change by hand: the state moves on.
    ok(await ws.run(['apply', '-input=false', '-no-color', 'tfplan'], { cwd: stackDir }));
    const refused = await cli('apply', ['--bundle', replaceBundle, out]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/lab-talos: refused: the state changed since the plan was reviewed \(planned against lineage \S+ serial \d+, now lineage \S+ serial \d+\); plan again/);
  }, 300_000);

  test('merged code that synthesizes differently from the review: refused before anything runs', async () => {
    synth('v1.13');
    const refused = await cli('apply', ['--bundle', replaceBundle, out]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('stack lab-talos: the synthesized configuration differs from the reviewed one');
  }, 300_000);

  test('a bundle sealed with another key does not open', async () => {
    const res = await cli('apply', ['--bundle', replaceBundle, out], { PTC_PLAN_KEY: `${KEY}-other` });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/authentication failed/);
  }, 120_000);
});

test('a stack that cannot be planned: ❌ summary with the diagnostics, exit 1, no bundle', async () => {
  const bad = ws.dir('bad.out');
  const app = new App({ outdir: bad });
  new TalosConfigStack(app, 'broken', LAB_CLUSTER);
  app.synth();
  const config = path.join(bad, 'stacks', 'broken', 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(config, 'utf8'));
  json.terraform.required_providers.talos.version = '9.9.9';
  fs.writeFileSync(config, JSON.stringify(json));

  const md = path.join(ws.root, 'bad.md');
  const bundle = path.join(ws.root, 'bad.sealed');
  const res = await cli('main', ['--out', md, '--bundle', bundle, bad]);
  expect(res.code).toBe(1);
  const text = fs.readFileSync(md, 'utf8');
  expect(text).toContain('## ❌ Terraform plan failed for 1 of 1 stack');
  expect(text).toContain('terraform init failed (exit 1)');
  expect(text).toMatch(/9\.9\.9/);
  expect(fs.existsSync(bundle)).toBe(false);
}, 300_000);

test('no synth output: ❌ summary naming the fix, exit 2', async () => {
  const md = path.join(ws.root, 'none.md');
  const res = await cli('main', ['--out', md, ws.dir('empty.out')]);
  expect(res.code).toBe(2);
  expect(fs.readFileSync(md, 'utf8')).toMatch(/manifest\.json does not exist; run `cdktf synth`/);
}, 120_000);
