import { isIP } from 'node:net';

/** Validation of generator inputs; every error names the input field and what to use instead. */
export class MachineConfigInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The control-plane endpoint: an https URL with a host and an optional port (as talosctl accepts). */
export function validateEndpoint(endpoint: string, field = 'endpoint'): string {
  const text = typeof endpoint === 'string' ? endpoint.trim() : '';
  const example = 'e.g. https://10.0.0.10:6443';
  if (!text) throw new MachineConfigInputError(field, `required; the Kubernetes API URL, ${example}`);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text)) {
    throw new MachineConfigInputError(field, `"${text}" has no scheme; use https://${text.replace(/^\/+/, '')}${/:\d+$/.test(text) ? '' : ':6443'}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MachineConfigInputError(field, `"${text}" is not a valid URL; ${example}`);
  }
  if (url.protocol !== 'https:') throw new MachineConfigInputError(field, `"${text}" must use https://; ${example}`);
  if (!url.hostname) throw new MachineConfigInputError(field, `"${text}" has no host; ${example}`);
  if (url.username || url.password) throw new MachineConfigInputError(field, `"${text}" must not contain credentials`);
  if (url.search || url.hash) throw new MachineConfigInputError(field, `"${text}" must not have a query or fragment`);
  const hostPart = text.replace(/^https:\/\//i, '').split('/')[0];
  const portMatch = /:(\d*)$/.exec(hostPart.startsWith('[') ? hostPart.slice(hostPart.indexOf(']') + 1) : hostPart);
  if (portMatch) {
    const port = Number(portMatch[1]);
    if (!portMatch[1] || port < 1 || port > 65535) throw new MachineConfigInputError(field, `"${text}" has an invalid port; ${example}`);
  }
  if ((hostPart.match(/:/g) ?? []).length > 2 && !hostPart.startsWith('[')) {
    throw new MachineConfigInputError(field, `"${text}": IPv6 addresses must be enclosed in square brackets, e.g. https://[fd00::10]:6443`);
  }
  return text;
}

export interface ParsedCidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly bits: bigint;
  readonly prefix: number;
}

function addressBits(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const expand = (parts: string[]): string[] => parts.flatMap((p) => (p.includes('.') ? [(addressBits(p, 4) >> 16n).toString(16), (addressBits(p, 4) & 0xffffn).toString(16)] : [p]));
  const h = expand(headParts);
  const t = expand(tailParts);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** Parses a CIDR with its host bits zero (Kubernetes rejects 10.244.1.0/16-style subnets). */
export function parseCidr(text: string, field: string): ParsedCidr {
  const m = typeof text === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(text.trim()) : null;
  const family = m ? isIP(m[1]) : 0;
  if (!m || (family !== 4 && family !== 6)) throw new MachineConfigInputError(field, `"${String(text)}" is not a CIDR such as 10.244.0.0/16`);
  const prefix = Number(m[2]);
  const width = family === 4 ? 32 : 128;
  if (prefix > width) throw new MachineConfigInputError(field, `"${text}" has prefix length ${prefix}, more than ${width}`);
  const bits = addressBits(m[1], family);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((bits & hostMask) !== 0n) {
    const network = bits & ~hostMask & ((1n << BigInt(width)) - 1n);
    throw new MachineConfigInputError(field, `"${text}" has host bits set; use ${formatAddress(network, family)}/${prefix}`);
  }
  return { text: text.trim(), family, bits, prefix };
}

function formatAddress(bits: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((bits >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.family !== b.family) return false;
  const width = a.family === 4 ? 32 : 128;
  const shortest = Math.min(a.prefix, b.prefix);
  const shift = BigInt(width - shortest);
  return a.bits >> shift === b.bits >> shift;
}

/** One or two subnets (dual stack: one per family). */
export function validateSubnets(list: readonly string[], field: string): ParsedCidr[] {
  if (!Array.isArray(list) || list.length === 0) throw new MachineConfigInputError(field, 'at least one CIDR is required');
  if (list.length > 2) throw new MachineConfigInputError(field, 'at most two CIDRs (one IPv4, one IPv6) are allowed');
  const parsed = list.map((c, i) => parseCidr(c, `${field}[${i}]`));
  if (parsed.length === 2 && parsed[0].family === parsed[1].family) {
    throw new MachineConfigInputError(field, 'two CIDRs must be of different families (dual stack)');
  }
  return parsed;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function validateDnsName(name: string, field: string, example: string): string {
  const text = typeof name === 'string' ? name.trim() : '';
  if (!text || text.length > 253 || !text.split('.').every((l) => DNS_LABEL.test(l))) {
    throw new MachineConfigInputError(field, `"${String(name)}" is not a valid lowercase DNS name such as ${example}`);
  }
  return text;
}

/** Cluster names end up in kubeconfig/talosconfig context names and CAPI object names. */
export function validateClusterName(name: string, field = 'clusterName'): string {
  const text = typeof name === 'string' ? name : '';
  if (!/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/.test(text)) {
    throw new MachineConfigInputError(field, `"${text}" must be 1-63 lowercase letters, digits, '-' or '.', starting and ending alphanumeric`);
  }
  return text;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `proxmox://<SMBIOS uuid>` as CAPMOX sets Machine.spec.providerID (the VM's smbios1 uuid, verbatim). */
export function proxmoxProviderId(smbiosUuid: string): string {
  if (!UUID.test(smbiosUuid)) throw new MachineConfigInputError('smbiosUuid', `"${smbiosUuid}" is not a UUID like 6c3fa683-bef9-4425-b413-eaa45a9d6191`);
  return `proxmox://${smbiosUuid}`;
}

export function validateProviderId(providerId: string, field = 'providerId'): string {
  if (typeof providerId !== 'string' || !/^proxmox:\/\//.test(providerId) || !UUID.test(providerId.slice('proxmox://'.length))) {
    throw new MachineConfigInputError(field, `"${String(providerId)}" must be proxmox://<SMBIOS uuid>, e.g. proxmox://6c3fa683-bef9-4425-b413-eaa45a9d6191`);
  }
  return providerId;
}

const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export function validateNodeLabels(labels: Readonly<Record<string, string>>, field = 'nodeLabels'): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(key) || key.split('/')[0].length > 253) throw new MachineConfigInputError(`${field}.${key}`, 'is not a valid Kubernetes label key');
    if (typeof value !== 'string' || !LABEL_VALUE.test(value))
      throw new MachineConfigInputError(`${field}.${key}`, `"${String(value)}" is not a valid label value (<= 63 chars, alphanumeric at both ends)`);
  }
}

/** A node hostname: 1-63 character first label, at most 253 characters in all (Talos HostnameConfig rules). */
export function validateHostname(hostname: string, field = 'hostname'): string {
  const text = typeof hostname === 'string' ? hostname : '';
  const labels = text.split('.');
  if (!text || text.length > 253 || !labels.every((l) => DNS_LABEL.test(l))) {
    throw new MachineConfigInputError(field, `"${text}" must be a lowercase DNS name (first label 1-63 characters, 253 in all), e.g. cp-1`);
  }
  return text;
}

export function validateIpAddress(address: string, field: string): string {
  if (typeof address !== 'string' || isIP(address) === 0) throw new MachineConfigInputError(field, `"${String(address)}" is not an IP address such as 10.0.0.10`);
  return address;
}
