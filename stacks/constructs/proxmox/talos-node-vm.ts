/**
 * One Talos node as a Proxmox VM, set up per the Talos-on-Proxmox facts: UEFI (OVMF + EFI disk
 * without pre-enrolled keys) on q35, CPU type host, VirtIO SCSI (not "single": Talos bootstrap can
 * hang on it), ballooning off, guest agent on, the boot disk imported from the downloaded nocloud
 * image, and a cloud-init drive carrying the static IP and DNS (Talos' nocloud platform reads it
 * and stays in maintenance mode until a machine config is applied). The SMBIOS UUID and MAC are
 * pinned so the node's providerID is known at synth.
 */
import { Construct } from 'constructs';
import { Token, type TerraformResource } from '../../cdk';
import { virtualEnvironmentVm } from '../../../providers/bindings/proxmox';
import {
  checkBridgeName,
  checkDatastoreId,
  checkDnsLabel,
  checkIpv4,
  checkIntRange,
  checkMachineSize,
  checkPveNodeName,
  checkTag,
  checkVlanId,
  checkVmid,
  fail,
  type NodeRole,
} from '../../plan/rules';

export type ScsiController = 'virtio-scsi-pci' | 'virtio-scsi-single';

export interface TalosNodeVmProps {
  /** VM name and hostname (DNS label). */
  readonly name: string;
  readonly role: NodeRole;
  readonly vmid: number;
  readonly proxmoxNode: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** Datastore (content `images`) for the boot disk, EFI vars and the cloud-init drive. */
  readonly datastoreId: string;
  /** Volume the boot disk is imported from, e.g. a download's `id`. */
  readonly imageFileId: string;
  /** Bridge or SDN VNet of the NIC (may be a reference to the resource that creates it). */
  readonly bridge: string;
  /** VLAN tag of the NIC. @default untagged */
  readonly vlanId?: number;
  readonly macAddress: string;
  readonly ip: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  /** DNS search domain of the cloud-init network config. @default none */
  readonly searchDomain?: string;
  readonly smbiosUuid: string;
  /** Sorted on synth (PVE sorts them; unsorted lists cause perpetual diffs). @default [] */
  readonly tags?: readonly string[];
  /** Resource pool the VM joins (pass the pool resource's `poolId` so the VM waits for it). @default no pool */
  readonly poolId?: string;
  /** Let the PVE firewall filter this NIC. @default false */
  readonly firewall?: boolean;
  /** @default 'virtio-scsi-pci' */
  readonly scsiController?: ScsiController;
  /** Wait for the guest agent to report a routable IP on create and every refresh. @default false */
  readonly waitForGuestIp?: boolean;
  /** Resources that must exist before the VM is created (network apply, …). @default [] */
  readonly dependsOn?: readonly TerraformResource[];
}

const nullNumber = (): number => Token.asNumber(Token.nullValue());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;

function checkProps(where: string, p: TalosNodeVmProps): void {
  checkDnsLabel(where, 'name', p.name);
  if (p.role !== 'controlplane' && p.role !== 'worker') fail(where, 'role', p.role, 'is not a node role', "use 'controlplane' or 'worker'");
  checkVmid(where, 'vmid', p.vmid);
  checkPveNodeName(where, 'proxmoxNode', p.proxmoxNode);
  checkMachineSize(where, '', p.role, p);
  checkDatastoreId(where, 'datastoreId', p.datastoreId);
  if (!Token.isUnresolved(p.bridge)) checkBridgeName(where, 'bridge', p.bridge);
  if (p.vlanId !== undefined) checkVlanId(where, 'vlanId', p.vlanId);
  if (!MAC.test(p.macAddress)) fail(where, 'macAddress', p.macAddress, 'is not a MAC address', 'write six upper-case hex pairs, e.g. BC:24:11:0A:0B:0C');
  // Multicast bit set = not a unicast NIC address.
  if (parseInt(p.macAddress.slice(0, 2), 16) & 1) fail(where, 'macAddress', p.macAddress, 'is a multicast address', 'clear the lowest bit of the first octet');
  checkIpv4(where, 'ip', p.ip);
  checkIntRange(where, 'prefixLength', p.prefixLength, 1, 32);
  checkIpv4(where, 'gateway', p.gateway);
  if (!p.dnsServers.length) fail(where, 'dnsServers', p.dnsServers, 'is empty', 'give at least one DNS server');
  p.dnsServers.forEach((s, i) => checkIpv4(where, `dnsServers[${i}]`, s));
  if (!UUID.test(p.smbiosUuid)) fail(where, 'smbiosUuid', p.smbiosUuid, 'is not a lower-case UUID', 'derive it with smbiosUuid(cluster, node)');
  (p.tags ?? []).forEach((t, i) => checkTag(where, `tags[${i}]`, t));
  if (p.scsiController !== undefined && p.scsiController !== 'virtio-scsi-pci' && p.scsiController !== 'virtio-scsi-single') {
    fail(where, 'scsiController', p.scsiController, 'is not a VirtIO SCSI controller', "use 'virtio-scsi-pci'");
  }
}

