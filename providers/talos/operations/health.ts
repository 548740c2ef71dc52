/**
 * Waiting for a Talos cluster to be healthy: each round queries every node's MachineStatus,
 * services and (control planes) etcd members over the authenticated API, and the Kubernetes
 * nodes through the admin kubeconfig, then asks health-checks.ts what is missing. Progress goes
 * to the provider log at info level; the timeout error lists what is still not healthy.
 */
import type { Logger } from '../../runtime';
import { pauseFor, PollBackoff } from '../../runtime/backoff';
import { healthProblems, type KubeObservation, type NodeObservation, type NodeRole } from './health-checks';
import { listKubernetesNodes } from './kube-nodes';
import { parseKubeconfig, type KubernetesClientConfigurationValue } from '../../machinery/clientconfig/kubeconfig';
import { commonVerdict, failureText, probeApiMode, secureClient, withAttemptSignal, type ClientCertificatePem, type NodeTarget } from './node-access';
import { formatDurationMs } from '../../kernel/duration';

export interface HealthRequest {
  readonly cert: ClientCertificatePem;
  /** Talos API endpoints (control planes) used to reach nodes that are not endpoints themselves. */
  readonly endpoints: readonly string[];
  readonly controlPlanes: readonly string[];
  readonly workers: readonly string[];
  readonly skipKubernetesChecks: boolean;
  /** etcd may have members beyond the listed control planes (machines another controller added). */
  readonly allowAdditionalMembers?: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Longest pause between rounds (default 1 s); the first rounds follow each other sooner. */
  readonly intervalMs?: number;
}

const CALL_TIMEOUT_MS = 5000;
const PROGRESS_EVERY_MS = 15_000;

async function reachableEndpoint(endpoints: readonly string[]): Promise<string | undefined> {
  for (const endpoint of endpoints) {
    if ((await probeApiMode({ node: endpoint, endpoint }, 2000)) === 'configured') return endpoint;
  }
  return undefined;
}

function targetFor(address: string, endpoints: readonly string[], via: string | undefined): NodeTarget {
  return { node: address, endpoint: endpoints.includes(address) || !via ? address : via };
}

function unreachableText(err: unknown): string {
  const kind = (err as { kind?: string }).kind;
  if (kind === 'maintenance') return 'in maintenance mode (no configuration applied)';
  return `Talos API not answering (${failureText(err)})`;
}

async function observeNode(req: HealthRequest, address: string, role: NodeRole, via: string | undefined): Promise<NodeObservation> {
  return withAttemptSignal(req.signal, (signal) => observeNodeOnce(req, address, role, via, signal));
}

async function observeNodeOnce(req: HealthRequest, address: string, role: NodeRole, via: string | undefined, signal: AbortSignal): Promise<NodeObservation> {
  const target = targetFor(address, req.endpoints, via);
  const client = secureClient(target, req.cert, CALL_TIMEOUT_MS);
  try {
    const call = { signal };
    const [status, services, etcd] = await Promise.all([
      client.machineStatus(call),
      client.serviceList(call),
      role === 'controlplane'
        ? client.etcdMemberList(false, call).then(
            (members) => ({ members }),
            (err: unknown) => ({ error: failureText(err) }),
          )
        : Promise.resolve(undefined),
    ]);
    return { address, role, status, services, etcd };
  } catch (err) {
    const verdict = commonVerdict(target, err);
    if (verdict && !verdict.retry) throw verdict.error;
    return { address, role, error: unreachableText(err) };
  } finally {
    client.close();
  }
}

async function kubeconfigClient(req: HealthRequest, via: string | undefined): Promise<KubernetesClientConfigurationValue> {
  let last: unknown;
  for (const address of req.controlPlanes) {
    const client = secureClient(targetFor(address, req.endpoints, via), req.cert, CALL_TIMEOUT_MS * 2);
    try {
      return parseKubeconfig(await withAttemptSignal(req.signal, (signal) => client.kubeconfig({ signal }))).client;
    } catch (err) {
      last = err;
    } finally {
      client.close();
    }
  }
  throw new Error(`no control plane handed out a kubeconfig yet (${failureText(last)})`);
}

async function observeKubernetes(req: HealthRequest, via: string | undefined, cache: { client?: KubernetesClientConfigurationValue }): Promise<KubeObservation> {
  try {
    cache.client ??= await kubeconfigClient(req, via);
    const client = cache.client;
    return { nodes: await withAttemptSignal(req.signal, (signal) => listKubernetesNodes(client, CALL_TIMEOUT_MS, signal)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** One round: every problem found (empty = healthy). */
export async function checkClusterOnce(req: HealthRequest, cache: { client?: KubernetesClientConfigurationValue } = {}): Promise<string[]> {
  const via = await reachableEndpoint(req.endpoints);
  const nodes = await Promise.all([...req.controlPlanes.map((a) => observeNode(req, a, 'controlplane', via)), ...req.workers.map((a) => observeNode(req, a, 'worker', via))]);
  const kube = req.skipKubernetesChecks ? undefined : await observeKubernetes(req, via, cache);
  return healthProblems(nodes, kube, { allowAdditionalMembers: req.allowAdditionalMembers ?? false });
}

/** Polls until the cluster is healthy; throws after the timeout with the open problems. */
export async function waitForHealthyCluster(req: HealthRequest): Promise<void> {
  const started = Date.now();
  const deadlineAt = started + req.timeoutMs;
  const cache: { client?: KubernetesClientConfigurationValue } = {};
  let lastText = '';
  let lastLogAt = 0;
  let rounds = 0;
  const backoff = new PollBackoff(req.intervalMs ?? 1000);
  for (;;) {
    if (req.signal.aborted) throw new Error('waiting for cluster health was interrupted (Terraform asked the provider to stop)');
    const problems = await checkClusterOnce(req, cache);
    rounds++;
    const elapsed = formatDurationMs(Math.round((Date.now() - started) / 1000) * 1000);
    if (problems.length === 0) {
      req.log.info(`cluster healthy after ${elapsed} (${rounds} check round${rounds === 1 ? '' : 's'}): ${req.controlPlanes.length} control plane(s), ${req.workers.length} worker(s)`);
      return;
    }
    if (Date.now() >= deadlineAt) {
      throw new Error(
        `cluster not healthy within ${formatDurationMs(req.timeoutMs)}; still waiting for:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
          '(To destroy a cluster that is not healthy, run terraform destroy -refresh=false: it skips this check.)',
      );
    }
    const text = problems.join('; ');
    if (text !== lastText || Date.now() - lastLogAt >= PROGRESS_EVERY_MS) {
      req.log.info(`waiting for cluster health (${elapsed} elapsed, ${problems.length} open): ${text}`);
      lastText = text;
      lastLogAt = Date.now();
    }
    // A kubeconfig from a cluster that was reset and bootstrapped again would not authenticate.
    if (problems.some((p) => p.startsWith('kubernetes: API'))) cache.client = undefined;
    const pause = Math.min(backoff.next(), Math.max(0, deadlineAt - Date.now()));
    await withAttemptSignal(req.signal, (signal) => pauseFor(pause, signal));
  }
}
