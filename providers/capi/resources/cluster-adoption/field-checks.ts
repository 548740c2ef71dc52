/**
 * The per-field checks of `capi_cluster_adoption`, once: the schema runs them as attribute
 * validators (so `terraform validate` names the attribute before any plan), and the input reader
 * (input.ts) runs the same functions for callers that skip Terraform. Each takes a value and says
 * what is wrong with it, quoting it, or returns undefined. What needs two fields (a gateway inside
 * the CIDR, unique node IPs) stays in the reader.
 */
import { isIP } from 'node:net';
import { parseIpv4, parseIpv4Cidr, parseIpv4Expression } from '../../../kernel/ipv4';

export type FieldCheck<T> = (value: T) => string | undefined;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KUBE_VERSION = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)([-+][0-9A-Za-z.+-]*)?$/;
/** Proxmox VE node names are host names. */
const PVE_NODE = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** A name Kubernetes uses as an object name and label value. */
export const dnsLabel: FieldCheck<string> = (v) => (v.length <= 63 && DNS_LABEL.test(v) ? undefined : `"${v}" must be a lowercase DNS label (a-z, 0-9, '-', at most 63 characters)`);

export const namespaceName: FieldCheck<string> = (v) => (v.length <= 63 && DNS_LABEL.test(v) ? undefined : `"${v}" is not a namespace name`);

export const secretName: FieldCheck<string> = (v) => (v.length <= 253 && DNS_SUBDOMAIN.test(v) ? undefined : `"${v}" is not a Secret name`);

export const dnsDomain: FieldCheck<string> = (v) => (v.length <= 253 && DNS_SUBDOMAIN.test(v) ? undefined : `"${v}" is not a DNS domain`);

export const endpointHost: FieldCheck<string> = (v) => (isIP(v) !== 0 || (v.length <= 253 && DNS_SUBDOMAIN.test(v)) ? undefined : `"${v}" must be an IP address or a DNS name (no scheme, no port)`);

export const pveNodeName: FieldCheck<string> = (v) => (PVE_NODE.test(v) ? undefined : `"${v}" is not a Proxmox node name`);

export const smbiosUuid: FieldCheck<string> = (v) => (UUID.test(v) ? undefined : `"${v}" is not a UUID like 6c3fa683-bef9-4425-b413-eaa45a9d6191`);

export const kubernetesVersion: FieldCheck<string> = (v) =>
  KUBE_VERSION.test(v) ? undefined : `"${v}" must be the exact running version with a v prefix, e.g. v1.36.3 (CAPI compares it to every Machine)`;

export const ipv4Address: FieldCheck<string> = (v) => (parseIpv4(v) !== undefined ? undefined : `"${v}" is not an IPv4 address`);

export const ipAddress: FieldCheck<string> = (v) => (isIP(v) !== 0 ? undefined : `"${v}" is not an IP address`);

export const ipv4Network: FieldCheck<string> = (v) => (parseIpv4Cidr(v) ? undefined : `"${v}" is not an IPv4 network CIDR such as 10.10.0.0/24 (host bits must be zero)`);

export const addressExpression: FieldCheck<string> = (v) => (parseIpv4Expression(v) ? undefined : `"${v}" is not an IPv4 address, a-b range or CIDR`);

/** An IPv4 or IPv6 CIDR (pod and service networks may be either). */
export const anyCidr: FieldCheck<string> = (v) => {
  const [address, bits, extra] = v.split('/');
  const family = isIP(address);
  const ok = extra === undefined && bits !== undefined && /^\d{1,3}$/.test(bits) && family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
  return ok ? undefined : `"${v}" is not a CIDR`;
};

export const wholeNumber =
  (min: number, max: number): FieldCheck<number> =>
  (v) =>
    Number.isInteger(v) && v >= min && v <= max ? undefined : `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`;

export const oneOf =
  (allowed: readonly string[]): FieldCheck<string> =>
  (v) =>
    allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`;

/** Memory CAPMOX accepts: whole MiB, a multiple of 8. */
export const memoryMiB: FieldCheck<number> = (v) => wholeNumber(512, 16_777_216)(v) ?? (v % 8 === 0 ? undefined : `${v} is not a multiple of 8 (CAPMOX requires it)`);

export const mtu: FieldCheck<number> = (v) => wholeNumber(1, 65_520)(v) ?? (v === 1 || v >= 576 ? undefined : `${v} is invalid: use 1 (inherit the bridge MTU) or 576-65520`);

/** A check of each element of a list attribute, naming the element. */
export const each =
  (check: FieldCheck<string>): FieldCheck<readonly string[]> =>
  (values) => {
    for (const [i, v] of values.entries()) {
      const problem = check(v);
      if (problem) return `element ${i}: ${problem}`;
    }
    return undefined;
  };

export const ROLLOUT_STRATEGIES = ['OnDelete', 'RollingUpdate'] as const;
export const NODE_ROLES = ['controlplane', 'worker'] as const;
export const TEMPLATE_MATCH_POLICIES = ['exact', 'uniqueSubset', 'bestSubset'] as const;
export const NIC_MODELS = ['virtio', 'e1000', 'rtl8139', 'vmxnet3'] as const;
export const DISK_FORMATS = ['raw', 'qcow2', 'vmdk'] as const;
export const VMID_RANGE = [100, 999_999_999] as const;
