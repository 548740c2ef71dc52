/**
 * `talos_image_factory_schematic` against the lab's Image Factory (POST /schematics with the
 * factory's semantics, on loopback), through the provider service as Terraform calls it: the ID
 * planned offline is what the factory answers, schematics beyond the offline form get theirs at
 * apply, refused schematics and misbehaving factories are clear errors, and the factory URL (with
 * any credentials in it) is used only for the server it names.
 */
import { createServer, type Server } from 'node:http';
import { decodeMsgpack, encodeMsgpack, isUnknown, type CtyValue } from '../../../../providers/runtime/cty';
import { createLogger } from '../../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../../providers/runtime/server/provider-service';
import { schematicId } from '../../../../providers/machinery/image-factory/schematic';
import { provider } from '../../../../providers/talos/provider';
import { startImageServer, type ImageServer } from '../../../lab/images/image-server';

jest.setTimeout(30_000);

type Obj = Record<string, CtyValue>;
const TYPE = 'talos_image_factory_schematic';
const handler = provider.resources.find((r) => r.name === 'image_factory_schematic');
if (!handler) throw new Error('talos_image_factory_schematic is not registered');
const type = schemaImpliedType(handler.schema);
const providerType = schemaImpliedType(provider.schema);
const dv = (v: CtyValue, t = type) => ({ msgpack: Buffer.from(encodeMsgpack(v, t)) });
const un = (d: { msgpack?: Buffer | Uint8Array | null } | undefined) => (d?.msgpack?.length ? decodeMsgpack(d.msgpack, type) : null) as Obj | null;

const QEMU = 'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n';

let factory: ImageServer;
let svc: ProviderService<unknown>;

async function service(imageFactoryUrl: string | null): Promise<ProviderService<unknown>> {
  const s = new ProviderService(
    provider as never,
    createLogger('test', 'error', () => undefined),
  );
  const res = await s.configureProvider({ terraform_version: '1.11.4', config: dv({ image_factory_url: imageFactoryUrl }, providerType) });
  expect(res.diagnostics).toEqual([]);
  return s;
}

/** A loopback server answering every request with `answer`, recording what it got. */
async function fakeServer(answer: (path: string) => { status: number; headers?: Record<string, string>; body: string }): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? '-'}`);
    const a = answer(req.url ?? '/');
    res.writeHead(a.status, a.headers ?? { 'Content-Type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const config = (over: Partial<Obj> = {}): Obj => ({ id: null, schematic: null, image_factory_url: null, ...over });

async function plan(s: ProviderService<unknown>, prior: Obj | null, cfg: Obj) {
  const res = await s.planResourceChange({ type_name: TYPE, prior_state: dv(prior), proposed_new_state: dv(cfg), config: dv(cfg) });
  expect(res.diagnostics).toEqual([]);
  return un(res.planned_state) as Obj;
}

async function apply(s: ProviderService<unknown>, prior: Obj | null, cfg: Obj) {
  const planned = await plan(s, prior, cfg);
  const res = await s.applyResourceChange({ type_name: TYPE, prior_state: dv(prior), planned_state: dv(planned), config: dv(cfg) });
  return { planned, state: un((res as { new_state?: { msgpack: Buffer } }).new_state), diagnostics: res.diagnostics };
}

beforeAll(async () => {
  factory = await startImageServer(1024);
  svc = await service(factory.url);
});

afterAll(async () => {
  await factory?.close();
});

test('the ID is known at plan from the offline computation, and the lab factory answers the same', async () => {
  const { planned, state, diagnostics } = await apply(svc, null, config({ schematic: QEMU }));
  expect(planned.id).toBe('ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515');
  expect(diagnostics).toEqual([]);
  expect(state?.id).toBe(planned.id);
  expect(factory.schematics.get(String(state?.id))).toContain('siderolabs/qemu-guest-agent');
  expect(factory.requests).toContain('POST /schematics');
});

test('registering again is idempotent; an unset schematic is the vanilla one', async () => {
  const before = factory.schematics.size;
  const again = await apply(svc, null, config({ schematic: QEMU }));
  expect(again.state?.id).toBe('ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515');
  expect(factory.schematics.size).toBe(before);
  const vanilla = await apply(svc, null, config());
  expect(vanilla.planned.id).toBe('376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba');
  expect(vanilla.state?.id).toBe(vanilla.planned.id);
});

test('a changed schematic is an in-place update to the new ID; an unchanged one is no change', async () => {
  const { state } = await apply(svc, null, config({ schematic: QEMU }));
  const same = await plan(svc, state, config({ schematic: QEMU }));
  expect(same).toEqual(state);
  const withArgs = `${QEMU}  extraKernelArgs:\n    - net.ifnames=0\n`;
  const updated = await svc.planResourceChange({ type_name: TYPE, prior_state: dv(state), proposed_new_state: dv(config({ schematic: withArgs })), config: dv(config({ schematic: withArgs })) });
  expect(updated.requires_replace ?? []).toEqual([]);
  expect(un(updated.planned_state)?.id).toBe(schematicId({ extraKernelArgs: ['net.ifnames=0'], officialExtensions: ['siderolabs/qemu-guest-agent'] }));
});

test('fields beyond the offline form: the ID is unknown at plan and the factory decides it', async () => {
  const text = 'overlay:\n  image: siderolabs/sbc-raspberrypi\n  name: rpi_generic\ncustomization:\n  meta:\n    - key: 12\n      value: "on"\n';
  const { planned, state, diagnostics } = await apply(svc, null, config({ schematic: text }));
  expect(isUnknown(planned.id)).toBe(true);
  expect(diagnostics).toEqual([]);
  expect(state?.id).toMatch(/^[0-9a-f]{64}$/);
  expect(factory.schematics.get(String(state?.id))).toContain('rpi_generic');
});

test('a schematic with an unknown field fails validation, naming the field, before anything is sent', async () => {
  const posts = factory.requests.length;
  const res = await svc.validateResourceConfig({ type_name: TYPE, config: dv(config({ schematic: 'customization:\n  extensions: [a/b]\n' })) });
  expect(res.diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', summary: 'Invalid value for schematic', detail: expect.stringContaining('unknown field customization.extensions') })]);
  expect(factory.requests.length).toBe(posts);
});

test('the factory refusing a schematic (400) is an error with its reason', async () => {
  // Valid to our reading, refused by the factory's stricter decoding (META keys are 0-255).
  const { diagnostics } = await apply(svc, null, config({ schematic: 'customization:\n  meta:\n    - key: 300\n      value: x\n' }));
  expect(diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', detail: expect.stringMatching(/refused the schematic \(400\).*customization\.meta\[0\]\.key/) })]);
});

test('a factory answering another ID than the offline computation is a clear error', async () => {
  const wrong = 'a'.repeat(64);
  const liar = await fakeServer(() => ({ status: 201, body: JSON.stringify({ id: wrong }) }));
  try {
    const { diagnostics, state } = await apply(svc, null, config({ schematic: QEMU, image_factory_url: liar.url }));
    expect(state).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', detail: expect.stringContaining(`answered schematic ID ${wrong}, but the schematic's canonical form hashes to ce4c980550dd`) }),
    ]);
  } finally {
    await liar.close();
  }
});

