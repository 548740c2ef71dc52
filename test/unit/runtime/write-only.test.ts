/**
 * Write-only attributes in the runtime: the schema flag reaches the protocol schema, invalid
 * declarations fail at start, the value reaches the handler's plan and apply through the
 * configuration while planned and new state hold null, and an engine without write-only support
 * gets a diagnostic naming the attribute and the fix instead of silently storing the value.
 */
import { createHash } from 'node:crypto';
import { decodeMsgpack, encodeMsgpack, unknown, type CtyValue } from '../../../providers/runtime/cty';
import { attr, block, defineProvider, defineResource, defineSchema, type Model } from '../../../providers/runtime';
import { createLogger } from '../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';
import { schemaToProto } from '../../../providers/runtime/schema/to-proto';
import { ProviderService } from '../../../providers/runtime/server/provider-service';
import { defineDataSource, defineEphemeralResource } from '../../../providers/runtime/handler';

const schema = defineSchema({
  attributes: {
    name: attr.string({ mode: 'required' }),
    secret: attr.string({ mode: 'optional', sensitive: true }),
    secret_wo: attr.string({ mode: 'optional', sensitive: true, writeOnly: true }),
    secret_hash: attr.string({ mode: 'computed' }),
  },
  blocks: {
    extra: block.single({ attributes: { token_wo: attr.string({ mode: 'optional', writeOnly: true }) } }),
  },
});
type State = Model<typeof schema>;
const type = schemaImpliedType(schema);

const seen: { plan: unknown[]; create: unknown[]; update: unknown[] } = { plan: [], create: [], update: [] };
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

const thing = defineResource<typeof schema, unknown>({
  name: 'thing',
  schema,
  plan({ config }) {
    seen.plan.push(config.secret_wo);
    const value = (config.secret_wo ?? config.secret) as string | null;
    return { computed: { secret_hash: value === null ? null : hash(value) } };
  },
  async create({ planned, config }) {
    seen.create.push({ planned: planned.secret_wo, config: config.secret_wo, token: config.extra?.token_wo ?? null });
    return { state: {} };
  },
  async read({ state }) {
    // A handler echoing a write-only value must not get it into state.
    return { state: { ...state, secret_wo: 'leaked' } as Partial<State> };
  },
  async update({ config }) {
    seen.update.push(config.secret_wo);
    return { state: {} };
  },
  async delete() {},
});

const def = defineProvider({ typeName: 'demo', version: '0.0.1', schema: defineSchema({ attributes: {} }), configure: () => ({}), resources: [thing], dataSources: [] });
const log = createLogger('test', 'error', () => undefined);

const dv = (value: Record<string, CtyValue> | null) => ({ msgpack: Buffer.from(encodeMsgpack(value as never, type)) });
const decode = (m: { msgpack?: Uint8Array | null } | undefined) => decodeMsgpack(m!.msgpack!, type) as Record<string, CtyValue>;
const obj = (over: Record<string, CtyValue>): Record<string, CtyValue> => ({ name: 'a', secret: null, secret_wo: null, secret_hash: null, extra: null, ...over });

async function configured(): Promise<ProviderService<unknown>> {
  const svc = new ProviderService(def, log);
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(def.schema))) } });
  return svc;
}

beforeEach(() => {
  seen.plan = [];
  seen.create = [];
  seen.update = [];
});

describe('schema', () => {
  test('write_only reaches the protocol schema, and only for write-only attributes', () => {
    const proto = schemaToProto('demo_thing', schema);
    const flags = Object.fromEntries(proto.block.attributes.map((a) => [a.name, a.write_only]));
    expect(flags).toEqual({ name: false, secret: false, secret_hash: false, secret_wo: true });
    expect(proto.block.block_types[0].block.attributes[0]).toMatchObject({ name: 'token_wo', write_only: true, optional: true, computed: false });
  });

  test('a write-only attribute cannot be computed or take a default', () => {
    const bad = defineSchema({ attributes: { x: attr.string({ mode: 'optional', default: 'd', writeOnly: true }) } });
    expect(() => schemaToProto('demo_bad', bad)).toThrow('demo_bad.x: a write-only attribute is never stored, so it cannot be computed or take a default');
  });

  test('a write-only attribute inside a set block fails at start', () => {
    const bad = defineSchema({ attributes: {}, blocks: { items: block.set({ attributes: { x: attr.string({ mode: 'optional', writeOnly: true }) } }) } });
    expect(() => schemaToProto('demo_bad', bad)).toThrow('demo_bad.items.x: write-only attributes are allowed only in managed resources, outside set blocks');
  });

  test('data sources, ephemeral resources and providers cannot declare write-only attributes', () => {
    const ws = defineSchema({ attributes: { x: attr.string({ mode: 'optional', writeOnly: true }) } });
    const base = { typeName: 'demo', version: '0.0.1', schema: defineSchema({ attributes: {} }), configure: () => ({}), resources: [], dataSources: [] };
    const ds = defineDataSource({ name: 'd', schema: ws, read: async ({ config }) => config });
    const eph = defineEphemeralResource({ name: 'e', schema: ws, open: () => ({ result: {} }) });
    expect(() => new ProviderService(defineProvider({ ...base, dataSources: [ds] }), log)).toThrow('data source demo_d.x: write-only attributes are allowed only in managed resources');
    expect(() => new ProviderService(defineProvider({ ...base, ephemeralResources: [eph] }), log)).toThrow('ephemeral resource demo_e.x');
    expect(() => new ProviderService(defineProvider({ ...base, schema: ws }), log)).toThrow('provider demo.x');
  });
});

