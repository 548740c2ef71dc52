/**
 * `talos_machine_configuration` data source: a controlplane or worker machine configuration
 * generated from the secrets bundle (as `talosctl gen config` would), with config patches
 * applied. Inputs follow siderolabs/terraform-provider-talos, plus the node-level settings our
 * stacks need (hostname, providerID, labels, VIP).
 */
import { defineDataSource } from '../../../runtime';
import { generateMachineConfiguration } from './generate';
import { schema } from './schema';

export const machineConfiguration = defineDataSource<typeof schema, unknown>({
  name: 'machine_configuration',
  schema,
  async read({ config }) {
    return { ...config, id: config.cluster_name, machine_configuration: generateMachineConfiguration(config) };
  },
});
