/**
 * `talos_machine_disks` through the provider service against the node simulator over the real
 * Talos gRPC API (COSI State List of Disks.block.talos.dev): a node in maintenance mode read
 * without credentials, the same node configured read over mTLS (admin and os:reader
 * certificates), the selector, and the refusals (no credentials for a configured node, a routed
 * maintenance node, another cluster's CA). Disks come from the VM's drives as the simulator
 * derives them.
 */
import { issueAdminClientCertificate } from '../../../../providers/machinery/clientconfig/admin-certificate';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import type { SecretsBundle } from '../../../../providers/machinery/secrets/bundle';
import { pemToBase64 } from '../../../../providers/pki/pem';
import { decodeMsgpack, encodeMsgpack, type CtyValue } from '../../../../providers/runtime/cty';
import { createLogger } from '../../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../../providers/runtime/server/provider-service';
import { TalosClient } from '../../../../providers/talos/api';
import { provider } from '../../../../providers/talos/provider';
import { schema } from '../../../../providers/talos/resources/machine-disks/schema';
import { TalosSimulator } from '../../../lab/talos/simulator';
import { controlPlaneConfig } from './support/machine-configs';

jest.setTimeout(90_000);

const NODE = '127.0.57.1';
const OTHER = '127.0.57.2';
const ENDPOINT = 'https://127.0.57.100:6443';
const GiB = 1024 ** 3;

const type = schemaImpliedType(schema);
const svc = new ProviderService(
  provider,
  createLogger('test', 'error', () => undefined),
);
let sim: TalosSimulator;
let bundle: SecretsBundle;
let other: SecretsBundle;

type ClientConfiguration = { ca_certificate: string; client_certificate: string; client_key: string };

function clientConfiguration(ca: string, cert: { crt: string; key: string }): ClientConfiguration {
  return { ca_certificate: pemToBase64(ca), client_certificate: pemToBase64(cert.crt), client_key: pemToBase64(cert.key) };
}

async function read(over: Record<string, CtyValue>) {
  const config = { ...Object.fromEntries(Object.keys(schema.attributes).map((a) => [a, null])), timeouts: { read: '20s' }, ...over };
  const res = await svc.readDataSource({ type_name: 'talos_machine_disks', config: { msgpack: Buffer.from(encodeMsgpack(config, type)) } });
  const state = res.state?.msgpack ? (decodeMsgpack(res.state.msgpack, type) as Record<string, CtyValue>) : null;
  const errors = res.diagnostics.map((d) => `${d.summary} ${d.detail}`);
  return { state, errors, disks: (state?.disks ?? []) as Record<string, CtyValue>[] };
}

