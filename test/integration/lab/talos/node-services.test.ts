/**
 * The Talos calls the Cluster API providers and Talos clients make beyond bring-up, over real
 * gRPC/TLS against the node simulator: List (CACPPT's bootstrap check, with `nodes` fan-out),
 * StorageService/Disks (maintenance probe), Memory, and etcd membership: EtcdMemberList,
 * EtcdStatus, EtcdForfeitLeadership, EtcdLeaveCluster, EtcdRemoveMemberByID (quorum and last
 * member refused), plus configs carrying the deprecated machine.network section.
 */
import * as grpc from '@grpc/grpc-js';
import { issueAdminClientCertificate } from '../../../../providers/machinery/clientconfig/admin-certificate';
import { maintenanceChannelCredentials, mtlsChannelCredentials } from '../../../../providers/talos/api/credentials';
import { talosPackageDefinition, talosProtoRoot } from '../../../../providers/talos/api/proto/load';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import type { SecretsBundle } from '../../../../providers/machinery/secrets/bundle';
import { TalosSimulator } from '../../../lab/talos/simulator';
import { controlPlaneConfig, workerConfig } from './support/machine-configs';

jest.setTimeout(60_000);

const CP1 = '127.0.53.1';
const CP2 = '127.0.53.2';
const CP3 = '127.0.53.3';
const W1 = '127.0.53.4';
const ENDPOINT = 'https://127.0.53.100:6443';
const GIB = 1024 ** 3;

type Obj = Record<string, unknown>;
type Unary = (req: Obj, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res: Obj) => void) => void;
type Streaming = (req: Obj, md: grpc.Metadata) => grpc.ClientReadableStream<Obj>;

let sim: TalosSimulator;
let bundle: SecretsBundle;
let admin: { crt: string; key: string };
let reader: { crt: string; key: string };
const clients: grpc.Client[] = [];

const pkg = grpc.loadPackageDefinition(talosPackageDefinition()) as unknown as {
  machine: { MachineService: grpc.ServiceClientConstructor };
  storage: { StorageService: grpc.ServiceClientConstructor };
  cosi: { resource: { State: grpc.ServiceClientConstructor } };
};

function client(service: 'machine' | 'storage', address: string, cert?: { crt: string; key: string }): grpc.Client {
  const creds = cert ? mtlsChannelCredentials({ caPem: bundle.certs.os.crt, certPem: cert.crt, keyPem: cert.key }) : maintenanceChannelCredentials();
  const ctor = service === 'machine' ? pkg.machine.MachineService : pkg.storage.StorageService;
  const c = new ctor(`${address}:50000`, creds);
  clients.push(c);
  return c;
}

function metadata(routing: { node?: string; nodes?: string[] } = {}): grpc.Metadata {
  const md = new grpc.Metadata();
  if (routing.node) md.set('node', routing.node);
  for (const n of routing.nodes ?? []) md.add('nodes', n);
  return md;
}

function unary(c: grpc.Client, method: string, req: Obj = {}, routing: { node?: string; nodes?: string[] } = {}): Promise<Obj[]> {
  const fn = (c as unknown as Record<string, Unary>)[method].bind(c);
  return new Promise((resolve, reject) => fn(req, metadata(routing), (err, res) => (err ? reject(err) : resolve(res.messages as Obj[]))));
}

function stream(c: grpc.Client, method: string, req: Obj, routing: { node?: string; nodes?: string[] } = {}): Promise<Obj[]> {
  const call = (c as unknown as Record<string, Streaming>)[method].bind(c)(req, metadata(routing));
  const items: Obj[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (m: Obj) => items.push(m));
    call.on('error', reject);
    call.on('end', () => resolve(items));
  });
}

