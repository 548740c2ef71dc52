/** Readiness waits: CRDs Established, Deployments Available, objects gone; all with timeouts and cancellation. */
import { pauseFor, PollBackoff } from '../../runtime/backoff';
import { conditionStatus, describeObject, isNotFound, resourcePath, UnknownKindError, type Condition, type KubeObject } from '../kube';
import type { ManagementCluster, Progress } from './management-cluster';

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** The longest pause between checks; the first ones come sooner (PollBackoff). */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns an empty list of things still pending, or the time is up. The
 * timeout error lists what was still pending, so the user sees which object held things up.
 */
export async function pollUntilDone(what: string, probe: () => Promise<string[]>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const backoff = new PollBackoff(opts.intervalMs ?? 500);
  let pending: string[] = [];
  let lastError: string;
  for (;;) {
    if (opts.signal?.aborted) throw new Error(`cancelled while waiting for ${what}`);
    try {
      pending = await probe();
      lastError = '';
      if (pending.length === 0) return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() >= deadline) {
      const detail = pending.length > 0 ? `still waiting for: ${pending.join('; ')}` : `last error: ${lastError}`;
      throw new WaitTimeoutError(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what}; ${detail}`);
    }
    await pauseFor(Math.min(backoff.next(), Math.max(0, deadline - Date.now())), opts.signal);
  }
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** Waits until every named CRD reports Established=True. */
export async function waitForCrdsEstablished(mgmt: ManagementCluster, names: readonly string[], opts: WaitOptions): Promise<void> {
  if (names.length === 0) return;
  await pollUntilDone(
    `${names.length} CustomResourceDefinition(s) to be Established`,
    async () => {
      const pending: string[] = [];
      for (const name of names) {
        const crd = await mgmt.client.getOptional<{ status?: { conditions?: Condition[] } }>(`${CRD_PATH}/${name}`, opts.signal);
        if (conditionStatus(crd, 'Established')?.status !== 'True') pending.push(name);
      }
      return pending;
    },
    { intervalMs: 250, ...opts },
  );
  // New kinds are served now: forget discovery answers that predate them.
  mgmt.mapper.invalidate();
}

interface DeploymentStatus {
  status?: { conditions?: Condition[]; replicas?: number; availableReplicas?: number };
}

export interface DeploymentRef {
  readonly namespace: string;
  readonly name: string;
  /** The component it belongs to, for progress lines. */
  readonly component: string;
}

/** Waits until every Deployment reports Available=True; reports each component once all its Deployments are. */
export async function waitForDeploymentsAvailable(mgmt: ManagementCluster, deployments: readonly DeploymentRef[], opts: WaitOptions & { progress?: Progress }): Promise<void> {
  const started = Date.now();
  const reported = new Set<string>();
  await pollUntilDone(
    `${deployments.length} Deployment(s) to be Available`,
    async () => {
      const pending: DeploymentRef[] = [];
      const reasons: string[] = [];
      for (const d of deployments) {
        const dep = await mgmt.client.getOptional<DeploymentStatus>(`/apis/apps/v1/namespaces/${d.namespace}/deployments/${d.name}`, opts.signal);
        const available = conditionStatus(dep, 'Available');
        if (available?.status === 'True') continue;
        pending.push(d);
        const why = dep ? (available?.message ?? `${dep.status?.availableReplicas ?? 0}/${dep.status?.replicas ?? 0} replicas available`) : 'not found';
        reasons.push(`Deployment ${d.namespace}/${d.name} (${why})`);
      }
      for (const component of new Set(deployments.map((d) => d.component))) {
        if (!reported.has(component) && !pending.some((p) => p.component === component)) {
          reported.add(component);
          opts.progress?.(`${component}: controllers Available after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }
      return reasons;
    },
    { intervalMs: 1000, ...opts },
  );
}

/** Waits until each object's GET answers 404. */
export async function waitForDeletion(mgmt: ManagementCluster, objects: readonly KubeObject[], opts: WaitOptions): Promise<void> {
  if (objects.length === 0) return;
  await pollUntilDone(
    `${objects.length} object(s) to be deleted`,
    async () => {
      const pending: string[] = [];
      for (const obj of objects) {
        try {
          const resource = await mgmt.mapper.resolve(obj.apiVersion, obj.kind, opts.signal);
          const live = await mgmt.client.getOptional(resourcePath(resource, { namespace: obj.metadata.namespace, name: obj.metadata.name }), opts.signal);
          if (live) pending.push(describeObject(obj));
        } catch (err) {
          // The kind itself is gone (its CRD was deleted): so is the object.
          if (!isNotFound(err) && !(err instanceof UnknownKindError)) throw err;
        }
      }
      return pending;
    },
    { intervalMs: 500, ...opts },
  );
}
