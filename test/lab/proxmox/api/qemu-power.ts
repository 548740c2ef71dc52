/**
 * VM power and guest agent: status/current, start/stop/shutdown/reboot/reset tasks, the boot hook
 * (fired when a start completes, with the cloud-init network data the guest booted with), and
 * guest-agent answers that appear `agentBootMs` after boot.
 */
import type { IpConfigView, LabCluster, VmBootDrive, VmBootEvent } from '../cluster';
import { fail } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, VMID } from '../schema/common-params';
import { parseSize } from '../domain/sizes';
import { findVolume, parseVolid } from '../domain/storage';
import { agentEnabled, effectiveConfig, isCloudInitVolume, isDriveKey, parseDrive, parseIpconfig, parseNet, smbiosUuid } from '../domain/vm-config';
import { agentInterfaces, leaseInCidr } from '../domain/guest-agent';
import { noCloudNetwork, readNoCloudSeed, type NoCloudSeed } from '../domain/nocloud';
import type { CloudInitSnapshot, TaskRecord, VmRecord } from '../state/model';
import { vmMaxcpu, vmMaxdisk, vmMaxmem } from './cluster';
import { applyPending } from './qemu-pending';
import { flag, reqNum, reqStr, str } from './params';
import { ParamError } from '../http/errors';
import { runningBridges, runningVnetSubnets } from './network-state';

export function cloudInitSnapshot(vm: VmRecord): CloudInitSnapshot {
  const conf = vm.config;
  const hasDrive = Object.entries(conf).some(([k, v]) => isDriveKey(k) && isCloudInitVolume(v.split(',')[0]));
  const macs: Record<string, string> = {};
  for (const key of Object.keys(conf).filter((k) => /^net\d+$/.test(k))) {
    const mac = parseNet(key, conf[key]).macaddr;
    if (mac) macs[key] = mac;
  }
  return {
    ipconfig: hasDrive ? Object.fromEntries(Object.entries(conf).filter(([k]) => /^ipconfig\d+$/.test(k))) : {},
    nameserver: hasDrive ? conf.nameserver : undefined,
    searchdomain: hasDrive ? conf.searchdomain : undefined,
    ciuser: hasDrive ? conf.ciuser : undefined,
    hostname: conf.name,
    macs,
    smbiosUuid: smbiosUuid(conf),
  };
}

function bridgesOf(conf: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(conf).filter((k) => /^net\d+$/.test(k))) {
    const bridge = parseNet(key, conf[key]).bridge;
    if (bridge) out[key] = bridge;
  }
  return out;
}

/** The NoCloud seed on the VM's cdrom drives (an uploaded ISO labelled cidata), if any. */
function noCloudSeed(sim: LabCluster, vm: VmRecord): (NoCloudSeed & { volid: string }) | undefined {
  for (const key of Object.keys(vm.config).filter(isDriveKey).sort()) {
    const drive = parseDrive(key, vm.config[key]);
    if (drive.media !== 'cdrom') continue;
    const ref = parseVolid(drive.file);
    const data = ref ? findVolume(sim.state, vm.node, ref)?.data : undefined;
    const seed = data ? readNoCloudSeed(Buffer.from(data, 'base64')) : undefined;
    if (seed) return { ...seed, volid: drive.file };
  }
  return undefined;
}

function withNoCloud(snap: CloudInitSnapshot, seed: NoCloudSeed | undefined): CloudInitSnapshot {
  if (!seed) return snap;
  const net = noCloudNetwork(seed.networkConfig);
  return { ...snap, nocloud: { addresses: Object.fromEntries(net.byMac), nameservers: net.nameservers } };
}

/** The drives the guest sees: every drive key with a volume (an empty cdrom drive shows no disk), sized from the volume. */
function bootDrives(sim: LabCluster, vm: VmRecord): VmBootDrive[] {
  const drives: VmBootDrive[] = [];
  for (const key of Object.keys(vm.config).filter(isDriveKey).sort()) {
    if (!/^(scsi|virtio|sata|ide)\d+$/.test(key)) continue;
    const drive = parseDrive(key, vm.config[key]);
    if (drive.file === 'none' || drive.file === 'cdrom') continue;
    const ref = parseVolid(drive.file);
    const volume = ref ? findVolume(sim.state, vm.node, ref) : undefined;
    const bytes = (drive.size ? parseSize(drive.size) : undefined) ?? volume?.size ?? 0;
    const flag = (name: string): boolean => drive[name] === '1' || drive[name] === 'on' || drive[name] === 'true';
    drives.push({
      key,
      bytes,
      cdrom: drive.media === 'cdrom',
      ...(drive.serial ? { serial: decodeURIComponent(drive.serial) } : {}),
      ssd: flag('ssd'),
      readonly: flag('ro'),
      ...(drive.wwn ? { wwn: drive.wwn } : {}),
    });
  }
  return drives;
}

