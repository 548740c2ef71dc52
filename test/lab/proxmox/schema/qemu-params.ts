/**
 * Declarations of the QEMU VM configuration keys (PVE's json_config_properties) and their
 * property-string formats, as far as the simulator validates them. Keys whose inner format the
 * simulator does not interpret (USB, PCI passthrough, audio, …) are accepted as plain strings and
 * stored verbatim.
 */
import type { ParamSchema, ParamSchemas, PropSchema, PropertyFormat } from './types';
import { NODE, VMID } from './common-params';

const opt = (s: PropSchema): PropSchema => ({ optional: true, ...s });
const bool = opt({ type: 'boolean' });
const int = opt({ type: 'integer' });
const num = opt({ type: 'number' });

type Bus = 'ide' | 'sata' | 'scsi' | 'virtio';

/** Drive keys common to all buses, then the bus-specific ones (see the API schema's per-bus formats). */
function driveFormat(bus: Bus): PropertyFormat {
  const f: Record<string, PropSchema> = {
    file: { type: 'string', defaultKey: true },
    volume: { alias: 'file' },
    aio: opt({ type: 'string', enum: ['native', 'threads', 'io_uring'] }),
    backup: bool,
    bps: int,
    bps_max_length: opt({ type: 'integer', minimum: 1 }),
    bps_rd: int,
    bps_rd_length: { alias: 'bps_rd_max_length' },
    bps_rd_max_length: opt({ type: 'integer', minimum: 1 }),
    bps_wr: int,
    bps_wr_length: { alias: 'bps_wr_max_length' },
    bps_wr_max_length: opt({ type: 'integer', minimum: 1 }),
    cache: opt({ type: 'string', enum: ['none', 'writethrough', 'writeback', 'unsafe', 'directsync'] }),
    detect_zeroes: bool,
    discard: opt({ type: 'string', enum: ['ignore', 'on'] }),
    format: opt({ type: 'string', enum: ['raw', 'qcow', 'qed', 'qcow2', 'vmdk', 'cloop'] }),
    'import-from': opt({ type: 'string' }),
    iops: int,
    iops_max: int,
    iops_max_length: opt({ type: 'integer', minimum: 1 }),
    iops_rd: int,
    iops_rd_length: { alias: 'iops_rd_max_length' },
    iops_rd_max: int,
    iops_rd_max_length: opt({ type: 'integer', minimum: 1 }),
    iops_wr: int,
    iops_wr_length: { alias: 'iops_wr_max_length' },
    iops_wr_max: int,
    iops_wr_max_length: opt({ type: 'integer', minimum: 1 }),
    mbps: num,
    mbps_max: num,
    mbps_rd: num,
    mbps_rd_max: num,
    mbps_wr: num,
    mbps_wr_max: num,
    media: opt({ type: 'string', enum: ['cdrom', 'disk'] }),
    replicate: bool,
    rerror: opt({ type: 'string', enum: ['ignore', 'report', 'stop'] }),
    serial: opt({ type: 'string', format: 'urlencoded', maxLength: 60 }),
    shared: bool,
    size: opt({ type: 'string', format: 'disk-size' }),
    snapshot: bool,
    werror: opt({ type: 'string', enum: ['enospc', 'ignore', 'report', 'stop'] }),
  };
  if (bus !== 'virtio') {
    f.ssd = bool;
    f.wwn = opt({ type: 'string', pattern: '0x[0-9a-fA-F]{16}' });
  }
  if (bus === 'scsi' || bus === 'virtio') {
    f.iothread = bool;
    f.ro = bool;
  }
  if (bus === 'scsi') {
    f.queues = opt({ type: 'integer', minimum: 2 });
    f.product = opt({ type: 'string', pattern: '[A-Za-z0-9\\-_\\s]{0,16}' });
    f.vendor = opt({ type: 'string', pattern: '[A-Za-z0-9\\-_\\s]{0,8}' });
    f.scsiblock = bool;
  }
  if (bus === 'ide') f.model = opt({ type: 'string', format: 'urlencoded', maxLength: 120 });
  return f;
}