test('the resource URL overrides the provider one; its credentials go to that server only, redirects are not followed', async () => {
  const redirector = await fakeServer(() => ({ status: 307, headers: { Location: `${factory.url}/schematics` }, body: '' }));
  const posts = factory.requests.filter((r) => r.startsWith('POST')).length;
  try {
    const withCreds = redirector.url.replace('http://', 'http://user:s3cret@');
    const { diagnostics } = await apply(svc, null, config({ schematic: QEMU, image_factory_url: withCreds }));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', detail: expect.stringContaining('redirects are not followed') })]);
    expect(JSON.stringify(diagnostics)).not.toContain('s3cret');
    expect(redirector.seen).toEqual([`POST /schematics auth=Basic ${Buffer.from('user:s3cret').toString('base64')}`]);
    expect(factory.requests.filter((r) => r.startsWith('POST')).length).toBe(posts);
  } finally {
    await redirector.close();
  }
});

test('without image_factory_url anywhere the public factory is the default (the provider schema says so)', async () => {
  const s = await service(null);
  const planned = await plan(s, null, config({ schematic: QEMU }));
  expect(planned.image_factory_url).toBeNull();
  const block = s.getProviderSchema().provider.block;
  expect(block.attributes.find((a) => a.name === 'image_factory_url')?.description).toContain('https://factory.talos.dev');
});

describe('catalogue data sources', () => {
  async function read(name: string, cfg: Obj): Promise<{ state: Obj | null; detail: string }> {
    const h = provider.dataSources.find((d) => d.name === name);
    if (!h) throw new Error(`${name} is not registered`);
    const t = schemaImpliedType(h.schema);
    const res = await svc.readDataSource({ type_name: `talos_${name}`, config: { msgpack: Buffer.from(encodeMsgpack(cfg, t)) } });
    const state = res.state?.msgpack?.length ? (decodeMsgpack(res.state.msgpack, t) as Obj) : null;
    return { state, detail: res.diagnostics.map((d) => `${d.summary}: ${d.detail}`).join('\n') };
  }

  test('talos_image_factory_versions lists what the factory builds; stable_versions_only leaves pre-releases out', async () => {
    const all = await read('image_factory_versions', { id: null, filters: null, image_factory_url: null, talos_versions: null });
    expect(all.state?.talos_versions).toEqual(['v1.12.6', 'v1.13.0', 'v1.13.9', 'v1.14.0-beta.1']);
    const stable = await read('image_factory_versions', { id: null, filters: { stable_versions_only: true }, image_factory_url: null, talos_versions: null });
    expect(stable.state?.talos_versions).toEqual(['v1.12.6', 'v1.13.0', 'v1.13.9']);
  });

  test('talos_image_factory_extensions_versions filters by substring or exact name; an unknown version is an error', async () => {
    const cfg = (over: Partial<Obj>): Obj => ({ id: null, talos_version: 'v1.13.9', filters: null, exact_filters: null, image_factory_url: null, extensions_info: null, ...over });
    const all = await read('image_factory_extensions_versions', cfg({}));
    expect((all.state?.extensions_info as Obj[]).map((e) => e.name)).toEqual(['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent', 'siderolabs/util-linux-tools']);
    const some = await read('image_factory_extensions_versions', cfg({ filters: { names: ['qemu'] }, exact_filters: { names: ['siderolabs/iscsi-tools'] } }));
    expect(some.state?.extensions_info).toEqual([
      expect.objectContaining({ name: 'siderolabs/iscsi-tools', ref: expect.stringMatching(/^ghcr\.io\/siderolabs\/iscsi-tools:/), digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
      expect.objectContaining({ name: 'siderolabs/qemu-guest-agent' }),
    ]);
    const unknownVersion = await read('image_factory_extensions_versions', cfg({ talos_version: 'v0.1.0' }));
    expect(unknownVersion.detail).toMatch(/does not know Talos v0\.1\.0 \(404\).*talos_image_factory_versions lists them/);
  });
});
