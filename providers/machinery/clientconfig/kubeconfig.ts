/**
 * The admin kubeconfig Talos hands out, read back: the current context's server, CA and client
 * credentials (base64 of PEM, as kubeconfig `*-data` fields and siderolabs' provider carry them),
 * the client certificate's expiry, and when it is due for renewal.
 */
import { lazy, yamlLib } from '../../kernel/lazy';
import { t } from '../../runtime/cty/types';
import type * as PkiLib from '../../pki';

const pkiLib = lazy(() => require('../../pki') as typeof PkiLib);

export const kubernetesClientConfigurationType = t.object({ host: t.string, ca_certificate: t.string, client_certificate: t.string, client_key: t.string });

export interface KubernetesClientConfigurationValue {
  host: string;
  ca_certificate: string;
  client_certificate: string;
  client_key: string;
}

export interface ParsedKubeconfig {
  readonly clusterName: string;
  readonly client: KubernetesClientConfigurationValue;
}

type Named<T> = { name?: unknown } & T;

function pick<T>(list: unknown, name: string, what: string): T {
  const found = Array.isArray(list) ? (list as Named<Record<string, unknown>>[]).find((e) => e?.name === name) : undefined;
  if (!found) throw new Error(`kubeconfig has no ${what} named "${name}"`);
  return found as T;
}

function field(obj: Record<string, unknown> | undefined, key: string, where: string): string {
  const v = obj?.[key];
  if (typeof v !== 'string' || v === '') throw new Error(`kubeconfig ${where} has no ${key}`);
  return v;
}

/** Reads the current context of a kubeconfig with embedded credentials (what Talos generates). */
export function parseKubeconfig(text: string): ParsedKubeconfig {
  let doc: Record<string, unknown>;
  try {
    doc = yamlLib().parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`kubeconfig is not YAML: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object') throw new Error('kubeconfig is empty');
  const current = doc['current-context'];
  if (typeof current !== 'string' || current === '') throw new Error('kubeconfig has no current-context');
  const context = pick<{ context?: { cluster?: string; user?: string } }>(doc.contexts, current, 'context').context ?? {};
  const clusterName = context.cluster ?? '';
  const userName = context.user ?? '';
  const cluster = pick<{ cluster?: Record<string, unknown> }>(doc.clusters, clusterName, 'cluster').cluster;
  const user = pick<{ user?: Record<string, unknown> }>(doc.users, userName, 'user').user;
  return {
    clusterName,
    client: {
      host: field(cluster, 'server', `cluster ${clusterName}`),
      ca_certificate: field(cluster, 'certificate-authority-data', `cluster ${clusterName}`),
      client_certificate: field(user, 'client-certificate-data', `user ${userName}`),
      client_key: field(user, 'client-key-data', `user ${userName}`),
    },
  };
}

/** NotAfter of a base64-of-PEM certificate. */
export function certificateExpiry(base64Pem: string): Date {
  const pem = Buffer.from(base64Pem, 'base64').toString('utf8');
  return pkiLib().certificateInfo(pem).notAfter;
}

/** Renew when the certificate expires within `renewalWindowMs` from `now` (siderolabs' rule). */
export function dueForRenewal(expiresAt: Date, renewalWindowMs: number, now = Date.now()): boolean {
  return expiresAt.getTime() < now + renewalWindowMs;
}
