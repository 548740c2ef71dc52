/**
 * Ephemeral resources in the runtime: the protocol messages carry the field numbers of the
 * protocol facts, GetMetadata/GetProviderSchema announce them, Validate/Open/Renew/Close reach
 * the handler with decoded values, results merge with the configuration, and failures become
 * diagnostics. The last test drives the RPCs over gRPC on a real (plaintext) provider server.
 */
import * as os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import { decodeMsgpack, encodeMsgpack, unknown } from '../../../providers/runtime/cty';
import { attr, defineEphemeralResource, defineProvider, defineSchema, DiagnosticsError, error } from '../../../providers/runtime';
import { createLogger } from '../../../providers/runtime/logging';
import { pluginProtocolRoot, pluginProtocolServices } from '../../../providers/runtime/proto/load';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../providers/runtime/server/provider-service';
import { startProvider } from '../../../providers/runtime/server/serve';

const schema = defineSchema({
  attributes: {
    name: attr.string({ mode: 'required' }),
    fail: attr.bool({ mode: 'optional' }),
    value: attr.string({ mode: 'computed', sensitive: true }),
  },
});
const type = schemaImpliedType(schema);

const calls: string[] = [];
const lease = defineEphemeralResource({
  name: 'lease',
  schema,
  validate: (config) => (config.name === 'bad' ? [error('name must not be "bad"', undefined, [{ attr: 'name' }])] : undefined),
  open: ({ config, ctx }) => {
    calls.push(`open ${config.name}`);
    if (config.fail) throw new DiagnosticsError([error(`cannot open ${config.name}`, 'Fix: do not fail')]);
    ctx.warn('opened with a warning');
    return { result: { value: `secret-of-${config.name}` }, private: { lease: config.name }, renewAt: new Date(Date.UTC(2030, 0, 1, 0, 0, 1, 500)) };
  },
  renew: async ({ private: p }) => {
    calls.push(`renew ${String(p.lease)}`);
    return { private: { lease: p.lease, renewed: true }, renewAt: new Date(Date.UTC(2030, 0, 1, 0, 1)) };
  },
  close: async ({ private: p }) => {
    calls.push(`close ${String(p.lease)}`);
  },
});
const def = defineProvider({ typeName: 'demo', version: '0.0.1', schema: defineSchema({ attributes: {} }), configure: () => ({}), resources: [], dataSources: [], ephemeralResources: [lease] });
const log = createLogger('test', 'error', () => undefined);

const dv = (value: Record<string, unknown>) => ({ msgpack: Buffer.from(encodeMsgpack(value as never, type)) });

async function configured(): Promise<ProviderService<unknown>> {
  const svc = new ProviderService(def, log);
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(def.schema))) } });
  return svc;
}

beforeEach(() => {
  calls.length = 0;
});

test('the proto declares the ephemeral RPCs and fields with the protocol field numbers', () => {
  const root = pluginProtocolRoot();
  const field = (message: string, name: string) => (root.lookupType(`tfplugin6.${message}`).fields[name] as protobuf.Field).id;
  expect(field('GetMetadata.Response', 'ephemeral_resources')).toBe(6);
  expect(field('GetProviderSchema.Response', 'ephemeral_resource_schemas')).toBe(8);
  expect([
    field('ValidateEphemeralResourceConfig.Request', 'type_name'),
    field('ValidateEphemeralResourceConfig.Request', 'config'),
    field('ValidateEphemeralResourceConfig.Response', 'diagnostics'),
  ]).toEqual([1, 2, 1]);
  expect(['type_name', 'config', 'client_capabilities'].map((f) => field('OpenEphemeralResource.Request', f))).toEqual([1, 2, 3]);
  expect(['diagnostics', 'renew_at', 'result', 'private', 'deferred'].map((f) => field('OpenEphemeralResource.Response', f))).toEqual([1, 2, 3, 4, 5]);
  expect(['type_name', 'private'].map((f) => field('RenewEphemeralResource.Request', f))).toEqual([1, 2]);
  expect(['diagnostics', 'renew_at', 'private'].map((f) => field('RenewEphemeralResource.Response', f))).toEqual([1, 2, 3]);
  expect(['type_name', 'private'].map((f) => field('CloseEphemeralResource.Request', f))).toEqual([1, 2]);
  expect(field('CloseEphemeralResource.Response', 'diagnostics')).toBe(1);
  // Wire-compatible with google.protobuf.Timestamp.
  expect([field('Timestamp', 'seconds'), field('Timestamp', 'nanos')]).toEqual([1, 2]);
  const service = root.lookupService('tfplugin6.Provider');
  for (const rpc of ['ValidateEphemeralResourceConfig', 'OpenEphemeralResource', 'RenewEphemeralResource', 'CloseEphemeralResource']) expect(service.methods[rpc]).toBeDefined();
});