export const DRIVE_FORMATS: Readonly<Record<Bus, PropertyFormat>> = {
  ide: driveFormat('ide'),
  sata: driveFormat('sata'),
  scsi: driveFormat('scsi'),
  virtio: driveFormat('virtio'),
};

export const EFIDISK_FORMAT: PropertyFormat = {
  file: { type: 'string', defaultKey: true },
  volume: { alias: 'file' },
  efitype: opt({ type: 'string', enum: ['2m', '4m'] }),
  format: opt({ type: 'string', enum: ['raw', 'qcow', 'qed', 'qcow2', 'vmdk', 'cloop'] }),
  'import-from': opt({ type: 'string' }),
  'ms-cert': opt({ type: 'string', enum: ['2011', '2023', '2023w', '2023k'] }),
  'pre-enrolled-keys': bool,
  size: opt({ type: 'string', format: 'disk-size' }),
};

export const TPMSTATE_FORMAT: PropertyFormat = {
  file: { type: 'string', defaultKey: true },
  volume: { alias: 'file' },
  format: opt({ type: 'string', enum: ['raw', 'qcow2', 'vmdk'] }),
  'import-from': opt({ type: 'string' }),
  size: opt({ type: 'string', format: 'disk-size' }),
  version: opt({ type: 'string', enum: ['v1.2', 'v2.0'] }),
};

export const NIC_MODELS = [
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
] as const;

export const NET_FORMAT: PropertyFormat = {
  model: { type: 'string', defaultKey: true, enum: NIC_MODELS },
  macaddr: opt({ type: 'string', format: 'mac-addr' }),
  ...Object.fromEntries(NIC_MODELS.map((m) => [m, { alias: 'macaddr', keyAlias: 'model' }])),
  bridge: opt({ type: 'string', format: 'pve-bridge-id' }),
  firewall: bool,
  link_down: bool,
  mtu: opt({ type: 'integer', minimum: 1, maximum: 65520 }),
  queues: opt({ type: 'integer', minimum: 0, maximum: 64 }),
  rate: opt({ type: 'number', minimum: 0 }),
  tag: opt({ type: 'integer', minimum: 1, maximum: 4094 }),
  trunks: opt({ type: 'string', pattern: '\\d+(?:-\\d+)?(?:;\\d+(?:-\\d+)?)*' }),
};

export const AGENT_FORMAT: PropertyFormat = {
  enabled: { type: 'boolean', defaultKey: true },
  'freeze-fs': bool,
  'freeze-fs-on-backup': { alias: 'freeze-fs' },
  'guest-fsfreeze': { alias: 'freeze-fs' },
  fstrim_cloned_disks: bool,
  type: opt({ type: 'string', enum: ['virtio', 'isa'] }),
};

export const IPCONFIG_FORMAT: PropertyFormat = {
  ip: opt({ type: 'string', format: 'pve-ipv4-config' }),
  gw: opt({ type: 'string', format: 'ipv4' }),
  ip6: opt({ type: 'string', format: 'pve-ipv6-config' }),
  gw6: opt({ type: 'string', format: 'ipv6' }),
};

const B64 = '[A-Za-z0-9+\\/]+={0,2}';
export const SMBIOS1_FORMAT: PropertyFormat = {
  uuid: opt({ type: 'string', pattern: '[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}' }),
  version: opt({ type: 'string' }),
  serial: opt({ type: 'string' }),
  manufacturer: opt({ type: 'string' }),
  product: opt({ type: 'string' }),
  sku: opt({ type: 'string' }),
  family: opt({ type: 'string' }),
  base64: bool,
};
/** With `base64=1` the text fields must be base64 (checked separately, like PVE's validator). */
export const SMBIOS1_BASE64_PATTERN = new RegExp(`^${B64}$`);

