/**
 * The Proxmox credentials of one cluster's stage, read where Terraform runs from the environment
 * variables the definition NAMES: an ephemeral `talos_proxmox_credentials` (our talos provider),
 * so neither the synthesized JSON nor the plan or state ever holds the values. The block is an
 * EphemeralResource (cdktf 0.21 has no class for it), named after the construct path.
 */
import { Construct } from 'constructs';
import { provider as talosProvider } from '../../../providers/bindings/talos';
import { TerraformStack } from '../../cdk';
import { EphemeralResource } from '../ephemeral-resource';

import type { ProxmoxCredentialNames } from '../../plan/cluster-spec';
import { fieldError } from '../../../providers/kernel/validation';

export type { ProxmoxCredentialNames };

export interface ProxmoxEnvCredentialsProps {
  /** The Proxmox API the credentials are for. */
  readonly endpoint: string;
  readonly credentials: ProxmoxCredentialNames;
  /** Where the names come from (e.g. `clusters/prod.yaml`), for the provider's messages. @default the messages name no file */
  readonly origin?: string;
  /** PEM of the CA the API must verify with. @default the system's trusted CAs */
  readonly caPem?: string;
  /** Path of that CA (messages, the suggested SSL_CERT_DIR). @default none */
  readonly caFile?: string;
  /** Skip TLS verification of the API. @default false */
  readonly insecure?: boolean;
}

export const EPHEMERAL_TYPE = 'talos_proxmox_credentials';
/** The oldest Terraform that accepts ephemeral resources and ephemeral values in provider blocks. */
export const MIN_TERRAFORM_VERSION = '>= 1.10.0';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class ProxmoxEnvCredentials extends Construct {
  /** `${ephemeral…api_token}` with a token, else undefined. */
  readonly apiToken?: string;
  readonly username?: string;
  readonly password?: string;

  constructor(scope: Construct, id: string, props: ProxmoxEnvCredentialsProps) {
    super(scope, id);
    const where = this.node.path;
    const c = props.credentials as Partial<Record<'apiTokenEnv' | 'usernameEnv' | 'passwordEnv', string>> | undefined;
    if (!c || (c.apiTokenEnv === undefined && (c.usernameEnv === undefined || c.passwordEnv === undefined))) {
      throw fieldError(where, 'credentials', `must name apiTokenEnv, or usernameEnv and passwordEnv (the environment variables, never the values)`);
    }
    for (const [key, name] of Object.entries(c)) {
      if (name !== undefined && !ENV_NAME.test(name)) throw fieldError(where, `credentials.${key}`, `"${name}" is not an environment variable name (e.g. PROXMOX_VE_API_TOKEN)`);
    }
    const stack = TerraformStack.of(this);
    if (!stack.node.tryFindChild('talos')) new talosProvider.TalosProvider(stack, 'talos');
    // Ephemeral blocks need Terraform 1.10 (OpenTofu 1.11): an older one then says so by name
    // instead of failing on an unknown block type.
    stack.addOverride('terraform.required_version', MIN_TERRAFORM_VERSION);
    // A Terraform name unique in the stack, from the construct path.
    const name = this.node.path
      .split('/')
      .slice(1)
      .join('_')
      .replace(/[^A-Za-z0-9_-]/g, '_');
    const credentials = new EphemeralResource(this, 'ephemeral', {
      type: EPHEMERAL_TYPE,
      arguments: {
        endpoint: props.endpoint,
        ...(c.apiTokenEnv !== undefined ? { api_token_env: c.apiTokenEnv } : { username_env: c.usernameEnv, password_env: c.passwordEnv }),
        origin: props.origin,
        ca_pem: props.caPem,
        ca_file: props.caFile,
        insecure: props.insecure ?? false,
      },
    });
    credentials.overrideLogicalId(name);
    const ref = (attribute: string) => credentials.attribute(attribute);
    if (c.apiTokenEnv !== undefined) this.apiToken = ref('api_token');
    else {
      this.username = ref('username');
      this.password = ref('password');
    }
  }
}
