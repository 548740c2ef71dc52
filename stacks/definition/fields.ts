/**
 * Leaf fields of the cluster definition schema: each carries its own "what is wrong" message and
 * registers an example (shown as the fix in every problem on that field). Formats follow what PVE,
 * Talos and Kubernetes accept; the PVE ones are shared with the Proxmox constructs (rules.ts) so a
 * definition that passes here is not rejected later at synth.
 */
import { z } from 'zod';
import { EXTENSION_NAME, SCHEMATIC_ID } from '../plan/image-factory';
import { parseIpv4, parseIpv4Cidr, parseIpv4Expression } from '../../providers/kernel/ipv4';
import { BRIDGE_NAME, DATASTORE_ID, DNS_LABEL, PVE_NODE_NAME, PVE_TAG, SDN_ID, VMID_MAX, VMID_MIN } from '../plan/rules';

/** PVE storage content types (Datacenter > Storage > Content). */
export const DATASTORE_CONTENT = ['images', 'import', 'iso', 'rootdir', 'snippets', 'vztmpl', 'backup'] as const;

/** Per-field documentation read back by the problem formatter. */
export interface FieldDoc {
  /** A correct value written as YAML, shown after `Example:`. */
  readonly example: string;
}

export const fieldDocs = z.registry<FieldDoc>();

/** Registers `example` for this schema instance (builders return fresh instances, so each field has its own). */
export function documented<T extends z.ZodType>(schema: T, example: string): T {
  fieldDocs.add(schema, { example });
  return schema;
}

/** A value as it appears in a message: strings quoted, long values cut. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function pattern(re: RegExp, problem: string, example: string, extra?: (v: string) => boolean): z.ZodString {
  return documented(
    z.string().refine((v) => re.test(v) && (extra ? extra(v) : true), { error: (iss) => `${show(iss.input)} ${problem}` }),
    example,
  );
}

/** Longest pool name: node names are `<cluster>-<pool>-<n>` within a 63-character DNS label. */
export const MAX_POOL_NAME = 16;

export function dnsLabel(max: number, example: string): z.ZodString {
  return pattern(DNS_LABEL, `is not a DNS label (lowercase letters, digits and inner dashes, at most ${max} characters)`, example, (v) => v.length <= max);
}

export function ipv4Address(example: string): z.ZodString {
  return documented(
    z.string().refine((v) => parseIpv4(v) !== undefined, {
      error: (iss) => `${show(iss.input)} is not an IPv4 address (four decimal octets, no leading zeros)`,
    }),
    example,
  );
}

export function ipv4Cidr(example: string): z.ZodString {
  return documented(
    z.string().refine((v) => parseIpv4Cidr(v) !== undefined, {
      error: (iss) => {
        const text = String(iss.input);
        const [addr, len] = text.split('/');
        const host = parseIpv4(addr ?? '');
        const prefix = Number(len);
        if (host !== undefined && /^\d{1,2}$/.test(len ?? '') && prefix <= 32) {
          const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
          const net = (host & mask) >>> 0;
          const netText = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
          return `${show(iss.input)} has host bits set; the network is ${netText}/${prefix}`;
        }
        return `${show(iss.input)} is not an IPv4 network in CIDR form`;
      },
    }),
    example,
  );
}

/** An InClusterIPPool / ProxmoxCluster address entry: an IP, an inclusive `a-b` range or a CIDR. */
export function addressExpression(example: string): z.ZodString {
  return documented(
    z.string().refine((v) => parseIpv4Expression(v) !== undefined, {
      error: (iss) => `${show(iss.input)} is not an IPv4 address, an inclusive a-b range (low to high) or a CIDR`,
    }),
    example,
  );
}

/** `user@realm!tokenid=secret`, as the bpg provider and PVE parse API tokens. */
export const PVE_API_TOKEN = /^\S+@\S+!\S+=\S+$/;
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The NAME of an environment variable; a value that looks like the secret itself gets its own message. */
export function envVarName(example: string): z.ZodString {
  return documented(
    z.string().refine((v) => ENV_VAR_NAME.test(v), {
      error: (iss) =>
        typeof iss.input === 'string' && (PVE_API_TOKEN.test(iss.input) || /^PVEAPIToken=/i.test(iss.input) || iss.input.length >= 32)
          ? 'looks like a secret, not the name of an environment variable; keep the secret in the environment and write only the variable name here'
          : `${show(iss.input)} is not an environment variable name (letters, digits and _, not starting with a digit)`,
    }),
    example,
  );
}

