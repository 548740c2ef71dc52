/**
 * Single nested attributes (`on_destroy = { reset = true }`), through the provider service as
 * Terraform calls it: the protocol schema (nested_type, no block), plan defaults inside the object,
 * validators with the nested path, and the state upgrade from a version that declared blocks.
 */
import { decodeMsgpack, encodeMsgpack, isUnknown, type CtyValue } from '../../../providers/runtime/cty';
import { createLogger } from '../../../providers/runtime/logging';
import { attr, defineProvider, defineResource, defineSchema } from '../../../providers/runtime';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../providers/runtime/server/provider-service';
import { timeoutsAttribute, upgradeBlocksToNestedAttributes } from '../../../providers/talos/resources/common/timeouts';

type Obj = Record<string, CtyValue>;

const schema = defineSchema({
  version: 1,
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    name: attr.string({ mode: 'required' }),
    on_destroy: attr.single({
      reset: attr.bool({ mode: 'optional', default: false }),
      graceful: attr.bool({ mode: 'optional', default: true }),
    })({ mode: 'optional' }),
    timeouts: timeoutsAttribute('create', 'delete'),
  },
});
const type = schemaImpliedType(schema);

let deleted: { reset: boolean | null; graceful: boolean | null } | null | undefined;
const resource = defineResource<typeof schema, unknown>({
  name: 'thing',
  schema,
  upgraders: { 0: upgradeBlocksToNestedAttributes('on_destroy', 'timeouts') },
  async create() {
    return { state: { id: 'thing-1' } };
  },
  async read({ state }) {
    return { state };
  },
  async update() {
    return { state: {} };
  },
  async delete({ prior }) {
    deleted = prior.on_destroy;
  },
});
const provider = defineProvider({ typeName: 'example', version: '0.0.0', schema: defineSchema({ attributes: {} }), configure: () => ({}), resources: [resource], dataSources: [] });

const dv = (v: CtyValue) => ({ msgpack: Buffer.from(encodeMsgpack(v, type)) });
const un = (d: { msgpack?: Buffer | Uint8Array } | undefined) => (d?.msgpack?.length ? decodeMsgpack(d.msgpack, type) : null) as Obj | null;
const cfg = (over: Partial<Obj> = {}): Obj => ({ id: null, name: 'a', on_destroy: null, timeouts: null, ...over });

let svc: ProviderService<unknown>;
beforeAll(async () => {
  svc = new ProviderService(
    provider as never,
    createLogger('test', 'error', () => undefined),
  );
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(provider.schema))) } });
});

async function plan(prior: Obj | null, config: Obj) {
  const res = await svc.planResourceChange({ type_name: 'example_thing', prior_state: dv(prior), proposed_new_state: dv(config), config: dv(config) });
  expect(res.diagnostics).toEqual([]);
  return un(res.planned_state) as Obj;
}

test('the protocol schema declares nested_type attributes (no blocks), with computed defaults inside', () => {
  const block = svc.getProviderSchema().resource_schemas.example_thing.block;
  expect(block.block_types).toEqual([]);
  const onDestroy = block.attributes.find((a) => a.name === 'on_destroy');
  expect(onDestroy).toMatchObject({ optional: true, computed: false, nested_type: { nesting: 'SINGLE' } });
  expect(onDestroy?.type.length).toBe(0);
  expect(onDestroy?.nested_type?.attributes.map((a) => [a.name, a.optional, a.computed])).toEqual([
    ['graceful', true, true],
    ['reset', true, true],
  ]);
  const timeouts = block.attributes.find((a) => a.name === 'timeouts');
  expect(timeouts?.nested_type?.attributes.map((a) => [a.name, a.optional, a.computed])).toEqual([
    ['create', true, false],
    ['delete', true, false],
  ]);
});

test('create: a set nested object gets its defaults; an unset one stays null', async () => {
  const set = await plan(null, cfg({ on_destroy: { reset: true, graceful: null } }));
  expect(set.on_destroy).toEqual({ reset: true, graceful: true });
  expect(isUnknown(set.id)).toBe(true);
  const unset = await plan(null, cfg());
  expect(unset.on_destroy).toBeNull();
  expect(unset.timeouts).toBeNull();
});

test('update: the same nested values are no change; a changed one is planned as configured', async () => {
  const prior: Obj = { id: 'thing-1', name: 'a', on_destroy: { reset: true, graceful: true }, timeouts: { create: '1m', delete: null } };
  const same = await plan(prior, cfg({ on_destroy: { reset: true, graceful: null }, timeouts: { create: '1m', delete: null } }));
  expect(same).toEqual(prior);
  const changed = await plan(prior, cfg({ on_destroy: { reset: true, graceful: false }, timeouts: null }));
  expect(changed).toEqual({ ...prior, on_destroy: { reset: true, graceful: false }, timeouts: null });
});

test('validators inside a nested attribute report its path', async () => {
  const res = await svc.validateResourceConfig({ type_name: 'example_thing', config: dv(cfg({ timeouts: { create: 'soon', delete: null } })) });
  expect(res.diagnostics).toEqual([
    expect.objectContaining({ severity: 'ERROR', summary: 'Invalid value for timeouts.create', attribute: { steps: [{ attribute_name: 'timeouts' }, { attribute_name: 'create' }] } }),
  ]);
});

test('apply hands the handler the nested object; destroy reads it from the prior state', async () => {
  const planned = await plan(null, cfg({ on_destroy: { reset: true, graceful: null } }));
  const applied = await svc.applyResourceChange({ type_name: 'example_thing', prior_state: dv(null), planned_state: dv(planned), config: dv(cfg({ on_destroy: { reset: true, graceful: null } })) });
  expect(applied.diagnostics).toEqual([]);
  const state = un((applied as { new_state?: { msgpack: Buffer } }).new_state) as Obj;
  expect(state).toEqual({ id: 'thing-1', name: 'a', on_destroy: { reset: true, graceful: true }, timeouts: null });
  await svc.applyResourceChange({ type_name: 'example_thing', prior_state: dv(state), planned_state: dv(null), config: dv(null) });
  expect(deleted).toEqual({ reset: true, graceful: true });
});

describe('state upgrade from schema version 0 (blocks)', () => {
  // The JSON Terraform 1.11.4 stored for single blocks under version 0 (object when written, null when absent).
  const v0 = { id: 'thing-1', name: 'a', on_destroy: { graceful: false, reset: true }, timeouts: { create: '1m', delete: null } };

  test('keeps the objects and nulls as they were', () => {
    const res = svc.upgradeResourceState({ type_name: 'example_thing', version: 0, raw_state: { json: Buffer.from(JSON.stringify(v0)) } });
    expect(res.diagnostics).toEqual([]);
    expect(un(res.upgraded_state)).toEqual(v0);
    const absent = svc.upgradeResourceState({ type_name: 'example_thing', version: 0, raw_state: { json: Buffer.from(JSON.stringify({ ...v0, on_destroy: null, timeouts: null })) } });
    expect(un(absent.upgraded_state)).toEqual({ ...v0, on_destroy: null, timeouts: null });
  });

  test('a block list where an object belongs is refused with the fix', () => {
    const res = svc.upgradeResourceState({ type_name: 'example_thing', version: 0, raw_state: { json: Buffer.from(JSON.stringify({ ...v0, timeouts: [{ create: '1m' }] })) } });
    expect(res.diagnostics[0].detail).toMatch(/timeouts of schema version 0 is not an object.*terraform state rm/);
  });
});