test('metadata and schema announce the ephemeral resource; a duplicate name is refused', () => {
  const svc = new ProviderService(def, log);
  expect(svc.getMetadata().ephemeral_resources).toEqual([{ type_name: 'demo_lease' }]);
  const s = svc.getProviderSchema().ephemeral_resource_schemas.demo_lease;
  expect(s.block.attributes.map((a) => [a.name, a.required, a.optional, a.computed, a.sensitive])).toEqual([
    ['fail', false, true, false, false],
    ['name', true, false, false, false],
    ['value', false, false, true, true],
  ]);
  expect(() => new ProviderService({ ...def, ephemeralResources: [lease, lease] }, log)).toThrow('ephemeral resource demo_lease is declared twice');
});

test('validate runs attribute rules and the handler hook', async () => {
  const svc = await configured();
  expect(svc.validateEphemeralResourceConfig({ type_name: 'demo_lease', config: dv({ name: 'ok', fail: null, value: null }) }).diagnostics).toEqual([]);
  const diags = svc.validateEphemeralResourceConfig({ type_name: 'demo_lease', config: dv({ name: 'bad', fail: null, value: null }) }).diagnostics;
  expect(diags).toEqual([{ severity: 'ERROR', summary: 'name must not be "bad"', detail: '', attribute: { steps: [{ attribute_name: 'name' }] } }]);
});

test('open returns configuration plus computed values, private data and the renewal time', async () => {
  const svc = await configured();
  const res = await svc.openEphemeralResource({ type_name: 'demo_lease', config: dv({ name: 'a', fail: null, value: null }) });
  expect(decodeMsgpack((res as { result: { msgpack: Buffer } }).result.msgpack, type)).toEqual({ name: 'a', fail: null, value: 'secret-of-a' });
  expect(JSON.parse(Buffer.from((res as { private: Buffer }).private).toString())).toEqual({ lease: 'a' });
  expect((res as { renew_at: unknown }).renew_at).toEqual({ seconds: String(Date.UTC(2030, 0, 1, 0, 0, 1) / 1000), nanos: 500_000_000 });
  expect(res.diagnostics).toEqual([{ severity: 'WARNING', summary: 'demo_lease: opened with a warning', detail: '' }]);
});

test('open with an unknown configuration answers unknown computed values without calling the handler', async () => {
  const svc = await configured();
  const res = await svc.openEphemeralResource({ type_name: 'demo_lease', config: dv({ name: unknown(), fail: null, value: null }) });
  const result = decodeMsgpack((res as { result: { msgpack: Buffer } }).result.msgpack, type) as Record<string, unknown>;
  expect(result.fail).toBeNull();
  expect(calls).toEqual([]);
  expect(JSON.stringify(Object.keys(result).sort())).toBe('["fail","name","value"]');
  expect(typeof result.value === 'object' && result.value !== null).toBe(true);
});

test('a failing open is a diagnostic, never a result; an unconfigured provider is an error too', async () => {
  const svc = await configured();
  const res = await svc.openEphemeralResource({ type_name: 'demo_lease', config: dv({ name: 'x', fail: true, value: null }) });
  expect(res).toEqual({ diagnostics: [{ severity: 'ERROR', summary: 'cannot open x', detail: 'Fix: do not fail' }] });
  const fresh = new ProviderService(def, log);
  const early = await fresh.openEphemeralResource({ type_name: 'demo_lease', config: dv({ name: 'x', fail: null, value: null }) });
  expect(early.diagnostics[0]).toMatchObject({ severity: 'ERROR', detail: expect.stringContaining('not configured') });
});