beforeAll(async () => {
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(provider.schema))) } });
  [bundle, other] = await Promise.all([generateSecretsBundle(), generateSecretsBundle()]);
  sim = await TalosSimulator.start({
    nodes: [NODE, OTHER],
    delays: { installMs: 100, rebootMs: 300, bootMs: 100, bootstrapReadyMs: 500 },
    hardware: {
      [NODE]: {
        drives: [
          { slot: 'scsi0', bytes: 32 * GiB, ssd: true },
          { slot: 'virtio1', bytes: 100 * GiB, serial: 'data-1' },
          { slot: 'ide2', bytes: 104_857_600, cdrom: true },
        ],
      },
    },
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe('maintenance mode (no client certificate)', () => {
  it('lists every disk of the VM, in ID order, with the DiskSpec fields', async () => {
    const { errors, state, disks } = await read({ node: NODE });
    expect(errors).toEqual([]);
    expect(state).toMatchObject({ id: 'machine_disks', endpoint: NODE, node: NODE, selector: null });
    expect(disks.map((d) => d.dev_path)).toEqual(['/dev/sda', '/dev/sr0', '/dev/vda']);
    expect(disks[0]).toEqual({
      dev_path: '/dev/sda',
      size: 32 * GiB,
      pretty_size: '34 GB',
      io_size: 512,
      sector_size: 512,
      readonly: false,
      cdrom: false,
      model: 'QEMU HARDDISK',
      firmware_version: '',
      serial: 'drive-scsi0',
      modalias: 'scsi:t-0x00',
      wwid: 't10.QEMU     QEMU HARDDISK   drive-scsi0',
      uuid: '',
      bus_path: '/pci0000:00/0000:00:05.0/0000:01:01.0/virtio1/host2/target2:0:0/2:0:0:0',
      sub_system: '/sys/class/block',
      transport: 'virtio',
      rotational: false,
      secondary_disks: [],
      symlinks: ['/dev/disk/by-diskseq/1', '/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0', '/dev/disk/by-path/pci-0000:01:01.0-scsi-0:0:0:0'],
    });
    expect(disks[1]).toMatchObject({ cdrom: true, readonly: true, model: 'QEMU DVD-ROM', rotational: false });
    expect(disks[2]).toMatchObject({ size: 100 * GiB, pretty_size: '107 GB', serial: 'data-1', transport: 'virtio', rotational: true, model: '' });
  });

  it('filters with the selector', async () => {
    expect((await read({ node: NODE, selector: '!disk.cdrom && disk.size > 50u * GB' })).disks.map((d) => d.dev_path)).toEqual(['/dev/vda']);
    expect((await read({ node: NODE, selector: '!disk.rotational && !disk.cdrom' })).disks.map((d) => d.dev_path)).toEqual(['/dev/sda']);
    expect((await read({ node: NODE, selector: 'disk.transport == "nvme"' })).disks).toEqual([]);
  });

  it('reads a node with default hardware too (one 32 GiB scsi0 disk)', async () => {
    const { errors, disks } = await read({ node: OTHER, client_configuration: clientConfiguration(bundle.certs.os.crt, await issueAdminClientCertificate(bundle)) });
    expect(errors).toEqual([]);
    expect(disks.map((d) => [d.dev_path, d.size])).toEqual([['/dev/sda', 32 * GiB]]);
  });

  it('refuses to route through an endpoint in maintenance mode', async () => {
    const { errors } = await read({ node: OTHER, endpoint: NODE });
    expect(errors.join('\n')).toContain('the endpoint is in maintenance mode, which answers only for itself and routes to no other node');
  });
});

describe('configured node (mTLS)', () => {
  beforeAll(async () => {
    const client = TalosClient.maintenance(NODE);
    try {
      await client.applyConfiguration({ config: controlPlaneConfig(bundle, { endpoint: ENDPOINT, certSANs: [NODE] }) });
    } finally {
      client.close();
    }
    const deadline = Date.now() + 30_000;
    while (sim.node(NODE).mode !== 'secure') {
      if (Date.now() > deadline) throw new Error(`node ${NODE} did not come up configured`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('lists the same disks with the admin client configuration', async () => {
    const { errors, disks } = await read({ node: NODE, client_configuration: clientConfiguration(bundle.certs.os.crt, await issueAdminClientCertificate(bundle)) });
    expect(errors).toEqual([]);
    expect(disks.map((d) => d.dev_path)).toEqual(['/dev/sda', '/dev/sr0', '/dev/vda']);
  });

  it('lists them with an os:reader certificate (COSI List is a reader method)', async () => {
    const reader = await issueAdminClientCertificate(bundle, { roles: ['os:reader'] });
    const { errors, disks } = await read({ node: NODE, selector: 'disk.serial == "data-1"', client_configuration: clientConfiguration(bundle.certs.os.crt, reader) });
    expect(errors).toEqual([]);
    expect(disks.map((d) => d.dev_path)).toEqual(['/dev/vda']);
  });

  it('says client_configuration is needed when it is missing', async () => {
    const { errors } = await read({ node: NODE });
    expect(errors.join('\n')).toContain('runs a machine configuration, so its API needs client_configuration (talos_machine_secrets.client_configuration)');
  });

  it("says the node belongs to another cluster when the CA is another cluster's", async () => {
    const { errors } = await read({ node: NODE, client_configuration: clientConfiguration(other.certs.os.crt, await issueAdminClientCertificate(other)) });
    expect(errors.join('\n')).toMatch(/presents a certificate that client_configuration.ca_certificate does not trust/);
  });
});
