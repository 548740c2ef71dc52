/** The deprecated machine.network section: accepted like Talos v1.13's decoder, validated like Talos. */
import { legacyNetworkProblems } from '../../../lab/talos/legacy-network';

const cp = { controlPlane: true, discoveryEnabled: true, clusterId: 'id', clusterSecret: 'secret' };

describe('legacyNetworkProblems', () => {
  it('accepts what CABPT and older generators render', () => {
    expect(legacyNetworkProblems(undefined, cp)).toEqual([]);
    expect(legacyNetworkProblems({}, cp)).toEqual([]);
    const network = {
      hostname: 'cp-1',
      nameservers: ['10.0.0.1', '2001:db8::1'],
      interfaces: [
        { interface: 'eth0', dhcp: false, addresses: ['10.0.0.11/24'], routes: [{ network: '0.0.0.0/0', gateway: '10.0.0.1' }], vip: { ip: '10.0.0.10' } },
        { deviceSelector: { hardwareAddr: 'aa:bb:*' }, dhcp: true, vlans: [{ vlanId: 20, addresses: ['10.20.0.5/24'] }] },
      ],
      extraHostEntries: [{ ip: '10.0.0.5', aliases: ['registry'] }],
      kubespan: { enabled: true },
    };
    expect(legacyNetworkProblems(network, cp)).toEqual([]);
  });

  it('rejects unknown keys and wrong shapes, naming the field', () => {
    expect(legacyNetworkProblems({ interfaces: [{ interface: 'eth0', adresses: [] }] }, cp)).toEqual(['v1alpha1: machine.network.interfaces.0: unknown field "adresses"']);
    expect(legacyNetworkProblems({ interfaces: 'eth0' }, cp)).toEqual(['v1alpha1: machine.network.interfaces: must be array']);
    expect(legacyNetworkProblems('dhcp', cp)).toEqual(['v1alpha1: machine.network: must be object']);
  });

  it('applies Talos rules to interfaces, addresses, routes and VIPs', () => {
    const problems = legacyNetworkProblems(
      {
        interfaces: [
          { addresses: ['10.0.0.1/24'] },
          { interface: 'eth1', deviceSelector: { driver: 'virtio' } },
          { interface: 'eth2', cidr: '10.0.0.2/24', addresses: ['10.0.0.3/33', 'nonsense'] },
          { interface: 'eth3', routes: [{ metric: 10 }, { network: '10.0.0.0', gateway: 'gw' }], vip: { ip: 'x' } },
        ],
      },
      cp,
    );
    expect(problems).toEqual([
      '[networking.os.device.interface], [networking.os.device.deviceSelector]: required either config section to be set',
      '[networking.os.device.interface], [networking.os.device.deviceSelector]: config sections are mutually exclusive',
      `[networking.os.device] "eth2": interface can't have both .cidr and .addresses set`,
      '[networking.os.device.addresses] "eth2": invalid CIDR address: 10.0.0.3/33',
      '[networking.os.device.addresses] "eth2": failed to parse IP address "nonsense"',
      '[networking.os.device.vip] failed to parse "x" as IP address',
      '[networking.os.device.route[0]]: either network or gateway should be set',
      '[networking.os.device.route[1].network] "10.0.0.0": invalid network address',
      '[networking.os.device.route[1].gateway] "gw": invalid network address',
    ]);
  });

  it('refuses VIPs on workers, double-enslaved links and KubeSpan without discovery', () => {
    const worker = { ...cp, controlPlane: false, discoveryEnabled: false, clusterId: '' };
    expect(legacyNetworkProblems({ interfaces: [{ interface: 'eth0', vip: { ip: '10.0.0.10' } }] }, worker)).toEqual(['virtual (shared) IP is not allowed on non-controlplane nodes']);
    expect(
      legacyNetworkProblems(
        {
          interfaces: [
            { interface: 'bond0', bond: { interfaces: ['eth0'] } },
            { interface: 'br0', bridge: { interfaces: ['eth0'] } },
            { interface: 'eth0', dhcp: true },
          ],
        },
        cp,
      ),
    ).toEqual([
      'interface "eth0" is declared as part of two separate links: "bond0" and "br0"',
      `[networking.os.device] "eth0": bonded/bridged interface shouldn't have any addressing methods configured`,
    ]);
    expect(legacyNetworkProblems({ kubespan: { enabled: true, mtu: 1000 } }, worker)).toEqual([
      'kubespan link MTU must be at least 1280',
      '.cluster.discovery should be enabled when .machine.network.kubespan is enabled',
      '.cluster.id should be set when .machine.network.kubespan is enabled',
    ]);
  });
});
