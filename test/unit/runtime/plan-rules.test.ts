/**
 * Plan rules, table-driven, through the provider service exactly as Terraform calls it
 * (msgpack DynamicValues in and out): create, update, replace, destroy, import, no-op.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeMsgpack, encodeMsgpack, isUnknown, unknown as mk, type CtyValue } from '../../../providers/runtime/cty';
import { createLogger } from '../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../providers/runtime/server/provider-service';
import { provider } from '../../support/fixture-provider/provider';

const itemHandler = provider.resources[0];
const itemType = schemaImpliedType(itemHandler.schema);
const providerType = schemaImpliedType(provider.schema);

type Obj = Record<string, CtyValue>;
const dv = (v: CtyValue, type = itemType) => ({ msgpack: Buffer.from(encodeMsgpack(v, type)) });
const un = (d: { msgpack?: Buffer | Uint8Array } | undefined) => (d?.msgpack?.length ? decodeMsgpack(d.msgpack, itemType) : null) as Obj | null;

function config(over: Partial<Obj> = {}): Obj {
  return { id: null, name: 'alpha', content: 'one', size: null, tags: null, revision: null, secret: null, fail_on: null, rule: [], ...over };
}

const prior: Obj = {
  id: 'alpha-1',
  name: 'alpha',
  content: 'one',
  size: 3,
  tags: null,
  revision: 1,
  secret: 's3cret',
  fail_on: null,
  rule: [{ port: 80, protocol: 'tcp', rule_id: 'alpha-1-r0' }],
};

let svc: ProviderService<unknown>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-plan-'));
  svc = new ProviderService(
    provider as never,
    createLogger('test', 'error', () => undefined),
  );
  const res = await svc.configureProvider({ terraform_version: '1.11.4', config: dv({ store_dir: dir }, providerType) });
  expect(res.diagnostics).toEqual([]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function plan(priorState: Obj | null, cfg: Obj | null) {
  const res = await svc.planResourceChange({
    type_name: 'example_item',
    prior_state: dv(priorState),
    proposed_new_state: dv(cfg),
    config: dv(cfg),
  });
  expect(res.diagnostics).toEqual([]);
  return { planned: un(res.planned_state), replace: (res.requires_replace ?? []).map((p) => p.steps.map((s) => Object.values(s)[0]).join('.')) };
}

describe('create', () => {
  test('config values verbatim, defaults planned, computed unknown, nested defaults', async () => {
    const { planned } = await plan(null, config({ rule: [{ port: 80, protocol: null, rule_id: null }] }));
    expect(planned?.name).toBe('alpha');
    expect(planned?.content).toBe('one');
    expect(planned?.size).toBe(3);
    expect(planned?.tags).toBeNull();
    for (const k of ['id', 'revision', 'secret']) expect(isUnknown(planned?.[k])).toBe(true);
    const rule = (planned?.rule as Obj[])[0];
    expect(rule.protocol).toBe('tcp');
    expect(isUnknown(rule.rule_id)).toBe(true);
  });
});

describe('update', () => {
  const cases: { name: string; cfg: Obj; replace: string[]; unknown: string[]; same?: boolean }[] = [
    { name: 'no-op when nothing changed', cfg: config({ rule: [{ port: 80, protocol: null, rule_id: null }] }), replace: [], unknown: [], same: true },
    {
      name: 'in-place update: unknown-on-change computed values go unknown, kept ones stay',
      cfg: config({ content: 'two', rule: [{ port: 80, protocol: null, rule_id: null }] }),
      replace: [],
      unknown: ['revision'],
    },
    {
      name: 'requires-replace attribute forces replacement',
      cfg: config({ name: 'beta', rule: [{ port: 80, protocol: null, rule_id: null }] }),
      replace: ['name'],
      unknown: ['revision'],
    },
    {
      name: 'a changed nested block recomputes its computed values only',
      cfg: config({
        rule: [
          { port: 80, protocol: null, rule_id: null },
          { port: 53, protocol: 'udp', rule_id: null },
        ],
      }),
      replace: [],
      unknown: ['revision', 'rule.1.rule_id'],
    },
  ];
  test.each(cases)('$name', async ({ cfg, replace, unknown, same }) => {
    const res = await plan(prior, cfg);
    if (same) expect(res.planned).toEqual(prior);
    expect(res.replace).toEqual(replace);
    expect(res.planned?.id).toBe('alpha-1');
    expect(res.planned?.secret).toBe('s3cret');
    const unknownPaths: string[] = [];
    const walk = (v: CtyValue, p: string[]) => {
      if (isUnknown(v)) unknownPaths.push(p.join('.'));
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, String(i)]));
      else if (v && typeof v === 'object' && v.constructor === Object) for (const [k, x] of Object.entries(v)) walk(x as CtyValue, [...p, k]);
    };
    walk(res.planned, []);
    expect(unknownPaths.sort()).toEqual([...unknown].sort());
    // Unchanged nested element keeps its computed value.
    expect((res.planned?.rule as Obj[])[0].rule_id).toBe('alpha-1-r0');
  });

  test('unknown config values stay unknown and force replacement of requires-replace attributes', async () => {
    const res = await plan(prior, config({ name: mk() as unknown as CtyValue, rule: [{ port: 80, protocol: null, rule_id: null }] }));
    expect(isUnknown(res.planned?.name)).toBe(true);
    expect(res.replace).toEqual(['name']);
  });
});

test('destroy plans null and apply deletes', async () => {
  const res = await svc.planResourceChange({ type_name: 'example_item', prior_state: dv(prior), proposed_new_state: dv(null), config: dv(null) });
  expect(un(res.planned_state)).toBeNull();
  const applied = await svc.applyResourceChange({ type_name: 'example_item', prior_state: dv(prior), planned_state: dv(null), config: dv(null) });
  expect(applied.diagnostics).toEqual([]);
  expect(un((applied as { new_state?: { msgpack: Buffer } }).new_state)).toBeNull();
});

test('apply resolves every unknown and keeps planned values; read reports deletion as null', async () => {
  const cfg = config({ rule: [{ port: 80, protocol: null, rule_id: null }] });
  const { planned } = await plan(null, cfg);
  const applied = await svc.applyResourceChange({ type_name: 'example_item', prior_state: dv(null), planned_state: dv(planned), config: dv(cfg) });
  expect(applied.diagnostics).toEqual([]);
  const state = un((applied as { new_state?: { msgpack: Buffer } }).new_state) as Obj;
  expect(state.id).toMatch(/^alpha-/);
  expect(state.revision).toBe(1);
  expect((state.rule as Obj[])[0].rule_id).toBe(`${state.id}-r0`);
  fs.rmSync(path.join(dir, `${state.id}.json`));
  const read = await svc.readResource({ type_name: 'example_item', current_state: dv(state) });
  expect(read.diagnostics).toEqual([]);
  expect((read as { new_state?: unknown }).new_state).toBeUndefined();
});

test('import returns a stub with every attribute, null where unknown to the handler', async () => {
  const cfg = config();
  const { planned } = await plan(null, cfg);
  const applied = await svc.applyResourceChange({ type_name: 'example_item', prior_state: dv(null), planned_state: dv(planned), config: dv(cfg) });
  const state = un((applied as { new_state?: { msgpack: Buffer } }).new_state) as Obj;
  const res = await svc.importResourceState({ type_name: 'example_item', id: String(state.id) });
  expect(res.diagnostics).toEqual([]);
  const stub = un(res.imported_resources[0].state);
  expect(stub).toEqual(config({ id: state.id, name: null, content: null }));
});

test('a handler error becomes an error diagnostic with the attribute path', async () => {
  const cfg = config({ fail_on: 'create' });
  const { planned } = await plan(null, cfg);
  const res = await svc.applyResourceChange({ type_name: 'example_item', prior_state: dv(null), planned_state: dv(planned), config: dv(cfg) });
  expect(res.diagnostics).toEqual([
    expect.objectContaining({ severity: 'ERROR', summary: 'example_item create: content: refusing to create (fail_on = "create")', attribute: { steps: [{ attribute_name: 'content' }] } }),
  ]);
});

test('validators report the attribute; unknown values are not validated', async () => {
  const bad = await svc.validateResourceConfig({ type_name: 'example_item', config: dv(config({ name: 'Bad' })) });
  expect(bad.diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', summary: 'Invalid value for name', attribute: { steps: [{ attribute_name: 'name' }] } })]);
  const unk = await svc.validateResourceConfig({ type_name: 'example_item', config: dv(config({ name: mk() as unknown as CtyValue })) });
  expect(unk.diagnostics).toEqual([]);
});

test('state of schema version 0 is upgraded; newer versions are refused', async () => {
  const v0 = { ...prior, body: 'from-v0' } as Record<string, unknown>;
  delete v0.content;
  const res = await svc.upgradeResourceState({ type_name: 'example_item', version: 0, raw_state: { json: Buffer.from(JSON.stringify(v0)) } });
  expect(res.diagnostics).toEqual([]);
  expect(un(res.upgraded_state)?.content).toBe('from-v0');
  const newer = await svc.upgradeResourceState({ type_name: 'example_item', version: 7, raw_state: { json: Buffer.from('{}') } });
  expect(newer.diagnostics[0].summary).toContain('state upgrade');
  expect(newer.diagnostics[0].detail).toContain('newer provider');
});
