/**
 * The runtime under real Terraform: init from a filesystem mirror, plan, apply, empty
 * re-plan, in-place update, replacement, drift, import, handler errors as diagnostics,
 * state upgrade from an older schema version, destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok, TerraformWorkspace } from '../../support/terraform';

const provider = {
  type: 'example',
  namespace: 'test',
  version: '0.0.1',
  entry: path.join(__dirname, '../../support/fixture-provider/main.ts'),
  definition: path.join(__dirname, '../../support/fixture-provider/provider.ts'),
};

let ws: TerraformWorkspace;
let work: string;
let store: string;

interface ItemConfig {
  name: string;
  content?: string;
  tags?: Record<string, string>;
  fail_on?: string;
  rule?: { port: number; protocol?: string }[];
}

function writeConfig(item: ItemConfig | null, extra: Record<string, unknown> = {}): void {
  const config = {
    terraform: { required_providers: { example: { source: 'ptc.internal/test/example', version: '0.0.1' } } },
    provider: { example: { store_dir: store } },
    ...(item
      ? {
          resource: { example_item: { a: item } },
          output: {
            id: { value: '${example_item.a.id}' },
            revision: { value: '${example_item.a.revision}' },
            rule_ids: { value: '${example_item.a.rule[*].rule_id}' },
            secret: { value: '${example_item.a.secret}', sensitive: true },
          },
        }
      : {}),
    ...extra,
  };
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(config, null, 2));
}

const tf = (...args: string[]) => ws.run(args, { cwd: work });
const outputs = async () => JSON.parse(ok(await tf('output', '-json')).stdout) as Record<string, { value: unknown }>;

/** `plan -detailed-exitcode`: 0 = no changes, 2 = changes. */
async function planExit(): Promise<{ code: number; out: string }> {
  const res = await tf('plan', '-detailed-exitcode', '-no-color');
  if (res.code === 1) throw new Error(`plan failed:\n${res.stdout}\n${res.stderr}`);
  return { code: res.code, out: res.stdout };
}

beforeAll(async () => {
  ws = new TerraformWorkspace('ptc-e2e-runtime', [provider]);
  work = ws.dir('work');
  store = ws.dir('store');
  writeConfig({ name: 'alpha', content: 'one', rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] });
  ok(await tf('init', '-no-color'));
}, 120_000);

afterAll(() => ws.cleanup());

test('plan shows a create with computed values unknown and defaults known', async () => {
  const { code, out } = await planExit();
  expect(code).toBe(2);
  expect(out).toContain('example_item.a will be created');
  expect(out).toMatch(/id\s+= \(known after apply\)/);
  expect(out).toMatch(/size\s+= 3/);
  expect(out).toMatch(/protocol\s+= "tcp"/);
  expect(out).toMatch(/secret\s+= \(sensitive value\)/);
});

test('apply creates, and a re-plan is empty', async () => {
  ok(await tf('apply', '-auto-approve', '-no-color'));
  const o = await outputs();
  expect(o.id.value).toMatch(/^alpha-[0-9a-f]{8}$/);
  expect(o.revision.value).toBe(1);
  expect(o.rule_ids.value).toEqual([`${o.id.value}-r0`, `${o.id.value}-r1`]);
  expect((await planExit()).code).toBe(0);
  // Sensitive values stay out of the plan output but are in state.
  const state = JSON.parse(fs.readFileSync(path.join(work, 'terraform.tfstate'), 'utf8'));
  expect(state.resources[0].instances[0].sensitive_attributes).toEqual(expect.arrayContaining([[{ type: 'get_attr', value: 'secret' }]]));
}, 120_000);

test('a change to an updatable attribute updates in place, keeping kept computed values', async () => {
  const before = await outputs();
  writeConfig({ name: 'alpha', content: 'two', tags: { team: 'platform' }, rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] });
  const { code, out } = await planExit();
  expect(code).toBe(2);
  expect(out).toContain('example_item.a will be updated in-place');
  expect(out).toMatch(/revision\s+= 1 -> \(known after apply\)/);
  ok(await tf('apply', '-auto-approve', '-no-color'));
  const after = await outputs();
  expect(after.id.value).toBe(before.id.value);
  expect(after.revision.value).toBe(2);
  expect((await planExit()).code).toBe(0);
}, 120_000);