export class TalosNodeVm extends Construct {
  readonly vm: virtualEnvironmentVm.VirtualEnvironmentVm;

  constructor(scope: Construct, id: string, props: TalosNodeVmProps) {
    super(scope, id);
    checkProps(this.node.path, props);
    const scsi = props.scsiController ?? 'virtio-scsi-pci';
    this.vm = new virtualEnvironmentVm.VirtualEnvironmentVm(this, 'vm', {
      nodeName: props.proxmoxNode,
      vmId: props.vmid,
      name: props.name,
      description: `Talos ${props.role} ${props.name}`,
      tags: [...new Set(props.tags ?? [])].sort(),
      poolId: props.poolId,
      bios: 'ovmf',
      machine: 'q35',
      scsiHardware: scsi,
      onBoot: true,
      started: true,
      // Never reboot a node to apply a change: bpg would reboot every changed VM at once (a cluster
      // outage), e.g. on the settings a VM imported back from Cluster API has no state for. Changes
      // that need a restart wait in PVE for the node's next reboot (a Talos upgrade, a rolling reboot).
      rebootAfterUpdate: false,
      stopOnDestroy: true,
      cpu: { type: 'host', cores: props.cores, sockets: 1 },
      // floating = 0 turns the balloon device off (Talos does not support memory hotplug/ballooning).
      memory: { dedicated: props.memoryMiB, floating: 0 },
      // The agent stays on (clean shutdown, fstrim, IPs in the PVE UI), but the provider does not wait
      // for it to report an IP: the address is static and known, and waiting (up to agent.timeout on
      // every refresh) would stall plans whenever the image lacks the agent extension.
      agent: { enabled: true, trim: true, type: 'virtio', waitForIp: { disabled: !(props.waitForGuestIp ?? false) } },
      operatingSystem: { type: 'l26' },
      efiDisk: { datastoreId: props.datastoreId, fileFormat: 'raw', type: '4m', preEnrolledKeys: false },
      disk: [
        {
          interface: 'scsi0',
          datastoreId: props.datastoreId,
          importFromAttribute: props.imageFileId,
          size: props.diskGiB,
          discard: 'on',
          ssd: true,
          // An I/O thread per disk needs the single-queue controller.
          iothread: scsi === 'virtio-scsi-single',
        },
      ],
      bootOrder: ['scsi0'],
      // An attribute-mode list(object) in the SDKv2 schema: every field must be present, null when unset.
      networkDevice: [
        {
          bridge: props.bridge,
          model: 'virtio',
          macAddress: props.macAddress,
          firewall: props.firewall ?? false,
          vlanId: props.vlanId ?? nullNumber(),
          // `enabled` is deprecated in bpg 0.111 (remove the NIC instead); null keeps the provider default (true).
          enabled: Token.nullValue(),
          disconnected: false,
          mtu: nullNumber(),
          queues: nullNumber(),
          rateLimit: nullNumber(),
          trunks: Token.asString(Token.nullValue()),
        },
      ],
      initialization: {
        datastoreId: props.datastoreId,
        ipConfig: [{ ipv4: { address: `${props.ip}/${props.prefixLength}`, gateway: props.gateway } }],
        dns: { servers: [...props.dnsServers], domain: props.searchDomain },
      },
      smbios: { uuid: props.smbiosUuid },
      serialDevice: [{ device: 'socket' }],
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
