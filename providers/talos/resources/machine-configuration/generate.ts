/**
 * The one implementation behind `talos_machine_configuration`, data source and ephemeral resource:
 * the Terraform attributes mapped onto the machinery's generator (Talos' `talosctl gen config`
 * logic, in providers/machinery), config patches applied, and generator errors turned into errors
 * naming the attribute.
 */
import { AttributeError, lazy, type Model } from '../../../runtime';
import { ContractError, parseContract } from '../../../machinery/config/contract';
import type * as GenerateLib from '../../../machinery/config/generate';
import type { MachineType } from '../../../machinery/config/generate';
import { MachineConfigInputError } from '../../../machinery/config/validate-input';
import type * as PatchLib from '../../../machinery/patch';
import { valueToSecrets } from '../../../machinery/secrets/secrets-value';
import type { schema } from './schema';

const generateLib = lazy(() => require('../../../machinery/config/generate') as typeof GenerateLib);
const patchLib = lazy(() => require('../../../machinery/patch') as typeof PatchLib);

/** Input field names of the generator → Terraform attribute names, for error messages. */
const FIELD_TO_ATTRIBUTE: Record<string, string> = {
  clusterName: 'cluster_name',
  endpoint: 'cluster_endpoint',
  machineType: 'machine_type',
  contract: 'talos_version',
  talosVersion: 'talos_version',
  talos_version: 'talos_version',
  kubernetesVersion: 'kubernetes_version',
  installDisk: 'install_disk',
  installImage: 'install_image',
  additionalSans: 'additional_sans',
  dnsDomain: 'dns_domain',
  podSubnets: 'pod_subnets',
  serviceSubnets: 'service_subnets',
  vip: 'vip_address',
  providerId: 'provider_id',
  nodeLabels: 'node_labels',
  hostname: 'hostname',
  secrets: 'machine_secrets',
};

function attributeOf(field: string): string {
  const head = field.split(/[.[]/)[0];
  return FIELD_TO_ATTRIBUTE[head] ?? head;
}

type Config = Model<typeof schema>;

/** The machine configuration text (YAML documents) for `config`. @throws AttributeError naming the attribute */
export function generateMachineConfiguration(config: Config): string {
  const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  try {
    const { generateMachineConfigDocuments, serializeMachineConfig } = generateLib();
    const docs = generateMachineConfigDocuments({
      machineType: config.machine_type as MachineType,
      clusterName: config.cluster_name,
      endpoint: config.cluster_endpoint,
      secrets: valueToSecrets(config.machine_secrets),
      contract: config.talos_version ? parseContract(config.talos_version, 'talos_version') : undefined,
      kubernetesVersion: opt(config.kubernetes_version),
      installDisk: opt(config.install_disk),
      installImage: opt(config.install_image),
      additionalSans: opt(config.additional_sans),
      dnsDomain: opt(config.dns_domain),
      podSubnets: opt(config.pod_subnets),
      serviceSubnets: opt(config.service_subnets),
      vip: config.vip_address ? { address: config.vip_address, link: config.vip_link ?? 'eth0' } : undefined,
      hostname: opt(config.hostname),
      providerId: opt(config.provider_id),
      nodeLabels: opt(config.node_labels),
    });
    const patched = config.config_patches?.length ? patchLib().applyPatchStrings(docs, config.config_patches) : docs;
    return serializeMachineConfig(patched);
  } catch (err) {
    if (err instanceof MachineConfigInputError) throw new AttributeError(attributeOf(err.field), err.message);
    // Contract errors start with the input field they concern (talosVersion, kubernetesVersion).
    if (err instanceof ContractError) throw new AttributeError(attributeOf(/^(\w+):/.exec(err.message)?.[1] ?? 'contract'), err.message);
    if (err instanceof patchLib().PatchApplyError || err instanceof patchLib().PatchLoadError) throw new AttributeError('config_patches', err.message);
    throw err;
  }
}
