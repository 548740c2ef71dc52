/** Terraform provider source addresses as `required_providers` and cdktf constraints spell them. */

export interface ProviderAddress {
  /** As given (`bpg/proxmox`, `ptc.internal/ptc/talos`): what the bindings write into `required_providers`. */
  source: string;
  hostname: string;
  namespace: string;
  type: string;
  /** Fully qualified name as `terraform providers schema -json` keys it: `registry.terraform.io/bpg/proxmox`. */
  fqpn: string;
}

const DEFAULT_HOSTNAME = 'registry.terraform.io';
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const HOSTNAME = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?$/;
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?$/;

export function parseProviderSource(source: string): ProviderAddress {
  const parts = source.trim().toLowerCase().split('/');
  if (parts.length !== 2 && parts.length !== 3) {
    throw new Error(`source "${source}": expected "namespace/type" or "hostname/namespace/type", e.g. "bpg/proxmox"`);
  }
  const [hostname, namespace, type] = parts.length === 3 ? parts : [DEFAULT_HOSTNAME, ...parts];
  if (!HOSTNAME.test(hostname)) throw new Error(`source "${source}": hostname "${hostname}" is not a valid host name`);
  if (!LABEL.test(namespace)) throw new Error(`source "${source}": namespace "${namespace}" must be lowercase letters, digits and dashes`);
  if (!LABEL.test(type)) throw new Error(`source "${source}": type "${type}" must be lowercase letters, digits and dashes`);
  return { source: source.trim(), hostname, namespace, type, fqpn: `${hostname}/${namespace}/${type}` };
}

/** An exact release version (`0.111.1`, `0.1.0-rc.1`): what the mirror directory and provider_versions use. */
export function assertExactVersion(version: string, field = 'version'): string {
  if (!VERSION.test(version)) throw new Error(`${field} "${version}": expected an exact version such as "0.111.1"`);
  return version;
}

/**
 * A Terraform version constraint (`0.111.1`, `~> 0.111`, `>= 1.0, < 2.0`). cdktf writes it verbatim
 * into `required_providers`; `@` would be taken as the source/version separator by cdktf.
 */
export function assertConstraint(constraint: string, field = 'constraint'): string {
  const c = constraint.trim();
  if (c === '' || c.includes('@') || !/^(?:(?:=|!=|>|>=|<|<=|~>)?\s*[0-9][0-9A-Za-z.+-]*\s*)(?:,\s*(?:=|!=|>|>=|<|<=|~>)?\s*[0-9][0-9A-Za-z.+-]*\s*)*$/.test(c)) {
    throw new Error(`${field} "${constraint}": expected a Terraform version constraint such as "0.111.1" or "~> 0.111"`);
  }
  return c;
}