async function failure(p: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('expected the call to fail');
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (ok(v)) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`condition not reached in time; last: ${JSON.stringify(last instanceof Error ? last.message : last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const members = async (address: string): Promise<Obj[]> => (await unary(client('machine', address, admin), 'EtcdMemberList', {}))[0].members as Obj[];
const etcdService = async (address: string): Promise<Obj> => {
  const [list] = await unary(client('machine', address, admin), 'ServiceList');
  return (list.services as Obj[]).find((s) => s.id === 'etcd') as Obj;
};
const memberOf = async (address: string): Promise<string> => {
  const [s] = await unary(client('machine', address, admin), 'EtcdStatus');
  return (s.member_status as Obj).member_id as string;
};

beforeAll(async () => {
  bundle = await generateSecretsBundle();
  [admin, reader] = await Promise.all([issueAdminClientCertificate(bundle), issueAdminClientCertificate(bundle, { roles: ['os:reader'] })]);
  sim = await TalosSimulator.start({
    nodes: [CP1, CP2, CP3, W1],
    delays: { installMs: 100, rebootMs: 200, bootMs: 100, bootstrapReadyMs: 300, teardownGraceMs: 30 },
    hardware: { [CP1]: { diskBytes: 50 * GIB, memoryBytes: 6 * GIB } },
  });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe('maintenance mode', () => {
  it('answers the insecure Disks probe with the VM disk, and Memory with the VM memory', async () => {
    const [disks] = await unary(client('storage', CP1), 'Disks');
    expect(disks.disks).toEqual([expect.objectContaining({ device_name: '/dev/sda', size: String(50 * GIB), system_disk: false, type: 'HDD' })]);
    const [other] = await unary(client('storage', CP2), 'Disks');
    expect((other.disks as Obj[])[0].size).toBe(String(32 * GIB));
    const [mem] = await unary(client('machine', CP1), 'Memory');
    expect((mem.meminfo as Obj).memtotal).toBe(String((6 * GIB) / 1024));
  });

  it('lists the state directory but no etcd data, and fails for a missing root', async () => {
    const files = await stream(client('machine', CP1), 'List', { root: '/system/state' });
    expect(files.map((f) => f.name)).toEqual(['/system/state']);
    const err = await failure(stream(client('machine', CP1), 'List', { root: '/var/lib/etcd/member' }));
    expect(err.details).toBe('lstat /var/lib/etcd/member: no such file or directory');
  });

  it('refuses the deprecated machine.network section only where Talos does', async () => {
    const vipOnWorker = workerConfig(bundle, { endpoint: ENDPOINT, extraMachine: { network: { interfaces: [{ interface: 'eth0', dhcp: true, vip: { ip: '10.0.0.10' } }] } } });
    const err = await failure(unary(client('machine', W1), 'ApplyConfiguration', { data: Buffer.from(vipOnWorker), mode: 'AUTO' }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toContain('virtual (shared) IP is not allowed on non-controlplane nodes');
  });
});

describe('a three-node control plane', () => {
  beforeAll(async () => {
    const network = {
      interfaces: [{ interface: 'eth0', dhcp: false, addresses: ['10.0.0.11/24'], routes: [{ network: '0.0.0.0/0', gateway: '10.0.0.1' }], vip: { ip: '10.0.0.10' } }],
      nameservers: ['10.0.0.1'],
    };
    for (const [address, cfg] of [
      [CP1, controlPlaneConfig(bundle, { endpoint: ENDPOINT, extraMachine: { network } })],
      [CP2, controlPlaneConfig(bundle, { endpoint: ENDPOINT })],
      [CP3, controlPlaneConfig(bundle, { endpoint: ENDPOINT })],
      [W1, workerConfig(bundle, { endpoint: ENDPOINT, extraMachine: { network: { interfaces: [{ interface: 'eth0', dhcp: true }] } } })],
    ] as const) {
      await unary(client('machine', address), 'ApplyConfiguration', { data: Buffer.from(cfg), mode: 'REBOOT' });
    }
    for (const address of [CP1, CP2, CP3, W1])
      await eventually(
        () => unary(client('machine', address, admin), 'Version'),
        () => true,
      );
  });

  it("answers CACPPT's bootstrap check (List /var/lib/etcd/member over `nodes`) with errors until etcd has data", async () => {
    const c = client('machine', CP1, admin);
    const before = await stream(c, 'List', { root: '/var/lib/etcd/member' }, { nodes: [CP1, CP2, CP3] });
    expect(before).toHaveLength(3);
    for (const item of before) expect((item.metadata as Obj).error).toBe('lstat /var/lib/etcd/member: no such file or directory');
    expect(before.map((i) => (i.metadata as Obj).hostname).sort()).toEqual([CP1, CP2, CP3]);

    await eventually(
      () => unary(c, 'Bootstrap', {}, { node: CP1 }),
      () => true,
    );
    const after = await eventually(
      () => stream(c, 'List', { root: '/var/lib/etcd/member' }, { nodes: [CP1, CP2, CP3] }),
      (items) => items.filter((i) => (i.metadata as Obj).error === '' && i.relative_name === '.').length === 3,
    );
    expect(after.find((i) => (i.metadata as Obj).hostname === CP1)).toMatchObject({ name: '/var/lib/etcd/member', is_dir: true });
    const worker = await stream(c, 'List', { root: '/var/lib/etcd/member' }, { nodes: [W1] });
    expect((worker[0].metadata as Obj).error).toBe('lstat /var/lib/etcd/member: no such file or directory');
  });

  it('reports the same three members, one leader, and a running healthy etcd on every control plane', async () => {
    const list = await eventually(
      () => members(CP2),
      (m) => m.length === 3,
    );
    const ids = await Promise.all([CP1, CP2, CP3].map(memberOf));
    expect(new Set(ids).size).toBe(3);
    expect(list.map((m) => m.id).sort()).toEqual([...ids].sort());
    const statuses = await Promise.all([CP1, CP2, CP3].map(async (a) => (await unary(client('machine', a, admin), 'EtcdStatus'))[0].member_status as Obj));
    expect(new Set(statuses.map((s) => s.leader)).size).toBe(1);
    expect(ids).toContain(statuses[0].leader);
    for (const a of [CP1, CP2, CP3]) expect(await etcdService(a)).toMatchObject({ state: 'Running', health: expect.objectContaining({ healthy: true }) });
    const [mem] = await unary(client('machine', CP1, admin), 'Memory');
    expect((mem.meminfo as Obj).memtotal).toBe(String((6 * GIB) / 1024));
    const [disks] = await unary(client('storage', CP1, admin), 'Disks');
    expect((disks.disks as Obj[])[0]).toMatchObject({ system_disk: true });
  });

  it('limits etcd calls to control planes and membership changes to admins', async () => {
    const worker = await failure(unary(client('machine', W1, admin), 'EtcdStatus'));
    expect([worker.code, worker.details]).toEqual([grpc.status.UNIMPLEMENTED, 'etcd status is only available on control plane nodes']);
    const denied = await failure(unary(client('machine', CP1, reader), 'EtcdRemoveMemberByID', { member_id: await memberOf(CP2) }));
    expect([denied.code, denied.details]).toEqual([grpc.status.PERMISSION_DENIED, 'not authorized']);
    const unknown = await failure(unary(client('machine', CP1, admin), 'EtcdRemoveMemberByID', { member_id: '12345' }));
    expect([unknown.code, unknown.details]).toEqual([grpc.status.NOT_FOUND, 'failed to remove member 12345: etcdserver: member not found']);
  });

  it('moves leadership away from the leader that forfeits it', async () => {
    const leaderId = ((await unary(client('machine', CP1, admin), 'EtcdStatus'))[0].member_status as Obj).leader as string;
    const addresses = [CP1, CP2, CP3];
    const ids = await Promise.all(addresses.map(memberOf));
    const leader = addresses[ids.indexOf(leaderId)];
    const [res] = await unary(client('machine', leader, admin), 'EtcdForfeitLeadership');
    const newLeaderId = ((await unary(client('machine', leader, admin), 'EtcdStatus'))[0].member_status as Obj).leader;
    expect(newLeaderId).not.toBe(leaderId);
    expect(res.member).toBe((await members(CP1)).find((m) => m.id === newLeaderId)?.hostname);
  });

  it('refuses a removal that would leave fewer started members than quorum', async () => {
    await sim.node(CP2).shutdown();
    const err = await failure(unary(client('machine', CP1, admin), 'EtcdRemoveMemberByID', { member_id: await memberOf(CP3) }));
    expect(err.details).toBe(`failed to remove member: failed to remove member ${await memberOf(CP3)}: etcdserver: re-configuration failed due to not enough started members`);
    expect(await members(CP1)).toHaveLength(3);
    await sim.node(CP2).powerOn();
    await eventually(
      () => etcdService(CP2),
      (s) => s.state === 'Running',
    );
  });

  it('lets a member leave (data wiped, service finished) and removes another by ID', async () => {
    const cp3 = await memberOf(CP3);
    await unary(client('machine', CP3, admin), 'EtcdLeaveCluster');
    const two = await members(CP1);
    expect(two.map((m) => m.id)).not.toContain(cp3);
    expect(two).toHaveLength(2);
    expect(await etcdService(CP3)).toMatchObject({ state: 'Finished' });
    await failure(stream(client('machine', CP3, admin), 'List', { root: '/var/lib/etcd/member' }));
    expect((await failure(unary(client('machine', CP3, admin), 'EtcdStatus'))).details).toContain('failed to query etcd status');

    const cp2 = await memberOf(CP2);
    await unary(client('machine', CP1, admin), 'EtcdRemoveMemberByID', { member_id: cp2 });
    expect((await members(CP1)).map((m) => m.id)).toEqual([await memberOf(CP1)]);
    expect(await etcdService(CP2)).toMatchObject({ state: 'Failed' });
  });

  it('never removes the last member, by ID, by leaving, or by a graceful reset', async () => {
    const last = await memberOf(CP1);
    const byId = await failure(unary(client('machine', CP1, admin), 'EtcdRemoveMemberByID', { member_id: last }));
    expect(byId.details).toContain('not enough started members');
    const leave = await failure(unary(client('machine', CP1, admin), 'EtcdLeaveCluster'));
    expect(leave.details).toBe(`failed to leave cluster: failed to remove member ${last}: etcdserver: re-configuration failed due to not enough started members`);
    const forfeit = await failure(unary(client('machine', CP1, admin), 'EtcdForfeitLeadership'));
    expect(forfeit.details).toBe('failed to forfeit leadership: cannot forfeit leadership, only one member');
    await unary(client('machine', CP1, admin), 'Reset', { graceful: true, reboot: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.node(CP1).mode).toBe('secure');
    expect(await members(CP1)).toHaveLength(1);
  });
});

describe('machines added later boot from their platform user-data (a NoCloud seed)', () => {
  const NEW_WORKER = '127.0.53.50';
  const NEW_CP = '127.0.53.51';
  const BROKEN = '127.0.53.52';
  const UUID = '6c3fa683-bef9-4425-b413-eaa45a9d6191';

  it('a worker comes up configured without maintenance mode, named by the meta-data', async () => {
    const node = sim.addNode(NEW_WORKER);
    expect(() => sim.addNode(NEW_WORKER)).toThrow(`a simulated node already runs at ${NEW_WORKER}`);
    expect(() => sim.addNode('10.0.0.50')).toThrow('is not an IPv4 loopback address');
    await node.powerOnWithPlatform({ platform: 'nocloud', hostname: 'lab-md-0-x7k2p', instanceId: UUID, providerId: `proxmox://${UUID}`, userData: workerConfig(bundle, { endpoint: ENDPOINT }) });
    await eventually(
      () => unary(client('machine', NEW_WORKER, admin), 'Version'),
      () => true,
    );
    // Reachable by its host name through another node, as talosctl -n <hostname> would.
    const [version] = await unary(client('machine', CP1, admin), 'Version', {}, { nodes: ['lab-md-0-x7k2p'] });
    expect((version.metadata as Obj).hostname).toBe('lab-md-0-x7k2p');
    expect(node.hostname).toBe('lab-md-0-x7k2p');
    // The maintenance API never served: the insecure probe is refused by the mTLS listener.
    await expect(unary(client('storage', NEW_WORKER), 'Disks')).rejects.toThrow();
  });

  it('reports the platform metadata over COSI (what a cloud controller manager reads for the providerID)', async () => {
    const cosi = new pkg.cosi.resource.State(`${CP1}:50000`, mtlsChannelCredentials({ caPem: bundle.certs.os.crt, certPem: reader.crt, keyPem: reader.key }));
    clients.push(cosi);
    const get = (id: string) =>
      new Promise<Obj>((resolve, reject) =>
        (cosi as unknown as Record<string, Unary>).Get.bind(cosi)({ namespace: 'runtime', type: 'PlatformMetadatas.talos.dev', id }, metadata({ node: NEW_WORKER }), (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
    const { resource } = (await get('platformmetadata')) as { resource: { metadata: Obj; spec: { proto_spec: Buffer; yaml_spec: string } } };
    expect(resource.metadata).toMatchObject({ namespace: 'runtime', type: 'PlatformMetadatas.talos.dev', id: 'platformmetadata', phase: 'running' });
    expect(Number(resource.metadata.version)).toBeGreaterThan(0);
    const spec = talosProtoRoot().lookupType('talos.resource.definitions.runtime.PlatformMetadataSpec').decode(resource.spec.proto_spec).toJSON();
    expect(spec).toEqual({ platform: 'nocloud', hostname: 'lab-md-0-x7k2p', instance_id: UUID, provider_id: `proxmox://${UUID}` });
    expect(resource.spec.yaml_spec).toContain(`providerId: proxmox://${UUID}`);
    const missing = await failure(get('other'));
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
  });

  it('a control plane joins the running etcd cluster', async () => {
    const before = (await members(CP1)).length;
    const node = sim.addNode(NEW_CP);
    await node.powerOnWithPlatform({ hostname: 'lab-cp-q9r4t', userData: controlPlaneConfig(bundle, { endpoint: ENDPOINT }) });
    const after = await eventually(
      () => members(CP1),
      (m) => m.length === before + 1,
    );
    expect(after.map((m) => m.hostname)).toContain('lab-cp-q9r4t');
  });

  it('user-data Talos refuses leaves the machine in maintenance mode', async () => {
    const node = sim.addNode(BROKEN);
    await node.powerOnWithPlatform({ hostname: 'broken', userData: 'version: v1alpha1\nmachine:\n  type: nonsense\n' });
    expect(node.mode).toBe('maintenance');
    expect(node.config).toBeUndefined();
  });

  it('a removed machine stops answering and leaves the simulator', async () => {
    await sim.removeNode(BROKEN);
    expect(sim.has(BROKEN)).toBe(false);
    expect(sim.nodes.map((n) => n.address)).not.toContain(BROKEN);
    await expect(unary(client('storage', BROKEN), 'Disks')).rejects.toThrow();
  });
});
