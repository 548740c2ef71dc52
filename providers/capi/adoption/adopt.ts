/**
 * The adoption as one operation (create, and every later apply): preflight, checks that need
 * only the input and the running cluster (before the first write), the recipe applied in order,
 * every guard against what the management cluster now holds, unpause, then watching the
 * controllers take over. After adoption a run only converges the objects Terraform keeps managing.
 */
import { applyObjects, currentPhase, isPaused, pruneStale, unpause, type Progress } from './apply';
import { assertGuardsPass, checkAdoptionGuards, type GuardFinding } from './guards';
import { controlPlaneNodes, type AdoptionInput } from './input';
import { readInventory, type MachineInventoryEntry } from './inventory';
import type { AdoptionProviderContext, KubeObjectClient } from './kube';
import type { AdoptionPhase } from './names';
import { buildAdoptionObjects } from './objects';
import { simulatedState } from './observed';
import { observeManagement, observeWorkload, preflightCrds } from './observe';
import { watchAdoption } from './watch';
import { confirmationGaps, describeUnmet, readConfirmationSnapshot } from './confirm';
import { keepLive } from './status';
import { markScaleDown } from './scale-down';
import { ensureDeletionOrder } from './deletion-order';

export interface AdoptionRunOptions {
  /** How long to watch the controllers after unpausing; 0 skips the watch. */
  readonly timeoutMs: number;
  readonly progress: Progress;
  /** Receives guard warnings and an unconfirmed adoption. */
  readonly warn: (summary: string, detail?: string) => void;
  readonly signal?: AbortSignal;
  /** Poll interval of the watch (tests shorten it). */
  readonly intervalMs?: number;
}

export interface AdoptionOutcome {
  readonly phase: AdoptionPhase;
  readonly clusterUid: string;
  readonly paused: boolean;
  /** The controllers reported the adoption complete (`confirm.ts`) when the run ended. */
  readonly confirmed: boolean;
  readonly machines: readonly MachineInventoryEntry[];
  readonly findings: readonly GuardFinding[];
}

function reportWarnings(findings: readonly GuardFinding[], warn: AdoptionRunOptions['warn']): void {
  for (const f of findings.filter((x) => x.severity === 'warning')) warn(`adoption guard ${f.guard}: ${f.message}`, `${f.object} ${f.field}; fix: ${f.fix}`);
}

/** Switching the control plane to RollingUpdate is allowed once every adopted machine is confirmed. */
export function rollingUpdateProblem(input: AdoptionInput, machines: readonly MachineInventoryEntry[]): string | undefined {
  if (input.controlPlaneRolloutStrategy !== 'RollingUpdate') return undefined;
  const unconfirmed = controlPlaneNodes(input)
    .map((n) => machines.find((m) => m.name === n.name))
    .filter((m) => m !== undefined && (m.node_ref === null || m.deleting))
    .map((m) => m!.name);
  return unconfirmed.length > 0
    ? `control_plane_rollout_strategy = "RollingUpdate" only after adoption is verified; ${unconfirmed.join(', ')} have no nodeRef yet (keep OnDelete until every adopted control plane is Running)`
    : undefined;
}

/** One look at what the controllers report (no waiting). */
export async function isConfirmed(mgmt: KubeObjectClient, input: AdoptionInput, plan: Pick<ReturnType<typeof buildAdoptionObjects>, 'names'>): Promise<boolean> {
  return confirmationGaps(input, plan.names, await readConfirmationSnapshot(mgmt, plan.names)).length === 0;
}

async function converge(mgmt: KubeObjectClient, input: AdoptionInput, options: AdoptionRunOptions): Promise<AdoptionOutcome> {
  const plan = buildAdoptionObjects(input, 'adopted');
  const before = await readInventory(mgmt, input, plan);
  const problem = rollingUpdateProblem(input, before);
  if (problem) throw new Error(problem);
  // Before replicas change: Machines Cluster API creates from now on go first in any scale-down,
  // and of those present, the ones the new replicas leave out are marked.
  await ensureDeletionOrder(mgmt, plan.names, options.progress, options.warn);
  await markScaleDown(mgmt, input, plan, options.progress);
  const stored = await applyObjects(mgmt, plan, 'adopted', options.progress, options.signal);
  // Seeds are Cluster API's now, but what no controller publishes for them (addresses) is kept true.
  await keepLive(mgmt, plan, options.progress);
  const cluster = [...stored.values()].find((o) => o.kind === 'Cluster')!;
  const paused = isPaused(cluster);
  if (paused) options.warn('the Cluster is paused', 'someone paused it (or an adoption safety stop did); Cluster API does nothing until the pause is removed');
  const machines = await readInventory(mgmt, input, plan);
  return {
    phase: 'adopted',
    clusterUid: cluster.metadata.uid ?? '',
    paused,
    confirmed: await isConfirmed(mgmt, input, plan),
    machines,
    findings: [],
  };
}

/** Creates or converges the adoption; see the module comment for the order. */
export async function runAdoption(provider: AdoptionProviderContext, input: AdoptionInput, options: AdoptionRunOptions): Promise<AdoptionOutcome> {
  const mgmt = await provider.management();
  await preflightCrds(mgmt);
  const { phase } = await currentPhase(mgmt, input);
  if (phase === 'adopted') return converge(mgmt, input, options);

  const workload = await provider.workload(input.workloadKubeconfig);
  try {
    const workloadFacts = await observeWorkload(workload);
    const plan = buildAdoptionObjects(input, 'adopting');

    // Everything decidable from the input and the running cluster fails here, before any write.
    const before = checkAdoptionGuards(input, plan, simulatedState(plan, workloadFacts));
    assertGuardsPass(before);

    options.progress(`adopting ${input.namespace}/${input.clusterName}: applying ${plan.objects.length} objects in recipe order (Cluster paused)`);
    await ensureDeletionOrder(mgmt, plan.names, options.progress, options.warn);
    await applyObjects(mgmt, plan, 'adopting', options.progress, options.signal);
    await pruneStale(mgmt, plan, options.progress);

    const observed = await observeManagement(mgmt, plan, workloadFacts);
    const findings = checkAdoptionGuards(input, plan, observed);
    reportWarnings(findings, options.warn);
    assertGuardsPass(findings);

    const cluster = await unpause(mgmt, input);
    options.progress(`unpaused ${input.namespace}/${input.clusterName}: Cluster API takes over`);

    let confirmed = false;
    if (options.timeoutMs > 0) {
      const watched = await watchAdoption(mgmt, input, plan, { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs, signal: options.signal, progress: options.progress });
      confirmed = watched.confirmed;
      if (!confirmed) {
        options.warn(
          'adoption not confirmed yet',
          `after ${Math.round(options.timeoutMs / 1000)} s the first condition not met is ${describeUnmet(watched.unmet)}. Nothing was changed by Cluster API; check that controller and re-run to refresh.`,
        );
      }
    }
    return {
      phase: 'adopted',
      clusterUid: cluster.metadata.uid ?? '',
      paused: false,
      confirmed,
      machines: await readInventory(mgmt, input, plan),
      findings,
    };
  } finally {
    workload.close?.();
  }
}
