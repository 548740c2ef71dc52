/**
 * `talos_machine_secrets`: generates the cluster's secrets bundle once and keeps it in state
 * (sensitive), plus an admin client configuration that is renewed before it lapses.
 * Attribute names follow siderolabs/terraform-provider-talos so its users can move.
 */
import * as fs from 'node:fs';
import { defineResource, lazy, type Model } from '../../../runtime';
import type * as PkiLib from '../../../pki';
import { base64ToPem, pemToBase64 } from '../../../pki/pem';
import type * as ClientConfigLib from '../../../machinery/clientconfig';
import type * as SecretsLib from '../../../machinery/secrets';
import { compareContracts, parseContract } from '../../../machinery/config/contract';
import { secretsToValue, valueToSecrets, type ClientConfigurationValue, type MachineSecretsValue } from '../../../machinery/secrets/secrets-value';
import { schema, DEFAULT_TALOS_VERSION } from './schema';

const pkiLib = lazy(() => require('../../../pki') as typeof PkiLib);
const clientconfigLib = lazy(() => require('../../../machinery/clientconfig') as typeof ClientConfigLib);
const secretsLib = lazy(() => require('../../../machinery/secrets') as typeof SecretsLib);

/** The admin client certificate is renewed when it expires within this window (as siderolabs does). */
export const CLIENT_CERT_RENEWAL_WINDOW_MS = 30 * 24 * 3600_000;

type State = Model<typeof schema>;

async function clientConfiguration(secrets: MachineSecretsValue, now = new Date()): Promise<ClientConfigurationValue> {
  const bundle = valueToSecrets(secrets);
  const admin = await clientconfigLib().issueAdminClientCertificate(bundle, { now });
  return {
    ca_certificate: pemToBase64(bundle.certs.os.crt),
    client_certificate: pemToBase64(admin.crt),
    client_key: pemToBase64(admin.key),
  };
}

function expiresSoon(client: ClientConfigurationValue | null, now = Date.now()): boolean {
  if (!client) return true;
  // node's own parser: a plan needs the expiry only, not the X.509 library's full inspection.
  const notAfter = new Date(pkiLib().parseCertificatePem(base64ToPem(client.client_certificate)).validTo);
  return notAfter.getTime() - now < CLIENT_CERT_RENEWAL_WINDOW_MS;
}

export const machineSecrets = defineResource<typeof schema, unknown>({
  name: 'machine_secrets',
  schema,
  plan({ prior, config }) {
    if (!prior) return;
    const requiresReplace: string[] = [];
    const next = typeof config.talos_version === 'string' ? config.talos_version : DEFAULT_TALOS_VERSION;
    // Secrets made for a newer contract may not suit an older one (e.g. the service-account key type).
    if (prior.talos_version && compareContracts(parseContract(next), parseContract(prior.talos_version)) < 0) requiresReplace.push('talos_version');
    return { requiresReplace, unknown: expiresSoon(prior.client_configuration) ? ['client_configuration'] : [] };
  },
  async create({ planned }) {
    const contract = parseContract(planned.talos_version ?? DEFAULT_TALOS_VERSION, 'talos_version');
    const bundle = await secretsLib().generateSecretsBundle({ contract });
    const machine_secrets = secretsToValue(bundle);
    return { state: { id: 'machine_secrets', machine_secrets, client_configuration: await clientConfiguration(machine_secrets) } };
  },
  async read({ state }) {
    return { state };
  },
  async update({ prior }) {
    const client = expiresSoon(prior.client_configuration) ? await clientConfiguration(prior.machine_secrets!) : prior.client_configuration;
    return { state: { client_configuration: client } };
  },
  async delete() {
    // Nothing outside Terraform state holds the secrets.
  },
  async import({ id }) {
    // The import id is the path of a `talosctl gen secrets` file.
    if (!fs.existsSync(id)) throw new Error(`import id must be the path of a secrets.yaml written by talosctl gen secrets; ${id} does not exist`);
    const { parseSecretsYaml, validateSecretsBundle } = secretsLib();
    const bundle = parseSecretsYaml(fs.readFileSync(id, 'utf8'));
    validateSecretsBundle(bundle);
    const machine_secrets = secretsToValue(bundle);
    const state: Partial<State> = {
      id: 'machine_secrets',
      talos_version: DEFAULT_TALOS_VERSION,
      machine_secrets,
      client_configuration: await clientConfiguration(machine_secrets),
    };
    return { state };
  },
});