function bootEvent(sim: LabCluster, vm: VmRecord, snap: CloudInitSnapshot, seed?: NoCloudSeed & { volid: string }): VmBootEvent {
  const bridges = bridgesOf(vm.config);
  const indexes = new Set([...Object.keys(snap.macs).map((k) => Number(k.slice(3))), ...Object.keys(snap.ipconfig).map((k) => Number(k.slice(8)))]);
  const interfaces: IpConfigView[] = [...indexes]
    .sort((a, b) => a - b)
    .map((index) => {
      const mac = snap.macs[`net${index}`];
      const cfg = snap.ipconfig[`ipconfig${index}`]
        ? parseIpconfig(snap.ipconfig[`ipconfig${index}`])
        : ({ ...snap.nocloud?.addresses[mac?.toLowerCase() ?? ''] } as Record<string, string | undefined>);
      return { index, mac, bridge: bridges[`net${index}`], ip: cfg.ip, gw: cfg.gw, ip6: cfg.ip6, gw6: cfg.gw6 };
    });
  return {
    vmid: vm.vmid,
    node: vm.node,
    name: vm.config.name,
    interfaces,
    nameservers: snap.nameserver !== undefined ? snap.nameserver.split(/\s+/).filter((s) => s.length > 0) : [...(snap.nocloud?.nameservers ?? [])],
    searchdomain: snap.searchdomain,
    smbiosUuid: snap.smbiosUuid,
    tags: (vm.config.tags ?? '').split(';').filter((s) => s.length > 0),
    noCloud: seed,
    drives: bootDrives(sim, vm),
  };
}

/** PVE's vm_start body (inside the qmstart worker). */
export function bootVm(sim: LabCluster, vm: VmRecord, opts: { skiplock?: boolean } = {}): void {
  sim.checkLock(vm, opts.skiplock ?? false);
  if (effectiveConfig(vm).template === '1') throw new Error("you can't start a vm if it's a template");
  if (vm.status === 'running') throw new Error(`VM ${vm.vmid} already running`);
  applyPending(sim, vm);
  const conf = vm.config;
  for (const key of Object.keys(conf).filter(isDriveKey)) {
    const drive = parseDrive(key, conf[key]);
    if (drive.file === 'none' || drive.file === 'cdrom' || drive.file.startsWith('/')) continue;
    const ref = parseVolid(drive.file);
    if (!ref || !findVolume(sim.state, vm.node, ref)) throw new Error(`volume '${drive.file}' does not exist`);
  }
  const bridges = runningBridges(sim, vm.node);
  for (const bridge of Object.values(bridgesOf(conf))) {
    if (!bridges.has(bridge)) throw new Error(`bridge '${bridge}' does not exist`);
  }
  const seed = noCloudSeed(sim, vm);
  const snap = withNoCloud(cloudInitSnapshot(vm), seed);
  vm.status = 'running';
  vm.startedAt = sim.now();
  vm.bootCloudInit = snap;
  vm.generatedCloudInit = Object.fromEntries(Object.entries(conf).filter(([k]) => /^(ipconfig\d+|nameserver|searchdomain|ciuser|cipassword|sshkeys|cicustom|citype|ciupgrade)$/.test(k)));
  sim.emitBoot(bootEvent(sim, vm, snap, seed));
}

function haltVm(sim: LabCluster, vm: VmRecord, reason: 'stop' | 'shutdown' | 'reboot'): void {
  vm.status = 'stopped';
  vm.startedAt = undefined;
  sim.emitPowerOff({ vmid: vm.vmid, node: vm.node, reason });
}

function agentReady(sim: LabCluster, vm: VmRecord): void {
  if (!agentEnabled(vm.config)) fail('No QEMU guest agent configured');
  if (vm.status !== 'running') fail(`VM ${vm.vmid} is not running`);
  if (!vm.startedAt || sim.now() < vm.startedAt + sim.services.timings.agentBootMs) fail('QEMU guest agent is not running');
}

