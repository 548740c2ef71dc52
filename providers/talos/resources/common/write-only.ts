/**
 * The write-only twins of the Talos API resources' secret inputs (Terraform >= 1.11), named as
 * siderolabs' provider names them: `client_configuration_wo` beside `client_configuration`,
 * `machine_configuration_input_wo` beside `machine_configuration_input`. Exactly one of a pair is
 * set; the write-only one reaches the handler in the configuration only (never in plan or state).
 */
import { attr, AttributeError, error, type Diagnostic } from '../../../runtime';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';

const CLIENT_CONFIGURATION_DESCRIPTION = 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API, kept in state.';

/** The stored `client_configuration`: one of it and `client_configuration_wo` is required. */
export function clientConfigurationAttribute() {
  return attr.typed<ClientConfigurationValue>(clientConfigurationType)({ mode: 'optional', sensitive: true, description: `${CLIENT_CONFIGURATION_DESCRIPTION} Or client_configuration_wo.` });
}

/** `client_configuration_wo`: the same object, never in plan or state. */
export function clientConfigurationWoAttribute() {
  return attr.typed<ClientConfigurationValue>(clientConfigurationType)({
    mode: 'optional',
    sensitive: true,
    writeOnly: true,
    description: 'Write-only client configuration (Terraform >= 1.11): as client_configuration, but never kept in plan or state. Set exactly one of the two.',
  });
}

/** One error per pair that has neither or both set (unknown counts as set: it will be). */
export function exactlyOneOf(config: Readonly<Record<string, unknown>>, stored: string, writeOnly: string): Diagnostic[] {
  const has = (name: string) => config[name] !== null && config[name] !== undefined;
  if (has(stored) && has(writeOnly)) {
    return [error(`${stored} and ${writeOnly} are both set`, `Set exactly one: ${writeOnly} keeps the value out of plan and state (Terraform >= 1.11), ${stored} stores it.`, [{ attr: writeOnly }])];
  }
  if (!has(stored) && !has(writeOnly)) {
    return [error(`one of ${stored} or ${writeOnly} is required`, `Set ${writeOnly} (Terraform >= 1.11; never in plan or state) or ${stored} (kept in state).`, [{ attr: stored }])];
  }
  return [];
}

/** The client configuration a call dials with: the write-only one from the configuration, else the stored one. */
export function credentialsOf(config: { readonly client_configuration: ClientConfigurationValue | null; readonly client_configuration_wo: ClientConfigurationValue | null }): ClientConfigurationValue {
  const value = config.client_configuration_wo ?? config.client_configuration;
  if (value === null) throw new AttributeError('client_configuration', 'is not set; set client_configuration or client_configuration_wo');
  return value;
}
