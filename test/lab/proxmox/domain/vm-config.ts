/**
 * QEMU VM configuration semantics: the config file text and its digest, pending changes, drive and
 * NIC property strings as PVE stores them, hotplug classification, cloud-init network data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parsePropertyString, printPropertyString, type PropertyValues } from '../schema/property-string';
import { AGENT_FORMAT, IPCONFIG_FORMAT, NET_FORMAT, SMBIOS1_FORMAT, driveFormatOf, isDriveKey } from '../schema/qemu-params';
import type { VmRecord } from '../state/model';

export { isDriveKey };

export function parseDrive(key: string, value: string): PropertyValues {
  const format = driveFormatOf(key);
  if (!format) throw new Error(`internal: ${key} is not a drive`);
  return parsePropertyString(format, value, key);
}

export function printDrive(key: string, drive: PropertyValues): string {
  const format = driveFormatOf(key);
  if (!format) throw new Error(`internal: ${key} is not a drive`);
  return printPropertyString(format, drive);
}

export function isCdrom(drive: PropertyValues): boolean {
  return drive.media === 'cdrom';
}

export function isCloudInitVolume(volume: string): boolean {
  return /(^|[:/])vm-\d+-cloudinit(\.(qcow2|raw))?$/.test(volume);
}

export function parseNet(key: string, value: string): PropertyValues {
  return parsePropertyString(NET_FORMAT, value, key);
}

export function printNet(net: PropertyValues): string {
  return printPropertyString(NET_FORMAT, net);
}

/** A MAC in Proxmox' OUI BC:24:11 (PVE's default datacenter mac_prefix). */
export function randomMac(): string {
  const b = randomBytes(3);
  return ['BC', '24', '11', ...Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0'))].join(':');
}

export function agentEnabled(config: Readonly<Record<string, string>>): boolean {
  if (!config.agent) return false;
  try {
    return parsePropertyString(AGENT_FORMAT, config.agent, 'agent').enabled === '1';
  } catch {
    return false;
  }
}

export function parseIpconfig(value: string): PropertyValues {
  return parsePropertyString(IPCONFIG_FORMAT, value, 'ipconfig');
}

export function smbiosUuid(config: Readonly<Record<string, string>>): string | undefined {
  if (!config.smbios1) return undefined;
  try {
    return parsePropertyString(SMBIOS1_FORMAT, config.smbios1, 'smbios1').uuid;
  } catch {
    return undefined;
  }
}

/** Config values with the [PENDING] section applied (what `GET …/config` returns by default). */
export function effectiveConfig(vm: VmRecord): Record<string, string> {
  const out: Record<string, string> = { ...vm.config };
  for (const k of vm.pendingDelete) delete out[k];
  Object.assign(out, vm.pending);
  return out;
}

/** Keys in the order PVE writes them: sorted, `description` as leading comment lines. */
export function renderConfigFile(vm: VmRecord, lock: string | undefined): string {
  const lines: string[] = [];
  const writeSection = (conf: Record<string, string>): void => {
    if (conf.description !== undefined) for (const l of conf.description.split('\n')) lines.push(`#${l}`);
    for (const key of Object.keys(conf).sort()) {
      if (key === 'description') continue;
      lines.push(`${key}: ${conf[key]}`);
    }
  };
  writeSection(lock ? { ...vm.config, lock } : vm.config);
  if (Object.keys(vm.pending).length > 0 || vm.pendingDelete.length > 0) {
    lines.push('', '[PENDING]');
    if (vm.pendingDelete.length > 0) lines.push(`delete: ${vm.pendingDelete.join(',')}`);
    writeSection(vm.pending);
  }
  return `${lines.join('\n')}\n`;
}

/** SHA-1 of the config file, PVE's `digest`. */
export function configDigest(vm: VmRecord, lock: string | undefined): string {
  return createHash('sha1').update(renderConfigFile(vm, lock)).digest('hex');
}

const FAST_PLUG = new Set([
  'description',
  'hookscript',
  'lock',
  'migrate_downtime',
  'migrate_speed',
  'name',
  'onboot',
  'protection',
  'shares',
  'startup',
  'tags',
  'vmstatestorage',
  // cloud-init options are always "fast plug": they only take effect at the next drive regeneration.
  'cicustom',
  'cipassword',
  'citype',
  'ciupgrade',
  'ciuser',
  'nameserver',
  'searchdomain',
  'sshkeys',
]);

export function isFastPlug(key: string): boolean {
  return FAST_PLUG.has(key) || /^ipconfig\d+$/.test(key);
}

/** Whether a changed key applies to a running VM at once (PVE's vmconfig_hotplug_pending), else stays pending. */
export function hotpluggable(key: string, config: Readonly<Record<string, string>>): boolean {
  if (isFastPlug(key)) return true;
  const features = new Set((config.hotplug ?? 'network,disk,usb').split(',').map((f) => f.trim()));
  if (config.hotplug === '1') ['network', 'disk', 'usb'].forEach((f) => features.add(f));
  if (config.hotplug === '0') features.clear();
  if (/^net\d+$/.test(key)) return features.has('network');
  if (isDriveKey(key)) return features.has('disk') && !/^(efidisk|ide|sata|tpmstate)\d+$/.test(key);
  if (/^usb\d+$/.test(key) || key === 'tablet') return features.has('usb');
  if (key === 'vcpus') return features.has('cpu');
  if (key === 'memory') return features.has('memory');
  if (key === 'balloon') return config.balloon !== '0';
  if (key === 'cpuunits' || key === 'cpulimit') return true;
  return false;
}

/** Unique, lower-cased, sorted tags joined by `;` (PVE's get_unique_tags with default tag style). */
export function normaliseTags(tags: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags
    .split(/[;,\s]+/)
    .filter((x) => x.length > 0)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))) {
    const lower = t.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push(lower);
  }
  return out.join(';');
}

