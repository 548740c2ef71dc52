import { DeployTimeline } from '../../../test/lab/deploy-timeline';

test('times each stack from its plain cdktf output', () => {
  const t = new DeployTimeline(0);
  const feed: [number, string][] = [
    [1.0, '\u001b[2Klab-proxmox  Initializing the backend...'],
    [1.2, 'lab-talos  Initializing the backend...'],
    [3.0, 'lab-proxmox  Plan: 2 to add, 0 to change, 0 to destroy.'],
    [3.5, 'lab-proxmox  proxmox_virtual_environment_vm.a: Creation complete after 3s [id=1]'],
    [3.6, '             proxmox_virtual_environment_vm.b: Creation complete after 1m2s [id=2]'],
    [4.0, 'lab-proxmox  Apply complete! Resources: 2 added, 0 changed, 0 destroyed.'],
    [5.0, 'lab-talos  No changes. Your infrastructure matches the configuration.'],
    [5.5, 'lab-talos  data.talos_cluster_health.h (cluster/health): Read complete after 4s [id=h]'],
    [6.0, 'lab-talos  Apply complete! Resources: 0 added, 0 changed, 0 destroyed.'],
  ];
  for (const [at, line] of feed) t.line(line, at);
  expect(t.firstStackSeconds).toBe(1.0);
  expect(t.stacks.get('lab-proxmox')).toMatchObject({ initAt: 1.0, plannedAt: 3.0, appliedAt: 4.0 });
  expect(t.stacks.get('lab-talos')).toMatchObject({ initAt: 1.2, plannedAt: 5.0, appliedAt: 6.0 });
  const [proxmox, talos] = t.summary();
  expect(proxmox).toBe('lab-proxmox: plan ready at 3.0 s (2.0 s), applied at 4.0 s (1.0 s); slowest: proxmox_virtual_environment_vm.b 62 s, proxmox_virtual_environment_vm.a 3 s');
  // The talos plan could only start once the proxmox stack it depends on was applied.
  expect(talos).toBe('lab-talos: plan ready at 5.0 s (1.0 s), applied at 6.0 s (1.0 s); slowest: data.talos_cluster_health.h 4 s');
});

test('lines before any stack and unknown prefixes are ignored', () => {
  const t = new DeployTimeline(0);
  t.line('Synthesizing', 0.5);
  t.line('some-word  not a stack line', 0.6);
  expect(t.stacks.size).toBe(0);
  expect(t.summary()).toEqual([]);
});