function dhcpResolver(sim: LabCluster, node: string) {
  return (bridge: string | undefined, mac: string) => {
    if (!bridge) return undefined;
    const subnet = runningVnetSubnets(sim).get(bridge);
    if (subnet) return leaseInCidr(subnet.cidr, mac, subnet.range);
    const iface = sim.state.network[node]?.running[bridge];
    const cidr = iface && typeof iface.cidr === 'string' ? iface.cidr : undefined;
    return cidr ? leaseInCidr(cidr, mac) : undefined;
  };
}

function agentCommand(sim: LabCluster, vm: VmRecord, command: string): unknown {
  agentReady(sim, vm);
  const snap = vm.bootCloudInit ?? cloudInitSnapshot(vm);
  switch (command) {
    case 'ping':
      return { result: {} };
    case 'network-get-interfaces':
      return { result: agentInterfaces(snap, bridgesOf(vm.config), dhcpResolver(sim, vm.node)) };
    case 'get-host-name':
      return { result: { 'host-name': snap.hostname ?? `vm${vm.vmid}` } };
    case 'get-osinfo':
      return { result: { id: 'talos', name: 'Talos', 'pretty-name': 'Talos (lab)', 'kernel-release': '6.12.0-talos', machine: 'x86_64' } };
    case 'info':
      return {
        result: {
          version: '9.1.0',
          supported_commands: ['guest-ping', 'guest-network-get-interfaces', 'guest-get-host-name', 'guest-get-osinfo', 'guest-shutdown'].map((name) => ({
            name,
            enabled: true,
            'success-response': true,
          })),
        },
      };
    default:
      return fail(`Agent error: The command ${command} has not been found`);
  }
}

const AGENT_COMMANDS = [
  'fsfreeze-freeze',
  'fsfreeze-status',
  'fsfreeze-thaw',
  'fstrim',
  'get-fsinfo',
  'get-host-name',
  'get-memory-block-info',
  'get-memory-blocks',
  'get-osinfo',
  'get-time',
  'get-timezone',
  'get-users',
  'get-vcpus',
  'info',
  'network-get-interfaces',
  'ping',
  'shutdown',
  'suspend-disk',
  'suspend-hybrid',
  'suspend-ram',
];

