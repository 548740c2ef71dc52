/**
 * Rules between the clusters of one app: unique names; and, for clusters on the same Proxmox VE
 * (same API endpoint), no shared VMID, no SDN zone/VNet or created bridge declared twice (one
 * cluster's destroy would remove the other's network), no address used twice on one L2 segment,
 * and no output file written by two clusters or over a file another definition reads (outputs.ts). Management clusters the app declares itself are
 * checked in management.ts.
 */
import { talosTemplateVmid } from '../plan/template-plan';
import { formatIpv4, parseIpv4 } from '../../providers/kernel/ipv4';
import type { ClusterDefinition } from './definition';
import { poolLayoutsOf } from './definition';
import { layoutNodes, type IssuePath } from '../plan/layout';
import { checkManagementClusters } from './management';
import { checkOutputsAcrossClusters } from './outputs';
import type { DefinitionProblem } from './problems';

function endpointKey(def: ClusterDefinition): string {
  try {
    const u = new URL(def.spec.proxmox.endpoint);
    return `${u.hostname.toLowerCase()}:${u.port || '443'}`;
  } catch {
    return def.spec.proxmox.endpoint;
  }
}

/** The L2 segment the nodes sit on, as far as the definition says. */
function segmentKey(def: ClusterDefinition): string {
  const a = def.spec.network.attachment;
  switch (a.kind) {
    case 'bridge':
      return `bridge:${a.bridge}:${a.vlanId ?? 'untagged'}`;
    case 'vlan':
      return `vlan:${a.device}.${a.vlanId}`;
    case 'sdn':
      return `sdn:${a.vnetId}`;
  }
}

/** Network objects this cluster's stacks create (and so also destroy). */
function ownedNetworkObjects(def: ClusterDefinition): { key: string; path: IssuePath; what: string; example: string }[] {
  const a = def.spec.network.attachment;
  const at = (k: string): IssuePath => ['network', 'attachment', k];
  // An SDN ID of this cluster's own: 2..8 letters/digits from its name.
  const own = (suffix: string) => `${def.name.replace(/[^a-z0-9]/g, '').replace(/^[0-9]+/, '') || 'c'}${suffix}`.slice(0, 8).padEnd(2, 'z');
  switch (a.kind) {
    case 'bridge':
      return a.create ? [{ key: `bridge:${a.bridge}`, path: at('bridge'), what: `bridge ${a.bridge}`, example: 'bridge: vmbr9' }] : [];
    case 'vlan':
      return [
        { key: `bridge:${a.bridge}`, path: at('bridge'), what: `bridge ${a.bridge}`, example: `bridge: vmbr${a.vlanId}` },
        { key: `vlan:${a.device}.${a.vlanId}`, path: at('vlanId'), what: `VLAN interface ${a.device}.${a.vlanId}`, example: `vlanId: ${(a.vlanId % 4094) + 1}` },
      ];
    case 'sdn':
      return [
        { key: `zone:${a.zoneId}`, path: at('zoneId'), what: `SDN zone ${a.zoneId}`, example: `zoneId: ${own('')}` },
        { key: `vnet:${a.vnetId}`, path: at('vnetId'), what: `SDN VNet ${a.vnetId}`, example: `vnetId: ${own('net')}` },
      ];
  }
}

interface Claim {
  readonly def: ClusterDefinition;
  readonly path: IssuePath;
  readonly label: string;
}

/** Records `key` for `claim`; returns the earlier claim of another cluster, if any. */
function claim(map: Map<string, Claim>, key: string, c: Claim): Claim | undefined {
  const first = map.get(key);
  if (first && first.def !== c.def) return first;
  if (!first) map.set(key, c);
  return undefined;
}

export function checkAcrossClusters(defs: readonly ClusterDefinition[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (def: ClusterDefinition, path: IssuePath, message: string, example: string) => problems.push({ source: def.source, path, message, example });

  const names = new Map<string, Claim>();
  const byEndpoint = new Map<string, { vmids: Map<string, Claim>; network: Map<string, Claim>; ips: Map<string, Claim> }>();
  for (const def of defs) {
    const other = claim(names, def.name, { def, path: ['name'], label: def.name });
    if (other)
      add(
        def,
        ['name'],
        `"${def.name}" is also the name of the cluster in ${other.def.source}; names must be unique (they name the stacks, the Proxmox pool and the Cluster API objects)`,
        `name: ${def.name}-2`,
      );

    const scope = byEndpoint.get(endpointKey(def)) ?? { vmids: new Map(), network: new Map(), ips: new Map() };
    byEndpoint.set(endpointKey(def), scope);
    const slots = layoutNodes(def.name, poolLayoutsOf(def.spec), def.spec.vmidBase, def.spec.proxmox.nodes);
    const reported = new Set<string>();
    const freeBase = `vmidBase: ${Math.ceil((Math.max(...slots.map((x) => x.vmid ?? 0)) + 1000) / 1000) * 1000}`;
    // With Cluster API the Proxmox stage also builds the Talos template VM at vmidBase - 1.
    const vms = [
      ...slots.map((s) => ({ vmid: s.vmid, path: s.vmidPath, label: `node ${s.name}` })),
      ...(def.spec.clusterApi ? [{ vmid: talosTemplateVmid(def.spec.vmidBase), path: ['vmidBase'] as IssuePath, label: 'the Talos template VM' }] : []),
    ];
    for (const v of vms) {
      const o = claim(scope.vmids, String(v.vmid), { def, path: v.path, label: v.label });
      const key = v.path.join('.');
      if (o && !reported.has(key)) {
        reported.add(key);
        add(def, v.path, `gives ${v.label} VMID ${v.vmid}, also the VMID of ${o.label} of ${o.def.source} on the same Proxmox VE (VMIDs are unique cluster-wide)`, freeBase);
      }
    }
    for (const obj of ownedNetworkObjects(def)) {
      const o = claim(scope.network, obj.key, { def, path: obj.path, label: obj.what });
      if (o) add(def, obj.path, `${obj.what} is also created by ${o.def.source} on the same Proxmox VE; destroying one cluster would remove the other's network`, obj.example);
    }
    const segment = segmentKey(def);
    const addresses: { ip: string; path: IssuePath; label: string }[] = [
      ...slots.flatMap((s) => (s.ip !== undefined ? [{ ip: formatIpv4(s.ip), path: s.ipPath, label: `node ${s.name}` }] : [])),
      ...(def.spec.network.vip !== undefined ? [{ ip: def.spec.network.vip, path: ['network', 'vip'] as IssuePath, label: 'the VIP' }] : []),
    ];
    const seenPaths = new Set<string>();
    for (const a of addresses) {
      if (parseIpv4(a.ip) === undefined) continue;
      const o = claim(scope.ips, `${segment}/${a.ip}`, { def, path: a.path, label: a.label });
      const key = a.path.join('.');
      if (o && !seenPaths.has(key)) {
        seenPaths.add(key);
        add(def, a.path, `${a.ip} (${a.label}) is also ${o.label} of ${o.def.source} on the same network segment`, 'an address no other cluster on this network uses, or another VLAN/VNet');
      }
    }
  }
  // Output files (after links) against each other and against the files definitions read.
  problems.push(...checkOutputsAcrossClusters(defs));
  problems.push(...checkManagementClusters(defs));
  return problems;
}
