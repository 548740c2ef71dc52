/** The Terraform schema of `talos_machine_secrets`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { ContractError, parseContract } from '../../../machinery/config/contract';
import { clientConfigurationType, machineSecretsType, type ClientConfigurationValue, type MachineSecretsValue } from '../../../machinery/secrets/secrets-value';

export const DEFAULT_TALOS_VERSION = 'v1.13';

export const schema = defineSchema({
  description: 'Talos secrets bundle (CAs, tokens, encryption secret) and an admin client configuration.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    talos_version: attr.string({
      mode: 'optional',
      default: DEFAULT_TALOS_VERSION,
      description: 'Talos config contract the secrets are generated for, e.g. v1.13. Lowering it generates new secrets.',
      validators: [(v) => contractProblem(v)],
    }),
    machine_secrets: attr.typed<MachineSecretsValue>(machineSecretsType)({ mode: 'computed', sensitive: true, computedPlan: 'keep' }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({ mode: 'computed', sensitive: true, computedPlan: 'keep' }),
  },
});

export function contractProblem(version: string): string | undefined {
  try {
    parseContract(version, 'talos_version');
    return undefined;
  } catch (err) {
    if (err instanceof ContractError) return err.message;
    throw err;
  }
}
