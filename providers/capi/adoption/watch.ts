/**
 * After the unpause (spec §7.2 steps 9-10): watch the controllers take over. Success is what the
 * controllers report (`confirm.ts`): Cluster Available, control plane Ready and healthy, every
 * Machine Running with a nodeRef, every ProxmoxMachine ready with addresses. A sign that CAPI is about to touch infrastructure (a Machine
 * being deleted, a machine that was not adopted, CAPMOX failing on a VM) pauses the Cluster
 * again at once and fails with what was seen. While waiting, ProxmoxMachines whose claims have
 * resolved are touched so CAPMOX's address recovery (PR #799) runs.
 */
import { pauseFor, PollBackoff } from '../../runtime/backoff';
import { pause, type Progress } from './apply';
import { controlPlaneNodes, workerNodes, type AdoptionInput } from './input';
import { ADOPTION_KINDS, describeKey, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import { defaultClaimName, OURS } from './names';
import type { AdoptionPlan } from './objects';
import { confirmationGaps, readConfirmationSnapshot, type Unmet } from './confirm';

const K = ADOPTION_KINDS;
type Json = Record<string, unknown>;

export class AdoptionSafetyStop extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(
      `stopped the adoption and paused the Cluster again because Cluster API started to change machines:\n${reasons.join('\n')}\n` +
        'Inspect the objects; when it is safe, remove spec.paused from the Cluster yourself and re-run the apply.',
    );
    this.name = 'AdoptionSafetyStop';
  }
}

export interface WatchResult {
  readonly confirmed: boolean;
  /** What the controllers had not reported as met when the wait ended, in check order. */
  readonly unmet: readonly Unmet[];
  /** Adopted machines still without a nodeRef when the wait ended. */
  readonly pending: readonly string[];
  readonly touched: readonly string[];
}

function o(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

/** What in the current machine lists means Cluster API is replacing or creating machines. */
export function safetyViolations(input: AdoptionInput, machines: readonly KubeObject[], proxmoxMachines: readonly KubeObject[]): string[] {
  const adopted = new Set(input.nodes.map((n) => n.name));
  const out: string[] = [];
  for (const m of machines) {
    if (m.metadata.deletionTimestamp !== undefined) out.push(`${describeKey(keyOf(m))} is being deleted (its VM would follow)`);
    else if (!adopted.has(m.metadata.name)) out.push(`${describeKey(keyOf(m))} appeared: Cluster API is creating a machine during adoption`);
  }
  for (const pm of proxmoxMachines) {
    if (!adopted.has(pm.metadata.name)) {
      if (!machines.some((m) => m.metadata.name === pm.metadata.name)) out.push(`${describeKey(keyOf(pm))} appeared: CAPMOX would clone a VM`);
      continue;
    }
    const conditions = Array.isArray(o(pm.status).conditions) ? (o(pm.status).conditions as Json[]) : [];
    const failed = conditions.find((c) => c.type === 'VirtualMachineProvisioned' && c.reason === 'VMProvisionFailed');
    if (failed) out.push(`${describeKey(keyOf(pm))}: CAPMOX reports VMProvisionFailed (${String(failed.message ?? '')})`);
  }
  return out;
}

function hasNodeRef(m: KubeObject): boolean {
  return typeof o(o(m.status).nodeRef).name === 'string';
}

/** Polls until the controllers confirm the adoption, a safety violation, or the timeout. */
export async function watchAdoption(
  mgmt: KubeObjectClient,
  input: AdoptionInput,
  plan: AdoptionPlan,
  options: { readonly timeoutMs: number; readonly intervalMs?: number; readonly signal?: AbortSignal; readonly progress: Progress },
): Promise<WatchResult> {
  const deadline = Date.now() + options.timeoutMs;
  const adopted = [...controlPlaneNodes(input), ...workerNodes(input)].map((n) => n.name);
  const touched = new Set<string>();
  let pending: readonly string[];
  const backoff = new PollBackoff(options.intervalMs ?? 5000);
  for (;;) {
    const snapshot = await readConfirmationSnapshot(mgmt, plan.names);
    const { machines, proxmoxMachines } = snapshot;
    const violations = safetyViolations(input, machines, proxmoxMachines);
    if (violations.length > 0) {
      await pause(mgmt, input);
      throw new AdoptionSafetyStop(violations);
    }
    pending = adopted.filter((name) => {
      const m = machines.find((x) => x.metadata.name === name);
      return !m || !hasNodeRef(m);
    });
    for (const pm of proxmoxMachines) {
      const name = pm.metadata.name;
      if (touched.has(name) || !adopted.includes(name) || (Array.isArray(o(pm.status).addresses) && (o(pm.status).addresses as unknown[]).length > 0)) continue;
      const claim = await mgmt.get({ apiVersion: K.IPAddressClaim.apiVersion, kind: K.IPAddressClaim.kind, namespace: plan.names.namespace, name: defaultClaimName(name) });
      if (typeof o(o(claim?.status).addressRef).name === 'string') {
        // CAPMOX watches ProxmoxMachines and Machines only; an annotation change wakes it up.
        await mgmt.mergePatch(keyOf(pm), { metadata: { annotations: { [OURS.touchAnnotation]: new Date().toISOString() } } });
        touched.add(name);
        options.progress(`touched ${describeKey(keyOf(pm))} so CAPMOX recovers its addresses`);
      }
    }
    const unmet = confirmationGaps(input, plan.names, snapshot);
    if (unmet.length === 0) return { confirmed: true, unmet, pending, touched: [...touched] };
    if (Date.now() >= deadline || options.signal?.aborted) return { confirmed: false, unmet, pending, touched: [...touched] };
    options.progress('waiting for the controllers to confirm the adoption', { first_unmet: `${unmet[0].object} ${unmet[0].condition}`, pending: pending.join(', ') });
    await pauseFor(backoff.next(), options.signal);
  }
}
