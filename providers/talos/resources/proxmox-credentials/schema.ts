/** The Terraform schema of `talos_proxmox_credentials`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { ENV_NAME } from '../../../proxmox-access/env';

export const envName = (value: string) => (ENV_NAME.test(value) ? undefined : `"${value}" is not an environment variable name (letters, digits and _, e.g. PROXMOX_VE_API_TOKEN)`);

export const schema = defineSchema({
  description: 'Proxmox API credentials from the environment variables a cluster definition names (never stored), with the TLS trust bpg/proxmox will need.',
  attributes: {
    endpoint: attr.string({ mode: 'required', description: 'The Proxmox API URL the credentials are for, e.g. https://pve1.example.com:8006/.' }),
    api_token_env: attr.string({
      mode: 'optional',
      description: 'Name of the variable holding the API token user@realm!tokenid=secret. Set this, or username_env and password_env.',
      validators: [envName],
    }),
    username_env: attr.string({ mode: 'optional', description: 'Name of the variable holding the user name (user@realm).', validators: [envName] }),
    password_env: attr.string({ mode: 'optional', description: 'Name of the variable holding the password.', validators: [envName] }),
    origin: attr.string({ mode: 'optional', description: 'Where the variable names come from (a definition file), for messages.' }),
    ca_pem: attr.string({ mode: 'optional', description: 'PEM of the CA the endpoint must verify with (the definition caFile).' }),
    ca_file: attr.string({ mode: 'optional', description: 'Path of that CA file, for messages and the suggested SSL_CERT_DIR.' }),
    insecure: attr.bool({ mode: 'optional', description: 'The provider skips TLS verification: no trust check.' }),
    api_token: attr.string({ mode: 'computed', sensitive: true, description: 'The API token, when api_token_env is set.' }),
    username: attr.string({ mode: 'computed', description: 'The user name, when username_env is set.' }),
    password: attr.string({ mode: 'computed', sensitive: true, description: 'The password, when password_env is set.' }),
  },
});