export const VGA_FORMAT: PropertyFormat = {
  type: opt({
    type: 'string',
    defaultKey: true,
    enum: ['cirrus', 'qxl', 'qxl2', 'qxl3', 'qxl4', 'none', 'serial0', 'serial1', 'serial2', 'serial3', 'std', 'virtio', 'virtio-gl', 'vmware'],
  }),
  clipboard: opt({ type: 'string', enum: ['vnc'] }),
  memory: opt({ type: 'integer', minimum: 4, maximum: 512 }),
};

export const CPU_FORMAT: PropertyFormat = {
  cputype: opt({ type: 'string', defaultKey: true }),
  'reported-model': opt({ type: 'string' }),
  hidden: bool,
  'hv-vendor-id': opt({ type: 'string', pattern: '[a-zA-Z0-9]{1,12}' }),
  flags: opt({ type: 'string', pattern: '[+-][a-zA-Z0-9\\-_.]+(;[+-][a-zA-Z0-9\\-_.]+)*' }),
  'guest-phys-bits': opt({ type: 'integer', minimum: 32, maximum: 64 }),
  'phys-bits': opt({ type: 'string' }),
};

export const MACHINE_FORMAT: PropertyFormat = {
  type: opt({
    type: 'string',
    defaultKey: true,
    pattern: '(pc|pc(-i440fx)?-\\d+(\\.\\d+)+(\\+pve\\d+)?(\\.pxe)?|q35|pc-q35-\\d+(\\.\\d+)+(\\+pve\\d+)?(\\.pxe)?|virt(?:-\\d+(\\.\\d+)+)?(\\+pve\\d+)?)',
  }),
  'aw-bits': opt({ type: 'number', minimum: 32, maximum: 64 }),
  'enable-s3': bool,
  'enable-s4': bool,
  viommu: opt({ type: 'string', enum: ['intel', 'virtio'] }),
};

export const MEMORY_FORMAT: PropertyFormat = {
  current: { type: 'integer', defaultKey: true, minimum: 16 },
};

export const BOOT_FORMAT: PropertyFormat = {
  legacy: opt({ type: 'string', defaultKey: true, pattern: '[acdn]{1,4}' }),
  order: opt({ type: 'string' }),
};

export const CICUSTOM_FORMAT: PropertyFormat = {
  meta: opt({ type: 'string', format: 'pve-volume-id' }),
  network: opt({ type: 'string', format: 'pve-volume-id' }),
  user: opt({ type: 'string', format: 'pve-volume-id' }),
  vendor: opt({ type: 'string', format: 'pve-volume-id' }),
};

export const STARTUP_FORMAT: PropertyFormat = {
  order: opt({ type: 'integer', defaultKey: true, minimum: 0 }),
  up: opt({ type: 'integer', minimum: 0 }),
  down: opt({ type: 'integer', minimum: 0 }),
};

export const RNG_FORMAT: PropertyFormat = {
  source: { type: 'string', defaultKey: true, enum: ['/dev/urandom', '/dev/random', '/dev/hwrng'] },
  max_bytes: opt({ type: 'integer' }),
  period: opt({ type: 'integer' }),
};

export const UNUSED_FORMAT: PropertyFormat = {
  file: { type: 'string', defaultKey: true, format: 'pve-volume-id' },
  volume: { alias: 'file' },
};

const s = (extra: Partial<ParamSchema> = {}): ParamSchema => ({ type: 'string', optional: true, ...extra });
const b: ParamSchema = { type: 'boolean', optional: true };
const i = (extra: Partial<ParamSchema> = {}): ParamSchema => ({ type: 'integer', optional: true, ...extra });