export function registerPowerRoutes(router: Router<LabCluster>): void {
  const vmParams = { node: NODE, vmid: VMID };

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/status',
    proxyToNode: true,
    params: vmParams,
    handler: ({ sim, params }) => {
      sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      return [{ subdir: 'current' }, { subdir: 'start' }, { subdir: 'stop' }, { subdir: 'reset' }, { subdir: 'shutdown' }, { subdir: 'suspend' }, { subdir: 'reboot' }];
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/status/current',
    proxyToNode: true,
    params: vmParams,
    handler: ({ sim, params }) => {
      const vm = sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      const conf = effectiveConfig(vm);
      const running = vm.status === 'running';
      const out: Record<string, unknown> = {
        vmid: vm.vmid,
        name: conf.name ?? `VM ${vm.vmid}`,
        status: vm.status,
        qmpstatus: vm.status,
        uptime: running && vm.startedAt ? Math.floor((sim.now() - vm.startedAt) / 1000) : 0,
        cpus: vmMaxcpu(conf),
        maxmem: vmMaxmem(conf),
        mem: running ? Math.floor(vmMaxmem(conf) / 4) : 0,
        maxdisk: vmMaxdisk(conf),
        disk: 0,
        cpu: running ? 0.01 : 0,
        netin: 0,
        netout: 0,
        diskread: 0,
        diskwrite: 0,
        ha: { managed: sim.state.ha[`vm:${vm.vmid}`] ? 1 : 0 },
      };
      if (running) {
        out.pid = 10000 + vm.vmid;
        out['running-machine'] = `pc-${/q35/.test(conf.machine ?? '') ? 'q35' : 'i440fx'}-10.0+pve0`;
        out['running-qemu'] = '10.0.2';
      }
      if (agentEnabled(conf)) out.agent = 1;
      if (conf.tags) out.tags = conf.tags;
      if (conf.template === '1') out.template = 1;
      const lock = sim.lockOf(vm);
      if (lock) out.lock = lock;
      return out;
    },
  });

  const powerRoute = (action: 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset', type: string, extra: Record<string, import('../schema/types').ParamSchema>): void => {
    router.add({
      method: 'POST',
      path: `/nodes/{node}/qemu/{vmid}/status/${action}`,
      proxyToNode: true,
      params: { ...vmParams, ...extra },
      handler: ({ sim, params, userid }) => {
        const node = reqStr(params, 'node');
        const vmid = reqNum(params, 'vmid');
        for (const opt of ['skiplock', 'keepActive', 'migratedfrom', 'stateuri', 'targetstorage', 'force-cpu', 'migration_type', 'migration_network', 'nets-host-mtu'])
          if (params[opt] !== undefined && userid !== 'root@pam') throw new ParamError({ [opt]: 'Only root may use this option.' });
        const vm = sim.vmOn(node, vmid);
        if ((action === 'reboot' || action === 'reset') && vm.status !== 'running') fail(`VM ${vmid} not running`);
        const task = sim.tasks.start({
          node,
          type,
          id: String(vmid),
          user: userid,
          action: { kind: `power-${action}`, vmid, skiplock: flag(params, 'skiplock'), timeout: str(params, 'timeout') ?? null },
        });
        return task.upid;
      },
    });
  };
  const timeout = { type: 'integer', optional: true, minimum: 0 } as const;
  const bool = { type: 'boolean', optional: true } as const;
  powerRoute('start', 'qmstart', {
    'force-cpu': { type: 'string', optional: true },
    machine: { type: 'string', optional: true },
    migratedfrom: { type: 'string', optional: true, format: 'pve-node' },
    migration_network: { type: 'string', optional: true, format: 'CIDR' },
    migration_type: { type: 'string', optional: true, enum: ['secure', 'insecure'] },
    'nets-host-mtu': { type: 'string', optional: true, pattern: 'net\\d+=\\d+(,net\\d+=\\d+)*' },
    skiplock: bool,
    stateuri: { type: 'string', optional: true, maxLength: 128 },
    targetstorage: { type: 'string', optional: true, format: 'storage-pair-list' },
    timeout,
    'with-conntrack-state': bool,
  });
  powerRoute('stop', 'qmstop', { keepActive: bool, migratedfrom: { type: 'string', optional: true, format: 'pve-node' }, 'overrule-shutdown': bool, skiplock: bool, timeout });
  powerRoute('shutdown', 'qmshutdown', { forceStop: bool, keepActive: bool, skiplock: bool, timeout });
  powerRoute('reboot', 'qmreboot', { timeout });
  powerRoute('reset', 'qmreset', { skiplock: bool });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/agent',
    proxyToNode: true,
    params: { ...vmParams, command: { type: 'string', enum: AGENT_COMMANDS } },
    handler: ({ sim, params }) => agentCommand(sim, sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid')), reqStr(params, 'command')),
  });
  for (const [method, command] of [
    ['POST', 'ping'],
    ['GET', 'network-get-interfaces'],
    ['GET', 'get-host-name'],
    ['GET', 'get-osinfo'],
    ['GET', 'info'],
  ] as const) {
    router.add({
      method,
      path: `/nodes/{node}/qemu/{vmid}/agent/${command}`,
      proxyToNode: true,
      params: vmParams,
      handler: ({ sim, params }) => agentCommand(sim, sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid')), command),
    });
  }
}

export function registerPowerWorkers(sim: LabCluster): void {
  const vmOf = (task: TaskRecord): VmRecord => sim.vmOn(task.node, Number(task.id));
  const opts = (task: TaskRecord) => task.action as unknown as { skiplock: boolean };
  sim.tasks.register('power-start', (task) => {
    bootVm(sim, vmOf(task), { skiplock: opts(task).skiplock });
    return undefined;
  });
  sim.tasks.register('power-stop', (task) => {
    const vm = vmOf(task);
    if (vm.status !== 'running') return undefined;
    sim.checkLock(vm, opts(task).skiplock);
    haltVm(sim, vm, 'stop');
    return undefined;
  });
  sim.tasks.register('power-shutdown', (task) => {
    const vm = vmOf(task);
    if (vm.status !== 'running') return undefined;
    sim.checkLock(vm, opts(task).skiplock);
    haltVm(sim, vm, 'shutdown');
    return undefined;
  });
  sim.tasks.register('power-reboot', (task) => {
    const vm = vmOf(task);
    if (vm.status !== 'running') throw new Error(`VM ${vm.vmid} not running`);
    sim.checkLock(vm, false);
    haltVm(sim, vm, 'reboot');
    bootVm(sim, vm);
    return undefined;
  });
  sim.tasks.register('power-reset', (task) => {
    const vm = vmOf(task);
    if (vm.status !== 'running') throw new Error(`VM ${vm.vmid} not running`);
    sim.checkLock(vm, opts(task).skiplock);
    vm.startedAt = sim.now();
    sim.emitBoot(bootEvent(sim, vm, vm.bootCloudInit ?? cloudInitSnapshot(vm), noCloudSeed(sim, vm)));
    return undefined;
  });
}
