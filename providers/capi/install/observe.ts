/**
 * What is installed right now, for Terraform's refresh: the version each of our inventory entries
 * reports, and how many of the objects we applied have disappeared since (so the next plan
 * re-applies them).
 */
import { resourcePath, UnknownKindError, isAppliedBy } from '../kube';
import { PROVIDERS } from '../components/catalog';
import { CLUSTERCTL_LABEL } from '../components/transform';
import type { AppliedRef } from './install';
import { FIELD_MANAGER, type ManagementCluster } from './management-cluster';
import { listInventory } from './preflight';

export interface ObservedProvider {
  readonly manifestLabel: string;
  readonly namespace: string;
  /** Version in our inventory entry; undefined when the entry is gone or not ours. */
  readonly version: string | undefined;
  readonly missingObjects: number;
}

export interface ObservedInstall {
  readonly providers: readonly ObservedProvider[];
  /** True when none of our inventory entries is left (the install was removed behind our back). */
  readonly gone: boolean;
}

/** Counts, per component, the applied objects that no longer exist (one list call per kind and namespace). */
export async function countMissing(mgmt: ManagementCluster, applied: readonly AppliedRef[], signal?: AbortSignal): Promise<Map<string, number>> {
  const groups = new Map<string, AppliedRef[]>();
  for (const ref of applied) {
    const k = `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), ref]);
  }
  const missing = new Map<string, number>();
  const add = (component: string) => missing.set(component, (missing.get(component) ?? 0) + 1);
  for (const refs of groups.values()) {
    const { apiVersion, kind, namespace } = refs[0];
    let names: Set<string>;
    try {
      const resource = await mgmt.mapper.resolve(apiVersion, kind, signal);
      const items = await mgmt.client.listMetadata(resourcePath(resource, { namespace }), refs[0].component === 'inventory' ? undefined : CLUSTERCTL_LABEL, signal);
      names = new Set(items.map((i) => i.metadata.name ?? ''));
    } catch (err) {
      if (!(err instanceof UnknownKindError)) throw err;
      names = new Set();
    }
    for (const ref of refs) if (!names.has(ref.name)) add(ref.component);
  }
  return missing;
}

export async function observeInstall(mgmt: ManagementCluster, applied: readonly AppliedRef[], signal?: AbortSignal): Promise<ObservedInstall> {
  const inventory = await listInventory(mgmt, signal);
  const missing = await countMissing(mgmt, applied, signal);
  const providers = PROVIDERS.map((spec) => {
    const entry = inventory.find((e) => e.metadata.name === spec.manifestLabel && e.metadata.namespace === spec.namespace && isAppliedBy(e, FIELD_MANAGER));
    return { manifestLabel: spec.manifestLabel, namespace: spec.namespace, version: entry?.version, missingObjects: missing.get(spec.manifestLabel) ?? 0 };
  });
  return { providers, gone: providers.every((p) => p.version === undefined) };
}
