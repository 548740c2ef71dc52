/**
 * The Talos config patches handed to CABPT (TalosControlPlane and TalosConfigTemplate
 * `strategicPatches`): loaded with Talos' rules, and inspected for what would break nodes CAPI
 * creates (spec §7.3 "wrong new-node config"): per-node values in shared patches, and cluster
 * settings that disagree with the Cluster's clusterNetwork.
 */
import { documentKind, isConfigObject, V1ALPHA1, type ConfigDocument, type ConfigValue } from '../../machinery/config/document';
import type * as LoadPatch from '../../machinery/patch/load-patch';
import { lazy } from '../../kernel/lazy';

// The patch engine loads with the first patch checked, not with the provider.
const patchLib = lazy(() => require('../../machinery/patch/load-patch') as typeof LoadPatch);

export interface PatchList {
  readonly common: readonly string[];
  readonly controlPlane: readonly string[];
  readonly worker: readonly string[];
}

/** What one patch sets, among the fields the guards care about. */
export interface PatchFact {
  /** Terraform attribute path of the patch, e.g. `config_patches.0`. */
  readonly path: string;
  readonly setsHostname: boolean;
  readonly setsProviderId: boolean;
  readonly podSubnets?: readonly string[];
  readonly serviceSubnets?: readonly string[];
  readonly dnsDomain?: string;
  readonly endpoint?: string;
  readonly clusterName?: string;
}

export interface PatchFacts {
  readonly patches: readonly PatchFact[];
}

const LISTS: ReadonlyArray<readonly [keyof PatchList, string]> = [
  ['common', 'config_patches'],
  ['controlPlane', 'control_plane_patches'],
  ['worker', 'worker_patches'],
];

function at(value: ConfigValue | undefined, ...path: string[]): ConfigValue | undefined {
  let cur = value;
  for (const key of path) {
    if (!isConfigObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function stringList(value: ConfigValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function factOf(path: string, docs: readonly ConfigDocument[]): PatchFact {
  let setsHostname = false;
  let setsProviderId = false;
  let podSubnets: string[] | undefined;
  let serviceSubnets: string[] | undefined;
  let dnsDomain: string | undefined;
  let endpoint: string | undefined;
  let clusterName: string | undefined;
  for (const doc of docs) {
    const kind = documentKind(doc);
    if (kind === 'HostnameConfig' && typeof doc.hostname === 'string' && doc.hostname !== '') setsHostname = true;
    if (kind !== V1ALPHA1) continue;
    if (typeof at(doc, 'machine', 'network', 'hostname') === 'string') setsHostname = true;
    if (at(doc, 'machine', 'kubelet', 'extraConfig', 'providerID') !== undefined) setsProviderId = true;
    if (at(doc, 'machine', 'kubelet', 'extraArgs', 'provider-id') !== undefined) setsProviderId = true;
    podSubnets = stringList(at(doc, 'cluster', 'network', 'podSubnets')) ?? podSubnets;
    serviceSubnets = stringList(at(doc, 'cluster', 'network', 'serviceSubnets')) ?? serviceSubnets;
    const domain = at(doc, 'cluster', 'network', 'dnsDomain');
    if (typeof domain === 'string') dnsDomain = domain;
    const ep = at(doc, 'cluster', 'controlPlane', 'endpoint');
    if (typeof ep === 'string') endpoint = ep;
    const name = at(doc, 'cluster', 'clusterName');
    if (typeof name === 'string') clusterName = name;
  }
  return {
    path,
    setsHostname,
    setsProviderId,
    ...(podSubnets ? { podSubnets } : {}),
    ...(serviceSubnets ? { serviceSubnets } : {}),
    ...(dnsDomain !== undefined ? { dnsDomain } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(clusterName !== undefined ? { clusterName } : {}),
  };
}

/**
 * Loads every patch (reporting unloadable ones through `problem`) and returns what they set.
 * JSON 6902 patches are rejected: CABPT applies them to the whole multi-document config, which
 * Talos refuses from contract 1.12 on (every contract this project generates).
 */
export function inspectPatches(patches: PatchList, problem: (path: string, message: string) => void): PatchFacts {
  const facts: PatchFact[] = [];
  for (const [list, attribute] of LISTS) {
    patches[list].forEach((text, i) => {
      const path = `${attribute}.${i}`;
      try {
        const patch = patchLib().loadPatch(text, path);
        if (patch.type === 'json6902') {
          problem(path, 'is an RFC 6902 JSON patch; CABPT cannot apply those to multi-document Talos configs (contract 1.12+): write it as a strategic merge patch');
          return;
        }
        facts.push(
          factOf(
            path,
            patch.steps.flatMap((s) => ('merge' in s ? [s.merge] : [])),
          ),
        );
      } catch (err) {
        problem(path, err instanceof patchLib().PatchLoadError ? err.message.replace(/^patch [^:]+: /, '') : (err as Error).message);
      }
    });
  }
  return { patches: facts };
}
