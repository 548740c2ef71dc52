import { planProxmoxCluster } from '../../../../stacks/plan/cluster-plan';
import { smbiosUuid } from '../../../../stacks/plan/node-identity';
import { baseSpec, specWith } from './fixtures';

describe('planProxmoxCluster', () => {
  test('GIVEN three control planes and two workers WHEN planned THEN names, VMIDs, IPs and placement are derived', () => {
    const plan = planProxmoxCluster(baseSpec());
    expect(plan.nodes.map((n) => [n.name, n.role, n.vmid, n.ip, n.proxmoxNode])).toEqual([
      ['demo-cp-1', 'controlplane', 1100, '10.20.0.11', 'pve1'],
      ['demo-cp-2', 'controlplane', 1101, '10.20.0.12', 'pve2'],
      ['demo-cp-3', 'controlplane', 1102, '10.20.0.13', 'pve3'],
      ['demo-worker-1', 'worker', 1103, '10.20.0.21', 'pve1'],
      ['demo-worker-2', 'worker', 1104, '10.20.0.22', 'pve2'],
    ]);
    const cp1 = plan.nodes[0];
    expect(cp1.smbiosUuid).toBe(smbiosUuid('demo', 'demo-cp-1'));
    expect(cp1.providerId).toBe(`proxmox://${cp1.smbiosUuid}`);
    expect(cp1.tags).toEqual(['controlplane', 'demo', 'talos']);
    expect(plan.clusterEndpoint).toBe('https://10.20.0.10:6443');
    expect(plan.usedProxmoxNodes).toEqual(['pve1', 'pve2', 'pve3']);
    expect(plan).toMatchObject({ imageDatastore: 'local', vmDatastore: 'local-lvm', imageDatastoreShared: false });
  });

  test('explicit placement, explicit IPs and a pool VMID base', () => {
    const plan = planProxmoxCluster(
      specWith((s) => {
        s.nodePools[1] = { ...s.nodePools[1], proxmoxNodes: ['pve3', 'pve3'], ips: ['10.20.0.40', '10.20.0.33'], firstIp: undefined, vmidBase: 2000, tags: ['gpu'] };
      }),
    );
    expect(plan.nodes.slice(3).map((n) => [n.name, n.vmid, n.ip, n.proxmoxNode, n.tags])).toEqual([
      ['demo-worker-1', 2000, '10.20.0.40', 'pve3', ['demo', 'gpu', 'talos', 'worker']],
      ['demo-worker-2', 2001, '10.20.0.33', 'pve3', ['demo', 'gpu', 'talos', 'worker']],
    ]);
  });

  test('without a VIP the endpoint is the first control plane; unused Proxmox nodes get no image', () => {
    const plan = planProxmoxCluster(
      specWith((s) => {
        delete s.network.vip;
        s.nodePools = [{ ...s.nodePools[0], count: 1, proxmoxNodes: ['pve2'] }];
      }),
    );
    expect(plan.clusterEndpoint).toBe('https://10.20.0.11:6443');
    expect(plan.usedProxmoxNodes).toEqual(['pve2']);
  });

  // Each row: what is wrong, the edit, the message (field and fix).
  test.each([
    [
      'duplicate VMID',
      specWith((s) => {
        s.nodePools[1].vmidBase = 1101;
      }),
      /nodePools\[1\] node demo-worker-1: vmid 1101: is already the VMID of nodePools\[0\] node demo-cp-2; give each its own VMID/,
    ],
    [
      'duplicate name (two pools with one name)',
      specWith((s) => {
        s.nodePools[1].name = 'cp';
      }),
      /nodePools\[1\]: name "cp": is already the pool name of nodePools\[0\]/,
    ],
    [
      'IP outside the subnet',
      specWith((s) => {
        s.nodePools[1].firstIp = '10.21.0.21';
      }),
      /nodePools\[1\]\.firstIp "10\.21\.0\.21": is outside the node subnet 10\.20\.0\.0\/24.*; pick addresses inside 10\.20\.0\.0\/24/,
    ],
    [
      'pool range running past the subnet',
      specWith((s) => {
        s.nodePools[1].firstIp = '10.20.0.254';
      }),
      /nodePools\[1\]\.firstIp \(\+1\) "10\.20\.0\.255": is outside the node subnet/,
    ],
    [
      'two nodes with one IP',
      specWith((s) => {
        s.nodePools[1].firstIp = '10.20.0.13';
      }),
      /nodePools\[1\] node demo-worker-1: ip "10\.20\.0\.13": is already the IP address of nodePools\[0\] node demo-cp-3/,
    ],
    [
      'a node on the gateway',
      specWith((s) => {
        s.nodePools[0].firstIp = '10.20.0.1';
      }),
      /node demo-cp-1 ip "10\.20\.0\.1": is the gateway address/,
    ],
    [
      'unknown datastore',
      specWith((s) => {
        s.proxmox.vmDatastore = 'ceph-vm';
      }),
      /proxmox\.vmDatastore "ceph-vm": is not a known datastore; add it to proxmox\.datastores or use one of: local, local-lvm/,
    ],
    [
      'datastore without the needed content type',
      specWith((s) => {
        s.proxmox.imageDatastore = 'local-lvm';
      }),
      /proxmox\.imageDatastore "local-lvm": is not configured for content type 'import'/,
    ],
    [
      'bad datastore ID format',
      specWith((s) => {
        s.proxmox.datastores[0].id = 'local disk';
      }),
      /proxmox\.datastores\[0\]\.id "local disk": is not a PVE storage ID/,
    ],
    [
      'bridge name format',
      specWith((s) => {
        s.network.attachment = { kind: 'bridge', bridge: 'vmbr-talos-01' };
      }),
      /network\.attachment\.bridge "vmbr-talos-01": is not a Linux bridge name; use a letter then up to 9 letters, digits or underscores/,
    ],
    [
      'SDN ID too long',
      specWith((s) => {
        s.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'talosnodes', vnetId: 'tnet' };
      }),
      /network\.attachment\.zoneId "talosnodes": is not an SDN ID; use 2 to 8 letters or digits/,
    ],
    [
      'VLAN zone without its bridge',
      specWith((s) => {
        s.network.attachment = { kind: 'sdn', zoneType: 'vlan', zoneId: 'talos', vnetId: 'tnet', vlanTag: 30 };
      }),
      /network\.attachment\.zoneBridge undefined: is required for a VLAN zone/,
    ],
    [
      'VLAN ID out of range',
      specWith((s) => {
        s.network.attachment = { kind: 'vlan', bridge: 'vmbr30', device: 'eno1', vlanId: 4095 };
      }),
      /network\.attachment\.vlanId 4095: must be a whole number from 1 to 4094; VLAN IDs are 1\.\.4094/,
    ],
    [
      'memory below the Talos minimum',
      specWith((s) => {
        s.nodePools[0].memoryMiB = 1024;
      }),
      /nodePools\[0\]\.memoryMiB 1024: must be a whole number from 2048 to 4194304; a Talos controlplane needs at least 2048 MiB/,
    ],
    [
      'memory given in GiB by mistake',
      specWith((s) => {
        s.nodePools[1].memoryMiB = 8;
      }),
      /nodePools\[1\]\.memoryMiB 8: .*memory is in MiB: 4096 = 4 GiB/,
    ],
    [
      'cores out of range',
      specWith((s) => {
        s.nodePools[1].cores = 0;
      }),
      /nodePools\[1\]\.cores 0: must be a whole number from 1 to 512/,
    ],
    [
      'fractional cores',
      specWith((s) => {
        s.nodePools[0].cores = 2.5;
      }),
      /nodePools\[0\]\.cores 2\.5: must be a whole number/,
    ],
    [
      'VIP inside the pool ranges',
      specWith((s) => {
        s.network.vip = '10.20.0.22';
      }),
      /network\.vip "10\.20\.0\.22": is inside the pool ranges \(node demo-worker-2 has it\)/,
    ],
    [
      'VIP outside the subnet',
      specWith((s) => {
        s.network.vip = '192.168.0.10';
      }),
      /network\.vip "192\.168\.0\.10": is outside the node subnet/,
    ],
    [
      'gateway outside the subnet',
      specWith((s) => {
        s.network.gateway = '10.20.1.1';
      }),
      /network\.gateway "10\.20\.1\.1": is not a host address in 10\.20\.0\.0\/24/,
    ],
    [
      'subnet with host bits',
      specWith((s) => {
        s.network.cidr = '10.20.0.5/24';
      }),
      /network\.cidr "10\.20\.0\.5\/24": is not an IPv4 network; write the network address/,
    ],
    [
      'unknown Proxmox node in a pool',
      specWith((s) => {
        s.nodePools[1].proxmoxNodes = ['pve4'];
      }),
      /nodePools\[1\]\.proxmoxNodes\[0\] "pve4": is not in proxmox\.nodes; use one of: pve1, pve2, pve3/,
    ],
    [
      'VMID base out of range',
      specWith((s) => {
        s.vmidBase = 99;
      }),
      /vmidBase 99: must be a whole number from 100 to 999999999/,
    ],
    [
      'no control plane',
      specWith((s) => {
        s.nodePools[0].count = 0;
      }),
      /nodePools .*has no control-plane node; add a pool with role controlplane/,
    ],
    [
      'IPs list of the wrong length',
      specWith((s) => {
        s.nodePools[1] = { ...s.nodePools[1], firstIp: undefined, ips: ['10.20.0.21'] };
      }),
      /nodePools\[1\]\.ips .*: has 1 addresses for 2 nodes/,
    ],
    [
      'both firstIp and ips',
      specWith((s) => {
        s.nodePools[1].ips = ['10.20.0.21', '10.20.0.22'];
      }),
      /nodePools\[1\]\.firstIp "10\.20\.0\.21": and ips: give exactly one/,
    ],
    [
      'cluster name that is not a DNS label',
      specWith((s) => {
        s.clusterName = 'Demo_Cluster';
      }),
      /clusterName "Demo_Cluster": is not a DNS label/,
    ],
    [
      'http endpoint',
      specWith((s) => {
        s.proxmox.endpoint = 'http://pve.example.com:8006/';
      }),
      /proxmox\.endpoint "http:\/\/pve\.example\.com:8006\/": has scheme http:; use https/,
    ],
    [
      'bad tag',
      specWith((s) => {
        s.tags = ['Team A'];
      }),
      /tags\[0\] "Team A": is not a Proxmox tag/,
    ],
    [
      'bad management CIDR',
      specWith((s) => {
        s.firewall = { managementCidrs: ['192.168.1.7/24'] };
      }),
      /firewall\.managementCidrs\[0\] "192\.168\.1\.7\/24": is not an IPv4 network/,
    ],
  ])('rejects %s', (_what, spec, message) => {
    expect(() => planProxmoxCluster(spec, 'demo-proxmox')).toThrow(message);
  });

  test('errors start with the stack name so a multi-stack app points at the right cluster', () => {
    expect(() =>
      planProxmoxCluster(
        specWith((s) => void (s.vmidBase = 1)),
        'prod-proxmox',
      ),
    ).toThrow(/^prod-proxmox: vmidBase 1:/);
  });
});
