/**
 * `talos_client_configuration` data source: a talosconfig (context named after the cluster)
 * from the client configuration of `talos_machine_secrets`.
 */
import { attr, defineDataSource, defineSchema, lazy } from '../../runtime';
import { base64ToPem } from '../../pki/pem';
import type * as ClientConfigLib from '../clientconfig';
import { clientConfigurationType, type ClientConfigurationValue } from '../secrets/secrets-value';

const clientconfigLib = lazy(() => require('../clientconfig') as typeof ClientConfigLib);

const schema = defineSchema({
  description: 'talosconfig for talosctl, from a client configuration.',
  attributes: {
    id: attr.string({ mode: 'computed' }),
    cluster_name: attr.string({ mode: 'required', validators: [(v) => (v.trim() ? undefined : 'must not be empty')] }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({ mode: 'required', sensitive: true }),
    endpoints: attr.stringList({ mode: 'optional', description: 'Talos API endpoints (control-plane addresses).' }),
    nodes: attr.stringList({ mode: 'optional', description: 'Default target nodes.' }),
    talos_config: attr.string({ mode: 'computed', sensitive: true }),
  },
});

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
