/**
 * Runs the real terraform CLI with the real bpg/proxmox provider (from the project's filesystem
 * mirror) against the in-process simulator. Commands run asynchronously: the simulator answers
 * from this same process.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { terraformBinary } from '../../../../tools/build/engine';
import type { ProxmoxSimulator } from '../../../lab/proxmox/simulator';

export const PROVIDER_VERSION = '0.111.1';
export const MIRROR_DIR = resolve(__dirname, '../../../../dist/mirror');
export const PROVIDER_BINARY = join(MIRROR_DIR, 'registry.terraform.io/bpg/proxmox', PROVIDER_VERSION, 'linux_amd64', `terraform-provider-proxmox_v${PROVIDER_VERSION}`);

export function assertToolsPresent(): void {
  if (!existsSync(PROVIDER_BINARY)) throw new Error(`bpg provider binary missing at ${PROVIDER_BINARY}; build it with tools/build/proxmox-provider.sh`);
}

export interface TfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class TerraformRunner {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly workDir: string,
    sim: ProxmoxSimulator,
  ) {
    const cliConfig = join(workDir, 'cli.tfrc');
    writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(MIRROR_DIR)}`,
        '    include = ["registry.terraform.io/bpg/proxmox"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/bpg/proxmox"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      // Proper trust instead of `insecure`: the provider is Go, which honours SSL_CERT_FILE.
      SSL_CERT_FILE: sim.caFile,
      PROXMOX_VE_ENDPOINT: `${sim.url}/`,
      PROXMOX_VE_API_TOKEN: sim.credentials.apiToken,
    };
  }

  writeConfig(config: unknown): void {
    writeFileSync(join(this.workDir, 'main.tf.json'), JSON.stringify(config, null, 2));
  }

  run(...args: string[]): Promise<TfResult> {
    return new Promise((resolvePromise) => {
      execFile(terraformBinary(), [...args, '-no-color'], { cwd: this.workDir, env: this.env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((err as { code: number }).code) : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      });
    });
  }
}

/** Network device with every attribute set: in JSON syntax this SDKv2 list is an attribute, not a block. */
function nic(bridge: string, mac: string): Record<string, unknown> {
  return { bridge, model: 'virtio', mac_address: mac, disconnected: false, enabled: true, firewall: false, mtu: 0, queues: 0, rate_limit: 0, trunks: '', vlan_id: 0 };
}

export interface StackVm {
  readonly key: string;
  readonly node: string;
  readonly vmid: number;
  readonly ip: string;
  readonly mac: string;
  readonly uuid: string;
}

/** Plain `.tf.json`: pool, Linux bridge, image download (import content), Talos-style VMs with disk import + cloud-init. */
export function talosStackConfig(vms: readonly StackVm[], imageUrl: string): Record<string, unknown> {
  const nodes = [...new Set(vms.map((v) => v.node))];
  return {
    terraform: { required_providers: { proxmox: { source: 'bpg/proxmox', version: PROVIDER_VERSION } } },
    provider: { proxmox: {} },
    resource: {
      proxmox_virtual_environment_pool: { cluster: { pool_id: 'talos-lab', comment: 'talos lab cluster' } },
      proxmox_network_linux_bridge: Object.fromEntries(nodes.map((n) => [n, { node_name: n, name: 'vmbr1', address: '10.20.0.1/24', comment: 'talos nodes', autostart: true }])),
      proxmox_download_file: Object.fromEntries(
        nodes.map((n) => [n, { node_name: n, datastore_id: 'local', content_type: 'import', url: imageUrl, file_name: 'talos-nocloud-amd64.qcow2', overwrite: false }]),
      ),
      proxmox_virtual_environment_vm: Object.fromEntries(
        vms.map((v) => [
          v.key,
          {
            node_name: v.node,
            vm_id: v.vmid,
            name: v.key,
            pool_id: '${proxmox_virtual_environment_pool.cluster.pool_id}',
            tags: ['control-plane', 'talos'],
            on_boot: true,
            stop_on_destroy: true,
            bios: 'ovmf',
            machine: 'q35',
            scsi_hardware: 'virtio-scsi-single',
            cpu: [{ type: 'host', cores: 2 }],
            memory: [{ dedicated: 4096, floating: 0 }],
            agent: [{ enabled: true, timeout: '2m' }],
            operating_system: [{ type: 'l26' }],
            efi_disk: [{ datastore_id: 'local-lvm', type: '4m' }],
            disk: [{ interface: 'scsi0', datastore_id: 'local-lvm', import_from: `\${proxmox_download_file.${v.node}.id}`, size: 20, iothread: true, discard: 'on', ssd: true }],
            network_device: [nic(`\${proxmox_network_linux_bridge.${v.node}.name}`, v.mac)],
            initialization: [{ datastore_id: 'local-lvm', ip_config: [{ ipv4: { address: `${v.ip}/24`, gateway: '10.20.0.1' } }], dns: [{ servers: ['1.1.1.1'], domain: 'lab.local' }] }],
            smbios: [{ uuid: v.uuid }],
          },
        ]),
      ),
    },
  };
}

/** Cluster networking and firewall breadth: SDN zone/vnet/subnet + applier, a VLAN, cluster firewall, a security group and cluster rules. */
export function networkBreadthConfig(): Record<string, unknown> {
  return {
    terraform: { required_providers: { proxmox: { source: 'bpg/proxmox', version: PROVIDER_VERSION } } },
    provider: { proxmox: {} },
    resource: {
      proxmox_sdn_zone_simple: { z: { id: 'talos', nodes: ['pve1', 'pve2'], ipam: 'pve', dhcp: 'dnsmasq', mtu: 1450 } },
      proxmox_sdn_vnet: { v: { id: 'tnet', zone: '${proxmox_sdn_zone_simple.z.id}', alias: 'talos nodes' } },
      proxmox_sdn_subnet: { s: { vnet: '${proxmox_sdn_vnet.v.id}', cidr: '10.50.0.0/24', gateway: '10.50.0.1', snat: true, dhcp_range: { start_address: '10.50.0.100', end_address: '10.50.0.200' } } },
      proxmox_sdn_applier: { a: { depends_on: ['proxmox_sdn_subnet.s'] } },
      proxmox_network_linux_vlan: { vl: { node_name: 'pve1', name: 'eno1.30', comment: 'vlan30', address: '10.30.0.2/24' } },
      proxmox_virtual_environment_cluster_firewall: {
        fw: { enabled: true, ebtables: true, input_policy: 'DROP', output_policy: 'ACCEPT', log_ratelimit: { enabled: true, burst: 10, rate: '5/second' } },
      },
      proxmox_virtual_environment_cluster_firewall_security_group: {
        cp: {
          name: 'talos-cp',
          comment: 'control plane',
          rule: [
            { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '6443', comment: 'kubernetes api' },
            { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '50000', comment: 'talos api' },
          ],
        },
      },
      proxmox_virtual_environment_firewall_rules: {
        cluster: {
          rule: [
            { security_group: '${proxmox_virtual_environment_cluster_firewall_security_group.cp.name}', comment: 'control plane group' },
            { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22', comment: 'ssh' },
          ],
        },
      },
    },
  };
}
