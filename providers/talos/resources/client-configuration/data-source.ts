/**
 * `talos_client_configuration` data source: a talosconfig (context named after the cluster)
 * from the client configuration of `talos_machine_secrets`.
 */
import { defineDataSource, lazy } from '../../../runtime';
import { base64ToPem } from '../../../pki/pem';
import type * as ClientConfigLib from '../../../machinery/clientconfig';

import { schema } from './schema';

const clientconfigLib = lazy(() => require('../../../machinery/clientconfig') as typeof ClientConfigLib);

export const clientConfiguration = defineDataSource<typeof schema, unknown>({
  name: 'client_configuration',
  schema,
  async read({ config }) {
    const client = config.client_configuration;
    const talosConfig = clientconfigLib().formatTalosconfig({
      context: config.cluster_name,
      contexts: {
        [config.cluster_name]: {
          endpoints: config.endpoints ?? [],
          nodes: config.nodes ?? [],
          ca: base64ToPem(client.ca_certificate),
          crt: base64ToPem(client.client_certificate),
          key: base64ToPem(client.client_key),
        },
      },
    });
    return { ...config, id: config.cluster_name, talos_config: talosConfig };
  },
});
