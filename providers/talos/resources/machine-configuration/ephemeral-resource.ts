/**
 * `talos_machine_configuration` ephemeral resource (Terraform >= 1.10): the same configuration as
 * the data source, from the same generator, opened for one Terraform run and never written to
 * plan or state, so it can feed `machine_configuration_input_wo` without the configuration (and
 * the cluster secrets inside it) entering state. Inputs and output are the data source's.
 */
import { defineEphemeralResource } from '../../../runtime';
import { generateMachineConfiguration } from './generate';
import { schema } from './schema';

export const machineConfigurationEphemeral = defineEphemeralResource<typeof schema, unknown>({
  name: 'machine_configuration',
  schema,
  open({ config }) {
    return { result: { id: config.cluster_name, machine_configuration: generateMachineConfiguration(config) } };
  },
});
