/** The Terraform schema of `talos_client_configuration`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';

export const schema = defineSchema({
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
