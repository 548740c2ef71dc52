/**
 * Talos API authorization as machined applies it: roles come from the client certificate's
 * Organization values; each method lists the roles allowed to call it; anything unlisted needs
 * os:admin. In maintenance mode every caller has os:reader.
 */
import type { PeerCertificate } from 'node:tls';

export type Role = 'os:admin' | 'os:operator' | 'os:reader' | 'os:etcd:backup' | 'os:image:verifier' | 'os:meta:writer' | 'os:impersonator';

const KNOWN_ROLES: readonly Role[] = ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup', 'os:image:verifier', 'os:meta:writer', 'os:impersonator'];

const READERS: readonly Role[] = ['os:admin', 'os:operator', 'os:reader'];

/** Rules for the methods the simulator serves (machined's table, Talos v1.13). */
export const METHOD_ROLES: Readonly<Record<string, readonly Role[]>> = {
  // Reader only counts in maintenance mode; the handler checks that.
  '/machine.MachineService/ApplyConfiguration': ['os:admin', 'os:reader'],
  '/machine.MachineService/Bootstrap': ['os:admin'],
  '/machine.MachineService/EtcdForfeitLeadership': ['os:admin'],
  '/machine.MachineService/EtcdLeaveCluster': ['os:admin'],
  '/machine.MachineService/EtcdMemberList': ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup'],
  '/machine.MachineService/EtcdRemoveMemberByID': ['os:admin'],
  '/machine.MachineService/EtcdStatus': ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup'],
  '/machine.MachineService/Events': READERS,
  '/machine.MachineService/List': READERS,
  '/machine.MachineService/Memory': READERS,
  '/machine.MachineService/Kubeconfig': ['os:admin'],
  '/machine.MachineService/Reboot': ['os:admin', 'os:operator'],
  '/machine.MachineService/Reset': ['os:admin'],
  '/machine.MachineService/ServiceList': READERS,
  '/machine.MachineService/Version': READERS,
  '/storage.StorageService/Disks': READERS,
  '/cosi.resource.State/Get': READERS,
  '/cosi.resource.State/List': READERS,
};

const FALLBACK: readonly Role[] = ['os:admin'];

/** Roles named by a verified client certificate (unknown organizations are ignored). */
export function rolesFromCertificate(cert: PeerCertificate | undefined): Set<Role> {
  const roles = new Set<Role>();
  const org = cert?.subject?.O;
  const values = Array.isArray(org) ? org : org ? [org] : [];
  for (const v of values) if ((KNOWN_ROLES as readonly string[]).includes(v)) roles.add(v as Role);
  return roles;
}

export function isAuthorized(method: string, roles: ReadonlySet<Role>): boolean {
  const allowed = METHOD_ROLES[method] ?? FALLBACK;
  return allowed.some((r) => roles.has(r));
}

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/** apid accepts leaf client certificates only when their extended key usage is exactly [clientAuth]. */
export function hasOnlyClientAuthUsage(cert: PeerCertificate | undefined): boolean {
  const eku = (cert as (PeerCertificate & { ext_key_usage?: string[] }) | undefined)?.ext_key_usage;
  return Array.isArray(eku) && eku.length === 1 && eku[0] === CLIENT_AUTH_OID;
}