/** PVE's default boot order when `boot` is absent: first disk, first cdrom, first NIC (get_default_bootdevices). */
export function defaultBootOrder(config: Readonly<Record<string, string>>): string {
  const keys = Object.keys(config);
  const driveKeys = keys.filter((k) => /^(ide|sata|scsi|virtio)\d+$/.test(k)).sort(compareDriveKeys);
  const order: string[] = [];
  const disk = driveKeys.find((k) => !/media=cdrom/.test(config[k]) && !isCloudInitVolume(config[k].split(',')[0]));
  const cdrom = driveKeys.find((k) => /media=cdrom/.test(config[k]) && !isCloudInitVolume(config[k].split(',')[0]));
  if (disk) order.push(disk);
  if (cdrom) order.push(cdrom);
  const net = keys.filter((k) => /^net\d+$/.test(k)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))[0];
  if (net) order.push(net);
  return `order=${order.join(';')}`;
}

const BUS_ORDER = ['ide', 'sata', 'scsi', 'virtio'];
function compareDriveKeys(a: string, b: string): number {
  const [, ba, na] = /^([a-z]+)(\d+)$/.exec(a) ?? [];
  const [, bb, nb] = /^([a-z]+)(\d+)$/.exec(b) ?? [];
  return BUS_ORDER.indexOf(ba) - BUS_ORDER.indexOf(bb) || Number(na) - Number(nb);
}

/** All volume IDs a config references through drive keys and unusedN (cdrom images excluded). */
export function ownedVolumes(config: Readonly<Record<string, string>>, vmid: number): Array<{ key: string; volid: string }> {
  const out: Array<{ key: string; volid: string }> = [];
  for (const [key, value] of Object.entries(config)) {
    if (!isDriveKey(key) && !/^unused\d+$/.test(key)) continue;
    const file = value.split(',')[0].replace(/^(file|volume)=/, '');
    const volname = file.split(':')[1] ?? '';
    // A linked clone's volume names its base first: `base-100-disk-0/vm-101-disk-0` (LVM-thin),
    // `100/base-100-disk-0.qcow2/101/vm-101-disk-0.qcow2` (directories); the owner is the last part.
    const own = /^(?:(?:\d+\/)?base-\d+-[^/]+\/)?(.+)$/.exec(volname)?.[1] ?? volname;
    if (new RegExp(`^(${vmid}/)?(vm|base)-${vmid}-`).test(own)) out.push({ key, volid: file });
  }
  return out;
}
