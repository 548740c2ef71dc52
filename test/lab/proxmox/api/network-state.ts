/** What the running network of a node offers guests: Linux/OVS bridges and applied SDN vnets. */
import type { LabCluster } from '../cluster';

/** Bridges a VM NIC may use on `node` right now (pending, unapplied changes do not count). */
export function runningBridges(sim: LabCluster, node: string): Set<string> {
  const out = new Set<string>();
  for (const [name, iface] of Object.entries(sim.state.network[node]?.running ?? {})) {
    if (iface.type === 'bridge' || iface.type === 'OVSBridge') out.add(name);
  }
  const sdn = sim.state.sdn.running;
  for (const [vnet, def] of Object.entries(sdn.vnets)) {
    const zone = sdn.zones[String(def.zone)];
    if (!zone) continue;
    const nodes = typeof zone.nodes === 'string' ? zone.nodes.split(',') : undefined;
    if (!nodes || nodes.includes(node)) out.add(vnet);
  }
  return out;
}

/** Applied SDN subnets per vnet with their first DHCP range (for simulated DHCP leases). */
export function runningVnetSubnets(sim: LabCluster): Map<string, { cidr: string; range?: { start: string; end: string } }> {
  const out = new Map<string, { cidr: string; range?: { start: string; end: string } }>();
  for (const [id, subnet] of Object.entries(sim.state.sdn.running.subnets)) {
    const vnet = String(subnet.vnet);
    const cidr = /^[^-]+-(.+)-(\d+)$/.exec(id);
    if (out.has(vnet) || !cidr) continue;
    const rangeText = typeof subnet['dhcp-range'] === 'string' ? subnet['dhcp-range'].split('\n')[0] : undefined;
    const start = rangeText ? /start-address=([^,]+)/.exec(rangeText)?.[1] : undefined;
    const end = rangeText ? /end-address=([^,]+)/.exec(rangeText)?.[1] : undefined;
    out.set(vnet, { cidr: `${cidr[1]}/${cidr[2]}`, range: start && end ? { start, end } : undefined });
  }
  return out;
}