/** VM configuration keys shared by create and config update. */
export const VM_CONFIG_PARAMS: ParamSchemas = {
  acpi: b,
  affinity: s({ format: 'pve-cpuset' }),
  agent: s({ format: AGENT_FORMAT }),
  'allow-ksm': b,
  'amd-sev': s({ format: 'pve-qemu-sev-fmt' }),
  arch: s({ enum: ['x86_64', 'aarch64'] }),
  args: s(),
  audio0: s(),
  autostart: b,
  balloon: i({ minimum: 0 }),
  bios: s({ enum: ['seabios', 'ovmf'] }),
  boot: s({ format: BOOT_FORMAT, formatName: 'pve-qm-boot' }),
  bootdisk: s({ format: 'pve-qm-bootdisk', pattern: '(ide|sata|scsi|virtio)\\d+' }),
  cdrom: s({ format: 'pve-qm-ide' }),
  cicustom: s({ format: CICUSTOM_FORMAT, formatName: 'pve-qm-cicustom' }),
  cipassword: s(),
  citype: s({ enum: ['configdrive2', 'nocloud', 'opennebula'] }),
  ciupgrade: b,
  ciuser: s(),
  cores: i({ minimum: 1 }),
  cpu: s({ format: CPU_FORMAT, formatName: 'pve-vm-cpu-conf' }),
  cpulimit: { type: 'number', optional: true, minimum: 0, maximum: 128 },
  cpuunits: i({ minimum: 1, maximum: 262144 }),
  description: s({ maxLength: 8192 }),
  efidisk0: s({ format: EFIDISK_FORMAT }),
  freeze: b,
  hookscript: s({ format: 'pve-volume-id' }),
  'hostpci[n]': s({ format: 'pve-qm-hostpci', maxIndex: 15 }),
  hotplug: s({ format: 'pve-hotplug-features' }),
  hugepages: s({ enum: ['any', '2', '1024'] }),
  'ide[n]': s({ format: DRIVE_FORMATS.ide, maxIndex: 3 }),
  'intel-tdx': s({ format: 'pve-qemu-tdx-fmt' }),
  'ipconfig[n]': s({ format: IPCONFIG_FORMAT, formatName: 'pve-qm-ipconfig', maxIndex: 31 }),
  ivshmem: s(),
  keephugepages: b,
  keyboard: s({
    enum: ['de', 'de-ch', 'da', 'en-gb', 'en-us', 'es', 'fi', 'fr', 'fr-be', 'fr-ca', 'fr-ch', 'hu', 'is', 'it', 'ja', 'lt', 'mk', 'nl', 'no', 'pl', 'pt', 'pt-br', 'sv', 'sl', 'tr'],
  }),
  kvm: b,
  localtime: b,
  lock: s({ enum: ['backup', 'clone', 'create', 'migrate', 'rollback', 'snapshot', 'snapshot-delete', 'suspending', 'suspended'] }),
  machine: s({ format: MACHINE_FORMAT }),
  memory: s({ format: MEMORY_FORMAT }),
  migrate_downtime: { type: 'number', optional: true, minimum: 0 },
  migrate_speed: i({ minimum: 0 }),
  name: s({ format: 'dns-name' }),
  nameserver: s({ format: 'address-list' }),
  'net[n]': s({ format: NET_FORMAT, maxIndex: 31 }),
  numa: b,
  'numa[n]': s({ maxIndex: 7 }),
  onboot: b,
  ostype: s({ enum: ['other', 'wxp', 'w2k', 'w2k3', 'w2k8', 'wvista', 'win7', 'win8', 'win10', 'win11', 'l24', 'l26', 'solaris'] }),
  'parallel[n]': s({ pattern: '/dev/parport\\d+|/dev/usb/lp\\d+', maxIndex: 2 }),
  protection: b,
  reboot: b,
  rng0: s({ format: RNG_FORMAT, formatName: 'pve-qm-rng' }),
  'sata[n]': s({ format: DRIVE_FORMATS.sata, maxIndex: 5 }),
  'scsi[n]': s({ format: DRIVE_FORMATS.scsi, maxIndex: 30 }),
  scsihw: s({ enum: ['lsi', 'lsi53c810', 'virtio-scsi-pci', 'virtio-scsi-single', 'megasas', 'pvscsi'] }),
  searchdomain: s(),
  'serial[n]': s({ pattern: '(/dev/.+|socket)', maxIndex: 3 }),
  shares: i({ minimum: 0, maximum: 50000 }),
  smbios1: s({ format: SMBIOS1_FORMAT, formatName: 'pve-qm-smbios1' }),
  smp: i({ minimum: 1 }),
  sockets: i({ minimum: 1 }),
  spice_enhancements: s(),
  sshkeys: s({ format: 'urlencoded' }),
  startdate: s({ pattern: '(now|\\d{4}-\\d{1,2}-\\d{1,2}(T\\d{1,2}:\\d{1,2}:\\d{1,2})?)' }),
  startup: s({ format: STARTUP_FORMAT, formatName: 'pve-startup-order' }),
  tablet: b,
  tags: s({ format: 'pve-tag-list' }),
  tdf: b,
  template: b,
  tpmstate0: s({ format: TPMSTATE_FORMAT }),
  'unused[n]': s({ format: UNUSED_FORMAT, maxIndex: 255 }),
  'usb[n]': s({ maxIndex: 14 }),
  vcpus: i({ minimum: 1 }),
  vga: s({ format: VGA_FORMAT }),
  'virtio[n]': s({ format: DRIVE_FORMATS.virtio, maxIndex: 15 }),
  'virtiofs[n]': s({ maxIndex: 9 }),
  vmgenid: s({ pattern: '(?:[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}|[01])' }),
  vmstatestorage: s({ format: 'pve-storage-id' }),
  watchdog: s({ format: 'pve-qm-watchdog' }),
};

