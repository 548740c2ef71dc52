/**
 * Rules for management clusters declared by the app itself (`clusterApi.management` of kind
 * `cluster` or `self`), which need the other definitions: the named cluster exists; management
 * references form no cycle; the management cluster can schedule the Cluster API controllers; and
 * no cluster receives Cluster API components from two capi stages (one `capi_components` per
 * management cluster: destroying one stage's components is refused while another's Cluster exists).
 */
import { parseAllDocuments } from 'yaml';
import type { ClusterDefinition } from './definition';
import type { IssuePath } from '../plan/layout';
import type { DefinitionProblem } from './problems';
import { suggest } from './suggest';

/** The cluster of this app whose API server holds `def`'s Cluster API objects, if the app declares it. */
export function managementClusterName(def: ClusterDefinition): string | undefined {
  const m = def.spec.clusterApi?.management;
  if (m?.kind === 'cluster') return m.name;
  if (m?.kind === 'self') return def.name;
  return undefined;
}

/** `cluster.allowSchedulingOnControlPlanes` as the control-plane patches leave it (last one wins). */
function controlPlanesSchedulable(def: ClusterDefinition): boolean {
  let allowed = false;
  for (const p of [...def.patches.common, ...def.patches.controlPlane]) {
    for (const doc of parseAllDocuments(p.text) as Iterable<{ toJS(): unknown }>) {
      const v = (doc.toJS() as { cluster?: { allowSchedulingOnControlPlanes?: unknown } } | null)?.cluster?.allowSchedulingOnControlPlanes;
      if (typeof v === 'boolean') allowed = v;
    }
  }
  return allowed;
}

/** Talos taints control planes NoSchedule unless told otherwise; the controllers then need a worker. */
function schedulable(def: ClusterDefinition): boolean {
  return def.spec.workers.some((w) => w.count > 0) || controlPlanesSchedulable(def);
}

const SCHEDULABLE_FIX = 'a worker pool (workers: [{name: worker, count: 1, ...}]), or a control-plane patch cluster: {allowSchedulingOnControlPlanes: true}';

/** The management chain from `def` when it comes back to `def` (a cycle), e.g. [a, b, a]. */
function cycleFrom(def: ClusterDefinition, byName: ReadonlyMap<string, ClusterDefinition>): string[] | undefined {
  const chain = [def.name];
  for (let cur = def; ;) {
    const next = managementClusterName(cur);
    // Ends at an existing cluster, the lab, a self-managed cluster or a missing name.
    if (next === undefined || next === cur.name) return undefined;
    const nextDef = byName.get(next);
    if (!nextDef) return undefined;
    if (nextDef === def) return [...chain, def.name];
    // A cycle that does not pass through `def`: reported at its own members.
    if (chain.includes(next)) return undefined;
    chain.push(next);
    cur = nextDef;
  }
}

export function checkManagementClusters(defs: readonly ClusterDefinition[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (def: ClusterDefinition, path: IssuePath, message: string, example: string) => problems.push({ source: def.source, path, message, example });
  const byName = new Map(defs.map((d) => [d.name, d]));
  /** Management cluster → the definitions whose capi stage installs components there. */
  const installers = new Map<ClusterDefinition, { def: ClusterDefinition; path: IssuePath }[]>();

  for (const def of defs) {
    const m = def.spec.clusterApi?.management;
    if (m?.kind !== 'cluster' && m?.kind !== 'self') continue;
    const path: IssuePath = ['clusterApi', 'management', m.kind === 'cluster' ? 'name' : 'kind'];
    if (m.kind === 'cluster' && m.name === def.name) continue; // reported by the definition's own rules
    const target = m.kind === 'self' ? def : byName.get(m.name);
    if (!target) {
      const name = (m as { name: string }).name;
      const others = defs.filter((d) => d !== def).map((d) => d.name);
      const hint = suggest(name, others);
      const known = others.length ? `clusters: ${others.join(', ')}` : 'it defines no other cluster';
      add(
        def,
        path,
        `"${name}" is not a cluster of this app (${known}); a management cluster of kind cluster is a definition in clusters/ beside this one${hint ? ` (did you mean "${hint}"?)` : ''}`,
        hint ? `name: ${hint}` : others.length ? `name: ${others[0]}` : 'management: {kind: existing, kubeconfig: ~/.kube/management.yaml}',
      );
      continue;
    }
    const cycle = cycleFrom(def, byName);
    if (cycle) {
      add(
        def,
        path,
        `management clusters form a cycle (${cycle.join(' → ')}): each one's Cluster API would run in another, so none can be brought back on its own once one is lost`,
        'management: {kind: self} in one of them, or an existing cluster',
      );
      continue;
    }
    if (!schedulable(target)) {
      const where = target === def ? 'this cluster' : `cluster "${target.name}" (${target.source})`;
      add(
        def,
        path,
        `${where} has no worker and Talos taints its control planes NoSchedule, which the controllers of CABPT, CACPPT, CAPMOX and IPAM do not tolerate, so they could not be scheduled there`,
        `give ${target.name} ${SCHEDULABLE_FIX}`,
      );
    }
    installers.set(target, [...(installers.get(target) ?? []), { def, path }]);
  }

  for (const [target, list] of installers) {
    if (list.length < 2) continue;
    // The cluster's own capi stage keeps the components when it manages itself; else the first file.
    const owner = list.find((i) => i.def === target) ?? list[0];
    const via = owner.def === target ? `${target.name}-capi (it manages itself)` : `${owner.def.name}-capi (${owner.def.source})`;
    for (const other of list.filter((i) => i !== owner)) {
      add(
        other.def,
        other.path,
        `cluster "${target.name}" already receives Cluster API components from ${via}; one capi_components per management cluster, because destroying one stage's components is refused while another stage's Cluster exists`,
        'management: {kind: existing, kubeconfig: ~/.kube/management.yaml} (a management cluster outside this app)',
      );
    }
  }
  return problems;
}