describe('validation by client capability', () => {
  test('an engine that allows write-only attributes gets no diagnostic', async () => {
    const svc = await configured();
    const res = svc.validateResourceConfig({ type_name: 'demo_thing', config: dv(obj({ secret_wo: 's' })), client_capabilities: { write_only_attributes_allowed: true } });
    expect(res.diagnostics).toEqual([]);
  });

  test('an engine without the capability is refused, naming the attribute and the stored alternative', async () => {
    const svc = await configured();
    const res = svc.validateResourceConfig({ type_name: 'demo_thing', config: dv(obj({ secret_wo: 's', extra: { token_wo: unknown() } })), client_capabilities: null });
    expect(res.diagnostics).toHaveLength(2);
    expect(res.diagnostics[0]).toMatchObject({
      severity: 'ERROR',
      summary: 'demo_thing: secret_wo is write-only, and this Terraform does not support write-only attributes',
      attribute: { steps: [{ attribute_name: 'secret_wo' }] },
    });
    expect(res.diagnostics[0].detail).toContain('Terraform >= 1.11');
    expect(res.diagnostics[0].detail).toContain('set secret instead');
    // An unknown value counts as set; a nested one has no stored alternative to suggest.
    expect(res.diagnostics[1]).toMatchObject({ summary: 'demo_thing: extra.token_wo is write-only, and this Terraform does not support write-only attributes' });
    expect(res.diagnostics[1].detail).toMatch(/Upgrade the engine\.$/);
  });

  test('without write-only values, an old engine is fine', async () => {
    const svc = await configured();
    expect(svc.validateResourceConfig({ type_name: 'demo_thing', config: dv(obj({ secret: 's' })) }).diagnostics).toEqual([]);
  });
});

describe('plan, apply, read', () => {
  test('the plan hook sees the value; the planned state holds null and the derived hash', async () => {
    const svc = await configured();
    const res = await svc.planResourceChange({
      type_name: 'demo_thing',
      prior_state: dv(null),
      proposed_new_state: dv(obj({ secret_wo: 'sw' })),
      config: dv(obj({ secret_wo: 'sw', extra: { token_wo: 't' } })),
    });
    expect(res.diagnostics).toEqual([]);
    const planned = decode(res.planned_state);
    expect(planned.secret_wo).toBeNull();
    expect(planned.extra).toEqual({ token_wo: null });
    expect(planned.secret_hash).toBe(hash('sw'));
    expect(seen.plan).toEqual(['sw']);
  });

  test('a changed write-only value plans an update through its hash; an unchanged one plans nothing', async () => {
    const svc = await configured();
    const prior = obj({ secret_hash: hash('old') });
    const changed = await svc.planResourceChange({ type_name: 'demo_thing', prior_state: dv(prior), proposed_new_state: dv(prior), config: dv(obj({ secret_wo: 'new' })) });
    expect(decode(changed.planned_state)).toEqual(obj({ secret_hash: hash('new') }));
    const same = await svc.planResourceChange({ type_name: 'demo_thing', prior_state: dv(prior), proposed_new_state: dv(prior), config: dv(obj({ secret_wo: 'old' })) });
    expect(decode(same.planned_state)).toEqual(prior);
    expect(same.requires_replace).toEqual([]);
  });

  test('apply hands the handler the configuration value and stores null', async () => {
    const svc = await configured();
    const planned = obj({ secret_hash: hash('sw'), extra: { token_wo: null } });
    const res = await svc.applyResourceChange({ type_name: 'demo_thing', prior_state: dv(null), planned_state: dv(planned), config: dv(obj({ secret_wo: 'sw', extra: { token_wo: 't' } })) });
    expect(res.diagnostics).toEqual([]);
    expect(seen.create).toEqual([{ planned: null, config: 'sw', token: 't' }]);
    const state = decode(res.new_state);
    expect(state.secret_wo).toBeNull();
    expect(state.extra).toEqual({ token_wo: null });
    expect(Buffer.from(res.new_state!.msgpack!).includes('sw')).toBe(false);
  });

  test('read never returns a write-only value, whatever the handler says', async () => {
    const svc = await configured();
    const res = await svc.readResource({ type_name: 'demo_thing', current_state: dv(obj({ secret_hash: hash('x') })) });
    expect(res.diagnostics).toEqual([]);
    expect(decode(res.new_state).secret_wo).toBeNull();
  });

  test('a state upgrade never carries a write-only value on (a state an older engine stored)', async () => {
    const svc = await configured();
    const stored = { ...obj({ secret_hash: hash('old') }), secret_wo: 'old', extra: { token_wo: 'old-token' } };
    const res = svc.upgradeResourceState({ type_name: 'demo_thing', version: 0, raw_state: { json: Buffer.from(JSON.stringify(stored)) } });
    expect(res.diagnostics).toEqual([]);
    const state = decode(res.upgraded_state);
    expect({ secret_wo: state.secret_wo, extra: state.extra, secret_hash: state.secret_hash }).toEqual({ secret_wo: null, extra: { token_wo: null }, secret_hash: hash('old') });
  });
});
