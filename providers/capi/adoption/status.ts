/**
 * What adoption keeps true in objects controllers also write: the status of adopted
 * ProxmoxMachines (CAPMOX v0.9.0 never publishes addresses of a running VM, spec §11; the
 * Proxmox node is seeded, then CAPMOX's) and the
 * endpoints of `<c>-talosconfig` (CABPT rewrites it with `endpoints: null` while Machines have no
 * addresses). Read reports a broken invariant as drift; apply repairs it, writing only then.
 */
import { deepEqual, show } from './diff';
import { describeKey, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import { OURS } from './names';
import type { AdoptionPlan, DesiredObject } from './objects';
import { repairedTalosconfigData, SECRET_KEYS, talosconfigEndpointsProblem, unb64 } from './secrets';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first place where `live` lacks what `desired` says, or undefined. Lists are sets: every
 * desired item must be in the live list (order and extra items, e.g. an ExternalIP CAPMOX adds,
 * are fine), so the check never fights a controller that lists the same addresses differently.
 */
export function statusProblem(desired: unknown, live: unknown, path = 'status'): string | undefined {
  if (isObject(desired)) {
    if (!isObject(live)) return `${path} is ${show(live)}`;
    for (const [k, v] of Object.entries(desired)) {
      const p = statusProblem(v, live[k], `${path}.${k}`);
      if (p) return p;
    }
    return undefined;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return `${path} is ${show(live)}, want ${show(desired)}`;
    const missing = desired.find((d) => !live.some((l) => deepEqual(d, l)));
    return missing === undefined ? undefined : `${path} lacks ${show(missing)}`;
  }
  return desired === live ? undefined : `${path} is ${show(live)}, want ${show(desired)}`;
}

/**
 * Status fields the adoption seeds but the controller then owns: CAPMOX moves `proxmoxNode` when
 * a VM migrates. Once the live object has a value, that value is what the adoption keeps (and
 * re-applies with the rest, so its field ownership never drops it).
 */
const SEEDED_STATUS_FIELDS = ['proxmoxNode'] as const;

/** The status to keep on `live`: the desired one, with seeded fields taken from live once set. */
export function keptStatus(desired: Json, live: unknown): Json {
  const out = { ...desired };
  for (const key of SEEDED_STATUS_FIELDS) {
    const current = isObject(live) ? live[key] : undefined;
    if (key in out && typeof current === 'string' && current !== '') out[key] = current;
  }
  return out;
}

/** The status-subresource apply body for a desired object's status, as kept on `live`. */
export function statusObject(desired: DesiredObject, live?: KubeObject): KubeObject {
  const o = desired.object;
  const status = desired.status ? keptStatus(desired.status, live?.status) : desired.status;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace }, status };
}

/** Why a live object breaks what `desired` keeps (status or a kept invariant), or undefined. */
export function liveProblem(desired: DesiredObject, live: KubeObject): string | undefined {
  if (desired.status) {
    const p = statusProblem(keptStatus(desired.status, live.status), live.status);
    if (p) return p;
  }
  if (desired.keep) {
    const p = talosconfigEndpointsProblem(live.data);
    if (p) return `data.talosconfig: ${p}`;
  }
  return undefined;
}

/**
 * Repairs one live object when `liveProblem` finds something; returns the stored object.
 * Status goes through the status subresource (server-side apply owns only the listed fields);
 * a kept talosconfig is merge-patched with the live text's certificates and the wanted endpoints.
 */
export async function repairLive(mgmt: KubeObjectClient, desired: DesiredObject, live: KubeObject): Promise<KubeObject | undefined> {
  if (!liveProblem(desired, live)) return undefined;
  let stored = live;
  if (desired.status && statusProblem(keptStatus(desired.status, stored.status), stored.status)) {
    stored = await mgmt.applyStatus(statusObject(desired, stored), { fieldManager: OURS.fieldManager, force: true });
  }
  if (desired.keep && talosconfigEndpointsProblem(stored.data)) {
    const ours = unb64(((desired.object.data ?? {}) as Json)[SECRET_KEYS.talosconfig]) ?? '';
    stored = await mgmt.mergePatch(keyOf(desired.object), { data: repairedTalosconfigData(stored.data, ours, desired.keep.talosconfigEndpoints) });
  }
  return stored;
}

/** Objects of the plan that carry status or a kept invariant. */
export function keptObjects(plan: AdoptionPlan): DesiredObject[] {
  return plan.objects.filter((d) => d.status !== undefined || d.keep !== undefined);
}

/**
 * Drift lines for kept objects that exist. A missing or deleting object is not drift here: seeds
 * belong to Cluster API after adoption (a scale-down may remove them), and a missing createOnly
 * object is reported by `detectDrift`.
 */
export async function keptDrift(mgmt: KubeObjectClient, plan: AdoptionPlan): Promise<string[]> {
  const out: string[] = [];
  for (const desired of keptObjects(plan)) {
    const live = await mgmt.get(keyOf(desired.object));
    if (!live || live.metadata.deletionTimestamp !== undefined) continue;
    const p = liveProblem(desired, live);
    if (p) out.push(`${describeKey(keyOf(desired.object))} ${p}`);
  }
  return out;
}

/** Repairs every kept object that exists and is not being deleted; returns what was repaired. */
export async function keepLive(mgmt: KubeObjectClient, plan: AdoptionPlan, progress: (message: string) => void): Promise<string[]> {
  const repaired: string[] = [];
  for (const desired of keptObjects(plan)) {
    const key = keyOf(desired.object);
    const live = await mgmt.get(key);
    if (!live || live.metadata.deletionTimestamp !== undefined) continue;
    if (await repairLive(mgmt, desired, live)) {
      repaired.push(describeKey(key));
      progress(`repaired ${describeKey(key)}`);
    }
  }
  return repaired;
}
