import { formatIpv4, isUsableHost, parseIpv4Cidr, parseIpv4 } from '../../../../providers/kernel/ipv4';
import { nodeMacAddress, proxmoxProviderId, smbiosUuid, uuidV5 } from '../../../../stacks/plan/node-identity';

describe('node identity', () => {
  test('uuidV5 matches the RFC 9562 name-based algorithm (DNS namespace vector)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test('SMBIOS UUIDs are stable per (cluster, node) and differ across clusters and nodes', () => {
    const a = smbiosUuid('lab', 'lab-cp-1');
    expect(smbiosUuid('lab', 'lab-cp-1')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(smbiosUuid('lab', 'lab-cp-2')).not.toBe(a);
    expect(smbiosUuid('prod', 'lab-cp-1')).not.toBe(a);
    expect(proxmoxProviderId(a)).toBe(`proxmox://${a}`);
  });

  test('MAC addresses use the Proxmox OUI, are unicast and stable', () => {
    const mac = nodeMacAddress('lab', 'lab-cp-1');
    expect(mac).toMatch(/^BC:24:11(:[0-9A-F]{2}){3}$/);
    expect(nodeMacAddress('lab', 'lab-cp-1')).toBe(mac);
    expect(nodeMacAddress('lab', 'lab-cp-2')).not.toBe(mac);
    expect(nodeMacAddress('prod', 'lab-cp-1')).not.toBe(mac);
    // The derivation deployed clusters already carry: a changed MAC would change every VM's NIC.
    expect(mac).toBe('BC:24:11:FF:28:D1');
  });

  test('a MAC taken by an earlier node is re-derived, deterministically; others keep theirs', () => {
    const taken = new Set([nodeMacAddress('lab', 'lab-worker-7')]);
    const clash = nodeMacAddress('lab', 'lab-worker-7', taken);
    expect(clash).not.toBe(nodeMacAddress('lab', 'lab-worker-7'));
    expect(nodeMacAddress('lab', 'lab-worker-7', taken)).toBe(clash);
    expect(nodeMacAddress('lab', 'lab-worker-8', taken)).toBe(nodeMacAddress('lab', 'lab-worker-8'));
  });

  test('1,000 auto-named nodes of one cluster get 1,000 distinct MACs', () => {
    for (const cluster of ['lab', 'prod', 'c32', 'c40', 'edge-eu-1']) {
      const taken = new Set<string>();
      for (let i = 1; i <= 1000; i++) taken.add(nodeMacAddress(cluster, `${cluster}-worker-${i}`, taken));
      expect(taken.size).toBe(1000);
    }
  });
});

describe('ipv4', () => {
  test.each(['10.0.0.256', '10.0.0', '010.0.0.1', '1.2.3.4.5', 'a.b.c.d', ''])('rejects %j', (t) => expect(parseIpv4(t)).toBeUndefined());

  test('round-trips addresses', () => {
    expect(formatIpv4(parseIpv4('192.168.10.254') as number)).toBe('192.168.10.254');
    expect(formatIpv4(parseIpv4('255.255.255.255') as number)).toBe('255.255.255.255');
  });

  test('networks: host bits must be clear; network and broadcast are not hosts', () => {
    expect(parseIpv4Cidr('10.20.0.5/24')).toBeUndefined();
    expect(parseIpv4Cidr('10.20.0.0/33')).toBeUndefined();
    const net = parseIpv4Cidr('10.20.0.0/24');
    expect(net).toMatchObject({ prefix: 24 });
    const host = (t: string) => isUsableHost(net!, parseIpv4(t) as number);
    expect([host('10.20.0.0'), host('10.20.0.1'), host('10.20.0.254'), host('10.20.0.255'), host('10.20.1.1')]).toEqual([false, true, true, false, false]);
  });
});
