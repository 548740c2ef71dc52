import { generateTalosconfig } from '../../../../providers/machinery/clientconfig';
import { createTalosCa, TALOS_CA_SPECS } from '../../../../providers/machinery/secrets';
import { AdoptionInputError, validateAdoptionInput, type RawAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { clusterFixture, NODES } from './fixtures';

async function problemsOf(overrides: Partial<RawAdoptionInput>): Promise<Array<{ path: string; message: string }>> {
  const { raw } = await clusterFixture(overrides);
  try {
    validateAdoptionInput(raw);
  } catch (err) {
    if (err instanceof AdoptionInputError) return [...err.problems];
    throw err;
  }
  return [];
}

beforeAll(() => clusterFixture(), 60_000);

describe('validateAdoptionInput', () => {
  test('accepts the 3+2 cluster and derives contract, replicas and defaults', async () => {
    const { raw } = await clusterFixture({ namespace: null, control_plane_endpoint_port: null, pod_cidrs: null });
    const input = validateAdoptionInput(raw);
    expect(input.namespace).toBe('lab');
    expect(input.endpoint).toEqual({ host: '10.10.0.10', port: 6443 });
    expect(input.talosContract).toBe('v1.13');
    expect(input.podCidrs).toEqual(['10.244.0.0/16']);
    expect(input.controlPlaneReplicas).toBe(3);
    expect(input.workerReplicas).toBe(2);
    expect(input.controlPlaneRolloutStrategy).toBe('OnDelete');
    expect(input.network.cidr.prefix).toBe(24);
    expect(input.credentials).toEqual({ kind: 'inline', url: 'https://pve.example.com:8006', tokenId: 'capmox@pve!capi', tokenSecret: 'token-secret-value' });
    expect(input.controlPlaneTemplate).toMatchObject({ source: { kind: 'vm', sourceNode: 'pve1', templateId: 9000 }, sockets: 1, skipQemuGuestAgent: true, providerIdInjection: true });
    expect(input.nodes.map((n) => n.name)).toEqual(NODES.map((n) => n.name));
  });

  test('names the node and the field of each bad node value', async () => {
    const bad = NODES.map((n, i) => (i === 1 ? { ...n, ip: '10.10.0.300', smbios_uuid: 'not-a-uuid' } : i === 3 ? { ...n, name: 'Worker_1', vm_id: 5 } : n));
    const problems = await problemsOf({ node: bad });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'node.1.ip', message: 'node.1 (talos-cp-2): "10.10.0.300" is not an IPv4 address' },
        { path: 'node.1.smbios_uuid', message: expect.stringMatching(/^node\.1 \(talos-cp-2\): "not-a-uuid" is not a UUID/) },
        { path: 'node.3.name', message: expect.stringMatching(/^node\.3 \(Worker_1\): "Worker_1" must be a lowercase DNS label/) },
        { path: 'node.3.vm_id', message: expect.stringMatching(/expected a whole number from 100/) },
      ]),
    );
  });

  test('rejects duplicate names, VMIDs, IPs and SMBIOS uuids naming both nodes', async () => {
    const dup = NODES.map((n, i) => (i === 4 ? { ...n, vm_id: 201, ip: '10.10.0.11', smbios_uuid: NODES[0].smbios_uuid } : n));
    const problems = await problemsOf({ node: dup });
    expect(problems.map((p) => p.message)).toEqual([
      'node.4 (talos-worker-2): vm_id 201 is also used by node.0 (talos-cp-1)',
      'node.4 (talos-worker-2): ip 10.10.0.11 is also used by node.0 (talos-cp-1)',
      `node.4 (talos-worker-2): smbios_uuid ${NODES[0].smbios_uuid} is also used by node.0 (talos-cp-1)`,
    ]);
  });

  test('requires a control plane, a node IP inside the network and a range inside it', async () => {
    const problems = await problemsOf({
      node: NODES.filter((n) => n.role === 'worker').map((n) => (n.name === 'talos-worker-1' ? { ...n, ip: '10.20.0.5' } : n)),
      network: { cidr: '10.10.0.0/24', gateway: '10.10.1.1', dns_servers: [], new_node_addresses: ['10.10.0.100-10.10.1.20', 'ten'] },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'node', message: expect.stringMatching(/at least one controlplane node is required/) },
        { path: 'node.0.ip', message: 'node.0 (talos-worker-1): 10.20.0.5 is outside network.cidr 10.10.0.0/24' },
        { path: 'network.gateway', message: '10.10.1.1 is outside network.cidr 10.10.0.0/24' },
        { path: 'network.dns_servers', message: expect.stringMatching(/at least one DNS server/) },
        { path: 'network.new_node_addresses.0', message: '"10.10.0.100-10.10.1.20" is not inside network.cidr 10.10.0.0/24' },
        { path: 'network.new_node_addresses.1', message: '"ten" is not an IPv4 address, a-b range or CIDR' },
      ]),
    );
  });

  test('checks versions against the Talos contract', async () => {
    expect(await problemsOf({ kubernetes_version: '1.36.3' })).toEqual([{ path: 'kubernetes_version', message: expect.stringMatching(/exact running version with a v prefix/) }]);
    expect(await problemsOf({ kubernetes_version: 'v1.29.0' })).toEqual([{ path: 'kubernetes_version', message: expect.stringMatching(/too old for Talos contract v1.13/) }]);
    expect(await problemsOf({ talos_version: 'v1.9.0' })).toEqual([{ path: 'talos_version', message: expect.stringMatching(/contract v1.9 is not supported/) }]);
  });

  test('rejects a talosconfig from another PKI and broken secrets without printing them', async () => {
    const other = await clusterFixture();
    // A talosconfig whose os CA is not the bundle's (only the os CA matters to it).
    const foreignOs = await createTalosCa(TALOS_CA_SPECS.os, new Date());
    const foreign = await generateTalosconfig({ clusterName: 'lab', endpoints: ['10.10.0.11'], bundle: { certs: { ...other.bundle.certs, os: foreignOs } } });
    const secrets = { ...other.raw.machine_secrets!, secrets: { ...other.raw.machine_secrets!.secrets, bootstrap_token: 'nope' } };
    const problems = await problemsOf({ talosconfig: foreign, machine_secrets: secrets });
    expect(problems).toEqual([
      { path: 'machine_secrets', message: 'secrets.bootstraptoken: expected the format [0-9a-z]{6}.[0-9a-z]{16}' },
      { path: 'talosconfig', message: expect.stringMatching(/its CA is not the os CA of machine_secrets/) },
    ]);
    expect(JSON.stringify(problems)).not.toContain(other.raw.machine_secrets!.cluster.secret);
  });

  test('rejects JSON 6902 patches and unloadable patches, naming the list and index', async () => {
    const problems = await problemsOf({
      config_patches: ['[{"op":"add","path":"/machine/install/disk","value":"/dev/vda"}]'],
      worker_patches: ['machine: [unclosed'],
    });
    expect(problems.map((p) => p.path)).toEqual(['config_patches.0', 'worker_patches.0']);
    expect(problems[0].message).toMatch(/RFC 6902 JSON patch; CABPT cannot apply those/);
  });

  test('credentials: reference or inline, not both; inline needs url, token id and secret', async () => {
    expect(await problemsOf({ proxmox: { credentials_secret_name: 'pve', url: 'https://x:8006' } })).toEqual([
      { path: 'proxmox', message: expect.stringMatching(/either credentials_secret_name or url/) },
    ]);
    expect((await problemsOf({ proxmox: { url: 'https://pve:8006', token_id: 'capmox' } })).map((p) => p.path)).toEqual(['proxmox.token_id', 'proxmox.token_secret']);
    const { raw } = await clusterFixture({ proxmox: { credentials_secret_name: 'pve-creds', credentials_secret_namespace: 'capmox-system' } });
    expect(validateAdoptionInput(raw).credentials).toEqual({ kind: 'ref', name: 'pve-creds', namespace: 'capmox-system' });
    const { raw: manager } = await clusterFixture({ proxmox: { allowed_nodes: [] } });
    expect(validateAdoptionInput(manager).credentials).toEqual({ kind: 'manager' });
  });

  test('template: one source, CAPMOX constraints', async () => {
    const problems = await problemsOf({
      worker_template: { source_node: 'pve1', template_id: 9000, template_tags: ['talos'], cores: 2, memory_mib: 1001, bridge: 'vmbr0', full_clone: false, storage: 'local-lvm', boot_disk: 'scsi0' },
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^worker_template: set either source_node \+ template_id or template_tags/),
      'worker_template.memory_mib: 1001 is not a multiple of 8 (CAPMOX requires it)',
      'worker_template: boot_disk and boot_disk_size_gb go together (e.g. scsi0 and 20)',
      expect.stringMatching(/^worker_template: storage and format need full_clone = true/),
    ]);
    const { raw } = await clusterFixture({ worker_template: { template_tags: ['talos-1.13'], cores: 2, memory_mib: 2048, bridge: 'vmbr1' } });
    expect(validateAdoptionInput(raw).workerTemplate.source).toEqual({ kind: 'tags', tags: ['talos-1.13'], matchPolicy: 'exact' });
  });

  test('lists every missing block at once', async () => {
    const problems = await problemsOf({ proxmox: null, network: null, control_plane_template: null, worker_template: null, node: [] });
    expect(problems.map((p) => p.path)).toEqual(['proxmox', 'network', 'control_plane_template', 'worker_template', 'node']);
  });
});
