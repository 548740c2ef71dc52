/**
 * The adoption's per-field checks are schema validators (terraform validate names the attribute
 * before any plan), and the input reader reports the same words for callers outside Terraform.
 */
import { adoptionSchema } from '../../../../providers/capi/resources/cluster-adoption/schema';
import { AdoptionInputError, validateAdoptionInput, type RawAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { clusterFixture, type ClusterFixture } from './fixtures';

type Def = { validators?: readonly ((v: unknown) => string | undefined)[] };
const validate = (def: Def, value: unknown): string[] => (def.validators ?? []).map((v) => v(value)).filter((p): p is string => p !== undefined);
const attrs = adoptionSchema.attributes as unknown as Record<string, Def>;
const blocks = adoptionSchema.blocks as unknown as Record<string, { attributes: Record<string, Def> }>;

let fixture: ClusterFixture;
beforeAll(async () => {
  fixture = await clusterFixture();
}, 60_000);

function readerProblems(change: (raw: Record<string, unknown>) => void): { path: string; message: string }[] {
  const raw = structuredClone(fixture.raw) as unknown as Record<string, unknown>;
  change(raw);
  try {
    validateAdoptionInput(raw as RawAdoptionInput, { PROXMOX_TOKEN: 'x' });
    return [];
  } catch (err) {
    if (!(err instanceof AdoptionInputError)) throw err;
    return [...err.problems];
  }
}

test.each([
  ['namespace', 'Lab_Capi', (raw: Record<string, unknown>) => (raw.namespace = 'Lab_Capi'), 'namespace'],
  ['control_plane_endpoint_host', 'https://10.10.0.5:6443', (raw: Record<string, unknown>) => (raw.control_plane_endpoint_host = 'https://10.10.0.5:6443'), 'control_plane_endpoint_host'],
  ['service_domain', 'cluster_local', (raw: Record<string, unknown>) => (raw.service_domain = 'cluster_local'), 'service_domain'],
  ['kubernetes_version', '1.36.3', (raw: Record<string, unknown>) => (raw.kubernetes_version = '1.36.3'), 'kubernetes_version'],
])('%s %j: the schema validator and the reader say the same', (attribute, value, change, path) => {
  const fromSchema = validate(attrs[attribute], value);
  expect(fromSchema).toHaveLength(1);
  expect(readerProblems(change)).toContainEqual({ path, message: fromSchema[0] });
});

test('nested blocks: a node with a bad UUID and Proxmox node name, a bad DNS server', () => {
  const node = blocks.node.attributes;
  expect(validate(node.smbios_uuid, 'not-a-uuid')).toEqual(['"not-a-uuid" is not a UUID like 6c3fa683-bef9-4425-b413-eaa45a9d6191']);
  expect(validate(node.proxmox_node, 'pve_1')).toEqual(['"pve_1" is not a Proxmox node name']);
  expect(validate(node.vm_id, 12)).toEqual(['expected a whole number from 100 to 999999999, got 12']);
  expect(validate(blocks.network.attributes.dns_servers, ['10.10.0.1', 'dns.example'])).toEqual(['element 1: "dns.example" is not an IP address']);
  expect(validate(blocks.control_plane_template.attributes.memory_mib, 4100)).toEqual(['4100 is not a multiple of 8 (CAPMOX requires it)']);
  const problems = readerProblems((raw) => {
    const nodes = raw.node as Record<string, unknown>[];
    nodes[1] = { ...nodes[1], smbios_uuid: 'not-a-uuid' };
  });
  expect(problems).toContainEqual({ path: 'node.1.smbios_uuid', message: expect.stringContaining('"not-a-uuid" is not a UUID like 6c3fa683-bef9-4425-b413-eaa45a9d6191') });
});

test('good values pass every validator', () => {
  expect(validate(attrs.cluster_name, 'lab')).toEqual([]);
  expect(validate(attrs.pod_cidrs, ['10.244.0.0/16', 'fd00::/48'])).toEqual([]);
  expect(validate(blocks.control_plane_template.attributes.mtu, 1)).toEqual([]);
  expect(validate(blocks.control_plane_template.attributes.mtu, 1500)).toEqual([]);
});