test('renew and close receive the private data open returned', async () => {
  const svc = await configured();
  const renewed = await svc.renewEphemeralResource({ type_name: 'demo_lease', private: Buffer.from(JSON.stringify({ lease: 'a' })) });
  expect(JSON.parse(Buffer.from((renewed as { private: Buffer }).private).toString())).toEqual({ lease: 'a', renewed: true });
  expect((renewed as { renew_at: { seconds: string } }).renew_at.seconds).toBe(String(Date.UTC(2030, 0, 1, 0, 1) / 1000));
  expect((await svc.closeEphemeralResource({ type_name: 'demo_lease', private: Buffer.from(JSON.stringify({ lease: 'a' })) })).diagnostics).toEqual([]);
  expect(calls).toEqual(['renew a', 'close a']);
});

test('a resource without renew reports an error when asked to renew; close without a hook is fine', async () => {
  const plain = defineEphemeralResource({ name: 'plain', schema, open: () => ({ result: { value: 'v' } }) });
  const svc = new ProviderService({ ...def, ephemeralResources: [plain] }, log);
  await svc.configureProvider({ config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(def.schema))) } });
  expect((await svc.renewEphemeralResource({ type_name: 'demo_plain' })).diagnostics[0]).toMatchObject({ severity: 'ERROR', detail: expect.stringContaining('cannot be renewed') });
  expect((await svc.closeEphemeralResource({ type_name: 'demo_plain' })).diagnostics).toEqual([]);
});

test('over gRPC: Validate, Open, Renew and Close on a running provider server', async () => {
  const running = await startProvider(def, { env: { PLUGIN_UNIX_SOCKET_DIR: os.tmpdir() }, log, tls: false, onShutdown: () => undefined });
  const pkg = grpc.loadPackageDefinition(pluginProtocolServices()) as unknown as { tfplugin6: { Provider: grpc.ServiceClientConstructor } };
  const client = new pkg.tfplugin6.Provider(`unix://${running.socketPath}`, grpc.credentials.createInsecure()) as unknown as Record<
    string,
    (req: unknown, cb: (err: Error | null, res: Record<string, unknown>) => void) => void
  >;
  const call = (rpc: string, req: unknown) => new Promise<Record<string, unknown>>((resolve, reject) => client[rpc].call(client, req, (err, res) => (err ? reject(err) : resolve(res))));
  try {
    const meta = await call('GetMetadata', {});
    expect(meta.ephemeral_resources).toEqual([{ type_name: 'demo_lease' }]);
    expect(Object.keys((await call('GetProviderSchema', {})).ephemeral_resource_schemas as object)).toEqual(['demo_lease']);
    await call('ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(def.schema))) } });
    expect((await call('ValidateEphemeralResourceConfig', { type_name: 'demo_lease', config: dv({ name: 'g', fail: null, value: null }) })).diagnostics).toEqual([]);
    const opened = await call('OpenEphemeralResource', { type_name: 'demo_lease', config: dv({ name: 'g', fail: null, value: null }) });
    expect(decodeMsgpack((opened.result as { msgpack: Buffer }).msgpack, type)).toEqual({ name: 'g', fail: null, value: 'secret-of-g' });
    expect(opened.renew_at).toEqual({ seconds: String(Date.UTC(2030, 0, 1, 0, 0, 1) / 1000), nanos: 500_000_000 });
    const renewed = await call('RenewEphemeralResource', { type_name: 'demo_lease', private: opened.private });
    expect(JSON.parse(Buffer.from(renewed.private as Buffer).toString())).toEqual({ lease: 'g', renewed: true });
    expect((await call('CloseEphemeralResource', { type_name: 'demo_lease', private: renewed.private })).diagnostics).toEqual([]);
    expect(calls).toEqual(['open g', 'renew g', 'close g']);
  } finally {
    (client as unknown as grpc.Client).close();
    await running.close();
  }
});
