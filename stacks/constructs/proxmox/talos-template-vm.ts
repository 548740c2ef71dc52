/**
 * The Talos template VM Cluster API clones new machines from. CAPMOX finds it by its one tag
 * (`templateSelector`, policy exact), full-clones it onto the chosen node, then sets CPU, memory,
 * NIC and tags, grows the boot disk, attaches its own nocloud ISO on ide0 and starts the clone.
 * So the template is the node VM's hardware (UEFI on q35, VirtIO SCSI, CPU host, no balloon, agent
 * on) with the same Talos nocloud image imported as its boot disk, but no cloud-init drive (CAPMOX
 * brings the config), no pinned SMBIOS UUID (PVE gives every clone a new one) and never started:
 * PVE converts it to a template right after create, and templates cannot run.
 */
import { Construct } from 'constructs';
import { Token, type TerraformResource } from '../../cdk';
import { virtualEnvironmentVm } from '../../../providers/bindings/proxmox';
import type { TalosTemplatePlan } from '../../plan/template-plan';
import { checkBridgeName, checkDatastoreId, checkDnsLabel, checkMachineSize, checkPveNodeName, checkTag, checkVlanId, checkVmid, fail } from '../../plan/rules';

/** The template as planned (name, VMID, Proxmox node, tag, sizes), and where it goes. */
export interface TalosTemplateVmProps extends Omit<TalosTemplatePlan, 'cloneNodes'> {
  /** Datastore (content `images`) for the boot disk and EFI vars. */
  readonly datastoreId: string;
  /** Volume the boot disk is imported from (the Talos image download's `id`). */
  readonly imageFileId: string;
  /** Bridge or SDN VNet of the NIC (clones keep it unless CAPMOX's template names another). */
  readonly bridge: string;
  /** VLAN tag of the NIC. @default untagged */
  readonly vlanId?: number;
  /** A fixed unicast MAC keeps re-plans empty (PVE gives every clone a new one). */
  readonly macAddress: string;
  /** Resource pool the template joins. @default no pool */
  readonly poolId?: string;
  /** Shown in the PVE UI. @default none */
  readonly description?: string;
  /** Resources that must exist before the template is created. @default [] */
  readonly dependsOn?: readonly TerraformResource[];
}

const nullNumber = (): number => Token.asNumber(Token.nullValue());

function checkProps(where: string, p: TalosTemplateVmProps): void {
  checkDnsLabel(where, 'name', p.name);
  checkVmid(where, 'vmid', p.vmid);
  checkPveNodeName(where, 'proxmoxNode', p.proxmoxNode);
  checkTag(where, 'tag', p.tag);
  // Sized like a worker at least: CAPMOX resizes clones to their role's pool.
  checkMachineSize(where, '', 'worker', p);
  checkDatastoreId(where, 'datastoreId', p.datastoreId);
  if (!Token.isUnresolved(p.bridge)) checkBridgeName(where, 'bridge', p.bridge);
  if (p.vlanId !== undefined) checkVlanId(where, 'vlanId', p.vlanId);
  if (!/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(p.macAddress) || parseInt(p.macAddress.slice(0, 2), 16) & 1) {
    fail(where, 'macAddress', p.macAddress, 'is not a unicast MAC address', 'derive it with nodeMacAddress(cluster, name)');
  }
}

export class TalosTemplateVm extends Construct {
  readonly vm: virtualEnvironmentVm.VirtualEnvironmentVm;

  constructor(scope: Construct, id: string, props: TalosTemplateVmProps) {
    super(scope, id);
    checkProps(this.node.path, props);
    this.vm = new virtualEnvironmentVm.VirtualEnvironmentVm(this, 'vm', {
      nodeName: props.proxmoxNode,
      vmId: props.vmid,
      name: props.name,
      description: props.description,
      tags: [props.tag],
      poolId: props.poolId,
      // Created stopped, then converted (POST …/template); a template never starts.
      template: true,
      started: false,
      onBoot: false,
      bios: 'ovmf',
      machine: 'q35',
      scsiHardware: 'virtio-scsi-pci',
      cpu: { type: 'host', cores: props.cores, sockets: 1 },
      memory: { dedicated: props.memoryMiB, floating: 0 },
      agent: { enabled: true, trim: true, type: 'virtio', waitForIp: { disabled: true } },
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
          iothread: false,
        },
      ],
      bootOrder: ['scsi0'],
      networkDevice: [
        {
          bridge: props.bridge,
          model: 'virtio',
          macAddress: props.macAddress,
          firewall: false,
          vlanId: props.vlanId ?? nullNumber(),
          enabled: Token.nullValue(),
          disconnected: false,
          mtu: nullNumber(),
          queues: nullNumber(),
          rateLimit: nullNumber(),
          trunks: Token.asString(Token.nullValue()),
        },
      ],
      serialDevice: [{ device: 'socket' }],
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