test('handler errors become diagnostics naming the resource and attribute; state is kept', async () => {
  writeConfig({ name: 'alpha', content: 'three', fail_on: 'update', rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] });
  const res = await tf('apply', '-auto-approve', '-no-color');
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('example_item update: content: refusing to update');
  expect(res.stderr).toContain('with example_item.a');
  expect(res.stderr).not.toMatch(/plugin (crashed|exited)/i);
  writeConfig({ name: 'alpha', content: 'two', tags: { team: 'platform' }, rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] });
  expect((await planExit()).code).toBe(0);
}, 120_000);

test('validators reject bad input at plan time with the attribute named', async () => {
  writeConfig({ name: 'Bad Name', content: 'two' });
  const res = await tf('plan', '-no-color');
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('Invalid value for name');
  expect(res.stderr).toContain('use lowercase letters');
}, 60_000);

test('a change to a requires-replace attribute replaces the object', async () => {
  const before = await outputs();
  writeConfig({ name: 'beta', content: 'two', tags: { team: 'platform' }, rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] });
  const { out } = await planExit();
  expect(out).toContain('example_item.a must be replaced');
  expect(out).toMatch(/name\s+= "alpha" -> "beta" # forces replacement/);
  ok(await tf('apply', '-auto-approve', '-no-color'));
  const after = await outputs();
  expect(after.id.value).toMatch(/^beta-/);
  expect(fs.existsSync(path.join(store, `${before.id.value}.json`))).toBe(false);
  expect((await planExit()).code).toBe(0);
}, 120_000);

test('an object deleted out of band is planned for re-creation', async () => {
  const { id } = await outputs();
  fs.rmSync(path.join(store, `${id.value}.json`));
  const { code, out } = await planExit();
  expect(code).toBe(2);
  expect(out).toContain('example_item.a will be created');
  ok(await tf('apply', '-auto-approve', '-no-color'));
}, 120_000);

test('import brings an existing object under management with an empty re-plan', async () => {
  const { id } = await outputs();
  ok(await tf('state', 'rm', 'example_item.a'));
  const imported = ok(await tf('import', '-no-color', 'example_item.a', String(id.value)));
  expect(imported.stdout).toContain('Import successful');
  expect((await planExit()).code).toBe(0);
}, 120_000);

test('a data source reads through the configured provider', async () => {
  const { id } = await outputs();
  writeConfig({ name: 'beta', content: 'two', tags: { team: 'platform' }, rule: [{ port: 80 }, { port: 53, protocol: 'udp' }] }, { data: { example_lookup: { l: { id: String(id.value) } } } });
  const cfg = JSON.parse(fs.readFileSync(path.join(work, 'main.tf.json'), 'utf8'));
  cfg.output.looked_up = { value: '${data.example_lookup.l.content}' };
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(cfg));
  ok(await tf('apply', '-auto-approve', '-no-color'));
  expect((await outputs()).looked_up.value).toBe('two');
}, 120_000);

test('destroy removes the object', async () => {
  ok(await tf('destroy', '-auto-approve', '-no-color'));
  expect(fs.readdirSync(store)).toEqual([]);
}, 120_000);

test('state written by schema version 0 is upgraded', async () => {
  writeConfig({ name: 'gamma', content: 'kept across the upgrade' });
  const { code } = await planExit();
  expect(code).toBe(2);
  ok(await tf('apply', '-auto-approve', '-no-color'));
  const statePath = path.join(work, 'terraform.tfstate');
  const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
  const instance = state.resources.find((r: { type: string }) => r.type === 'example_item').instances[0];
  const { content, ...rest } = instance.attributes;
  instance.attributes = { ...rest, body: content };
  instance.schema_version = 0;
  state.serial += 1;
  fs.writeFileSync(statePath, JSON.stringify(state));
  expect((await planExit()).code).toBe(0);
  ok(await tf('apply', '-refresh-only', '-auto-approve', '-no-color')); // persists the upgraded state
  expect(JSON.parse(ok(await tf('show', '-json')).stdout).values.root_module.resources[0].values.content).toBe('kept across the upgrade');
  ok(await tf('destroy', '-auto-approve', '-no-color'));
}, 180_000);