export function urlField(schemes: readonly string[], example: string): z.ZodString {
  return documented(
    z.string().superRefine((v, ctx) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${show(v)} is not an absolute URL` });
        return;
      }
      const scheme = url.protocol.replace(/:$/, '');
      if (!schemes.includes(scheme)) ctx.addIssue({ code: 'custom', message: `${show(v)} uses ${scheme}; use ${schemes.join(' or ')}` });
      // Credentials in a URL end up in the synthesized JSON and in logs.
      if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry credentials (user:password@); name environment variables in proxmox.credentials instead' });
    }),
    example,
  );
}

/** A file path, relative to the definition file's directory or absolute. */
export function filePath(example: string): z.ZodString {
  return documented(
    z.string().refine((v) => v.trim() !== '' && !v.includes('\0') && !/[\\/]$/.test(v), {
      error: (iss) => `${show(iss.input)} is not a file path`,
    }),
    example,
  );
}

export function pveNodeName(example: string): z.ZodString {
  return pattern(PVE_NODE_NAME, 'is not a Proxmox node name (letters, digits and inner dashes)', example, (v) => v.length <= 63);
}

export function storageId(example: string): z.ZodString {
  return pattern(DATASTORE_ID, 'is not a PVE storage ID (a letter, then letters, digits, - _ .; not ending in - _ .)', example);
}

export function bridgeName(example: string): z.ZodString {
  return pattern(BRIDGE_NAME, 'is not a Linux bridge name as PVE accepts it (a letter, then up to 9 letters, digits or _)', example);
}

export function sdnId(example: string): z.ZodString {
  return pattern(SDN_ID, 'is not an SDN ID (2 to 8 letters or digits, starting with a letter, no dashes)', example);
}

/** A host interface (PVE `pve-iface`) or a Talos link name. */
export function interfaceName(example: string): z.ZodString {
  return pattern(/^[A-Za-z][A-Za-z0-9_.-]{1,14}$/, 'is not a network interface name (2 to 15 letters, digits, _ . -, starting with a letter)', example);
}

export function pveTag(example: string): z.ZodString {
  return pattern(PVE_TAG, 'is not a Proxmox tag (lowercase letters, digits and _ + . -)', example);
}

export function extensionName(example: string): z.ZodString {
  return pattern(EXTENSION_NAME, 'is not an official Talos extension name (<owner>/<name>)', example);
}

export function schematicIdField(example: string): z.ZodString {
  return pattern(SCHEMATIC_ID, 'is not an Image Factory schematic ID (64 lowercase hex characters)', example);
}

export function domainName(example: string): z.ZodString {
  return pattern(/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i, 'is not a domain name', example);
}

/** A registry host, optionally with a port and path (e.g. `factory.talos.dev`, `registry.lab:5000/talos`). */
export function registryHost(example: string): z.ZodString {
  return pattern(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/i, 'is not a registry host (host[:port][/path], no scheme)', example);
}

/** Terraform Cloud organization / workspace name characters. */
export function tfcName(max: number, example: string): z.ZodString {
  return pattern(/^[A-Za-z0-9_-]+$/, `is not a Terraform Cloud name (letters, digits, - and _, at most ${max} characters)`, example, (v) => v.length <= max);
}

export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export function labelKey(example: string): z.ZodString {
  return pattern(LABEL_KEY, 'is not a Kubernetes label key ([prefix/]name, name at most 63 characters)', example);
}

export function labelValue(example: string): z.ZodString {
  return pattern(LABEL_VALUE, 'is not a Kubernetes label value (at most 63 letters, digits, - _ ., alphanumeric at both ends)', example);
}

/** A whole number in [min, max]; `why` explains the bounds in the message. */
export function intRange(min: number, max: number, example: string, why?: string): z.ZodNumber {
  const suffix = why ? ` (${why})` : '';
  return documented(
    z
      .number()
      .int({ error: (iss) => `${show(iss.input)} is not a whole number` })
      .min(min, { error: (iss) => `${show(iss.input)} is below the minimum ${min}${suffix}` })
      .max(max, { error: (iss) => `${show(iss.input)} is above the maximum ${max}${suffix}` }),
    example,
  );
}

export function vmid(example: string): z.ZodNumber {
  return intRange(VMID_MIN, VMID_MAX, example, `PVE VM IDs are ${VMID_MIN}..${VMID_MAX}`);
}
