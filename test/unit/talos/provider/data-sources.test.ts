/**
 * The talos provider's configuration data sources through the provider service, as Terraform
 * calls them: valid output, and bad input reported on the attribute that is wrong.
 */
import { parseAllDocuments } from 'yaml';
import { decodeMsgpack, encodeMsgpack, type CtyValue } from '../../../../providers/runtime/cty';
import { createLogger } from '../../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../../providers/runtime/server/provider-service';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import { provider } from '../../../../providers/talos/provider';
import { secretsToValue, type MachineSecretsValue } from '../../../../providers/machinery/secrets/secrets-value';

const svc = new ProviderService(
  provider,
  createLogger('test', 'error', () => undefined),
);
const ds = (name: string) => provider.dataSources.find((d) => d.name === name)!;
const mcType = schemaImpliedType(ds('machine_configuration').schema);
let secrets: MachineSecretsValue;

beforeAll(async () => {
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(provider.schema))) } });
  secrets = secretsToValue(await generateSecretsBundle());
}, 30_000);

function mcConfig(over: Record<string, CtyValue> = {}): Record<string, CtyValue> {
  const attrs = Object.keys(ds('machine_configuration').schema.attributes);
  const base: Record<string, CtyValue> = Object.fromEntries(attrs.map((a) => [a, null]));
  return {
    ...base,
    cluster_name: 'lab',
    cluster_endpoint: 'https://10.0.0.10:6443',
    machine_type: 'controlplane',
    machine_secrets: secrets as unknown as CtyValue,
    ...over,
  };
}

async function readMc(over: Record<string, CtyValue> = {}) {
  const res = await svc.readDataSource({
    type_name: 'talos_machine_configuration',
    config: { msgpack: Buffer.from(encodeMsgpack(mcConfig(over), mcType)) },
  });
  const state = res.state?.msgpack ? (decodeMsgpack(res.state.msgpack, mcType) as Record<string, CtyValue>) : null;
  return { state, diagnostics: res.diagnostics };
}

test('controlplane configuration with hostname, providerID and a patch', async () => {
  const { state, diagnostics } = await readMc({
    hostname: 'cp-1',
    provider_id: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1101',
    config_patches: ['machine:\n  network:\n    nameservers: [10.0.0.1]\n'],
  });
  expect(diagnostics).toEqual([]);
  const docs = parseAllDocuments(state!.machine_configuration as string).map((d) => d.toJSON());
  expect(docs[0].machine.type).toBe('controlplane');
  expect(docs[0].machine.kubelet.extraArgs['provider-id']).toBe('proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1101');
  expect(docs[0].machine.network.nameservers).toEqual(['10.0.0.1']);
  expect(docs.find((d) => d.kind === 'HostnameConfig')?.hostname).toBe('cp-1');
  expect(state!.id).toBe('lab');
  expect(state!.cluster_endpoint).toBe('https://10.0.0.10:6443'); // configuration values come back verbatim
});

test.each([
  ['an invalid endpoint URL', { cluster_endpoint: 'ftp://10.0.0.10' }, 'cluster_endpoint'],
  ['a Kubernetes version outside the contract', { kubernetes_version: '1.20.0' }, 'kubernetes_version'],
  ['an unknown contract', { talos_version: 'v9.99' }, 'talos_version'],
  ['a bad pod CIDR', { pod_subnets: ['10.244.0.0/33'] }, 'pod_subnets'],
  ['a patch that does not apply', { config_patches: ['- op: remove\n  path: /machine/nonexistent\n'] }, 'config_patches'],
  ['a patch that does not parse', { config_patches: ['machine: [unclosed'] }, 'config_patches'],
])('rejects %s on the attribute', async (_name, over, attribute) => {
  const { state, diagnostics } = await readMc(over as Record<string, CtyValue>);
  expect(state).toBeNull();
  expect(diagnostics).toHaveLength(1);
  expect(diagnostics[0]).toMatchObject({ severity: 'ERROR', attribute: { steps: [{ attribute_name: attribute }] } });
});

test('machine_type is validated at plan time', async () => {
  const res = await svc.validateDataResourceConfig({
    type_name: 'talos_machine_configuration',
    config: { msgpack: Buffer.from(encodeMsgpack(mcConfig({ machine_type: 'router' }), mcType)) },
  });
  expect(res.diagnostics[0]).toMatchObject({ summary: 'Invalid value for machine_type', detail: 'must be one of controlplane, worker' });
});

describe('talos_machine_configuration as an ephemeral resource', () => {
  const openMc = async (over: Record<string, CtyValue> = {}) => {
    const res = await svc.openEphemeralResource({ type_name: 'talos_machine_configuration', config: { msgpack: Buffer.from(encodeMsgpack(mcConfig(over), mcType)) } });
    const result = 'result' in res ? res.result : undefined;
    return { result: result?.msgpack ? (decodeMsgpack(result.msgpack, mcType) as Record<string, CtyValue>) : null, diagnostics: res.diagnostics };
  };

  test('opens exactly the configuration the data source reads (one implementation)', async () => {
    const over = { hostname: 'cp-1', config_patches: ['machine:\n  network:\n    nameservers: [10.0.0.1]\n'] };
    const [read, opened] = [await readMc(over), await openMc(over)];
    expect(opened.diagnostics).toEqual([]);
    expect(opened.result).toEqual(read.state);
  });

  test('errors name the attribute, as the data source does', async () => {
    const { result, diagnostics } = await openMc({ kubernetes_version: '1.20.0' });
    expect(result).toBeNull();
    expect(diagnostics[0]).toMatchObject({ severity: 'ERROR', attribute: { steps: [{ attribute_name: 'kubernetes_version' }] } });
  });
});