export const VM_CREATE_PARAMS: ParamSchemas = {
  ...VM_CONFIG_PARAMS,
  node: NODE,
  vmid: VMID,
  archive: s({ maxLength: 255 }),
  bwlimit: i({ minimum: 0 }),
  force: { type: 'boolean', optional: true, requires: 'archive' },
  'ha-managed': b,
  'import-working-storage': s({ format: 'pve-storage-id' }),
  'live-restore': b,
  pool: s({ format: 'pve-poolid' }),
  start: b,
  storage: s({ format: 'pve-storage-id' }),
  unique: { type: 'boolean', optional: true, requires: 'archive' },
};

const UPDATE_ONLY: ParamSchemas = {
  node: NODE,
  vmid: VMID,
  delete: s({ format: 'pve-configid-list' }),
  digest: s({ maxLength: 40 }),
  force: { type: 'boolean', optional: true, requires: 'delete' },
  revert: s({ format: 'pve-configid-list' }),
  skiplock: b,
};

export const VM_UPDATE_SYNC_PARAMS: ParamSchemas = { ...VM_CONFIG_PARAMS, ...UPDATE_ONLY };
export const VM_UPDATE_ASYNC_PARAMS: ParamSchemas = {
  ...VM_CONFIG_PARAMS,
  ...UPDATE_ONLY,
  background_delay: i({ minimum: 1, maximum: 30 }),
  'import-working-storage': s({ format: 'pve-storage-id' }),
};

/** Keys whose values are drives (volumes): PVE's is_valid_drivename. */
export function isDriveKey(key: string): boolean {
  return /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/.test(key);
}

/** The property format of a drive key (`scsi3` -> scsi drive format). */
export function driveFormatOf(key: string): PropertyFormat | undefined {
  if (key === 'efidisk0') return EFIDISK_FORMAT;
  if (key === 'tpmstate0') return TPMSTATE_FORMAT;
  const m = /^(ide|sata|scsi|virtio)\d+$/.exec(key);
  return m ? DRIVE_FORMATS[m[1] as Bus] : undefined;
}

export const DRIVE_KEYS_FOR_RESIZE: readonly string[] = [
  ...Array.from({ length: 4 }, (_, n) => `ide${n}`),
  ...Array.from({ length: 31 }, (_, n) => `scsi${n}`),
  ...Array.from({ length: 16 }, (_, n) => `virtio${n}`),
  ...Array.from({ length: 6 }, (_, n) => `sata${n}`),
  'efidisk0',
  'tpmstate0',
];
