/**
 * `capi_cluster_adoption`: create adopts (objects in recipe order, guards, unpause, watch); a
 * re-run converges; read reports the machines Cluster API runs and drift of the managed objects;
 * update scales, upgrades and re-applies; destroy detaches or deletes through Cluster API.
 * Identity (cluster, namespace, PKI, the adopted nodes) cannot change after adoption: a plan that
 * tries is rejected instead of replacing (a replacement would detach or delete the cluster).
 */
import { createHash } from 'node:crypto';
import { defineResource, DiagnosticsError, error, isUnknown, type Diagnostic, type HandlerContext, type Model, type Planned, type ResourceHandler } from '../../../runtime';
import { isConfirmed, runAdoption, type AdoptionOutcome } from '../../adoption/adopt';
import { currentPhase, isPaused } from '../../adoption/apply';
import { stableJson } from '../../adoption/objects';
import type { AdoptionInput } from '../../adoption/input';
import { AdoptionInputError, validateAdoptionInput } from './input';
import { detectDrift, readInventory } from '../../adoption/inventory';
import type { AdoptionProviderContext } from '../../adoption/kube';
import { buildAdoptionObjects } from '../../adoption/objects';
import { clusterNames } from '../../adoption/names';
import { removeDeletionOrder } from '../../adoption/deletion-order';
import { preflightCrds } from '../../adoption/observe';
import { adoptionSchema, type AdoptionState } from './schema';
import { deleteThroughCapi, detach, type OnDestroy, type TeardownTarget } from '../../adoption/teardown';
import { CredentialError, readApiToken } from '../../../proxmox-access/env';

type S = typeof adoptionSchema;

/** Input problems as Terraform diagnostics on their attributes. */
function toInput(model: Model<S>): AdoptionInput {
  try {
    return validateAdoptionInput(model);
  } catch (err) {
    if (err instanceof AdoptionInputError) {
      throw new DiagnosticsError(
        err.problems.map((p) =>
          error(
            `capi_cluster_adoption: ${p.path || 'configuration'}: ${p.message}`,
            p.message,
            p.path ? p.path.split('.').map((s) => (/^\d+$/.test(s) ? { index: Number(s) } : { attr: s })) : undefined,
          ),
        ),
      );
    }
    throw err;
  }
}

function computed(input: AdoptionInput, outcome: Pick<AdoptionOutcome, 'phase' | 'clusterUid' | 'paused' | 'confirmed' | 'machines'>, drift: string[] = []): Partial<AdoptionState> {
  return {
    id: `${input.namespace}/${input.clusterName}`,
    phase: outcome.phase,
    paused: outcome.paused,
    cluster_uid: outcome.clusterUid,
    adoption_confirmed: outcome.confirmed,
    machines: outcome.machines.map((m) => ({ ...m })),
    drift,
  };
}

/** What state keeps of a token read from proxmox.token_env: its SHA-256, so a rotation shows as a change. */
export function tokenSha256(tokenId: string, secret: string): string {
  return createHash('sha256').update(`${tokenId}=${secret}`).digest('hex');
}

/**
 * The hash after apply: with token_env the plan always holds it (a variable changed between plan
 * and apply is seen by the next plan), without it there is none.
 */
function appliedTokenSha(model: Model<S>): { proxmox_token_sha256?: null } {
  return model.proxmox?.token_env ? {} : { proxmox_token_sha256: null };
}

/**
 * Plan-time read of proxmox.token_env (the variable must be set where Terraform plans, and well
 * formed): an error naming the variable and its origin, or the token's hash.
 */
export function planTokenSha(config: Planned<Model<S>>, env: NodeJS.ProcessEnv = process.env): { sha?: string; diagnostics: Diagnostic[] } {
  const proxmox = (config as unknown as { proxmox?: { token_env?: unknown; token_env_origin?: unknown } | null }).proxmox;
  const name = proxmox && !isUnknown(proxmox) ? proxmox.token_env : undefined;
  if (typeof name !== 'string' || name === '') return { diagnostics: [] };
  const origin = typeof proxmox?.token_env_origin === 'string' ? proxmox.token_env_origin : undefined;
  try {
    const t = readApiToken(env, { name, origin });
    return { sha: tokenSha256(t.tokenId, t.secret), diagnostics: [] };
  } catch (err) {
    if (!(err instanceof CredentialError)) throw err;
    return { diagnostics: [error(`capi_cluster_adoption: proxmox.token_env: ${err.message}`, `Fix: ${err.fix}`, [{ attr: 'proxmox' }, { attr: 'token_env' }])] };
  }
}

const IDENTITY = ['cluster_name', 'namespace', 'machine_secrets'] as const;

/** The node facts that define what was adopted (order-insensitive). */
function nodeIdentity(nodes: ReadonlyArray<Partial<Record<string, unknown>>> | null | undefined): string {
  return stableJson(
    (nodes ?? [])
      .map((n) => ({ name: n.name, role: n.role, vm_id: n.vm_id, ip: n.ip, smbios_uuid: n.smbios_uuid, proxmox_node: n.proxmox_node }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  );
}

function known(value: unknown): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(known);
  if (value !== null && typeof value === 'object') return Object.values(value).every(known);
  return true;
}

/** Plan-time checks: replicas and strategy at adoption, identity afterwards. */
export function planProblems(config: Planned<Model<S>>, prior: Model<S> | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  const nodes = config.node as unknown;
  if (!prior) {
    if (Array.isArray(nodes) && known(nodes)) {
      const roles = (nodes as Array<{ role: string }>).map((n) => n.role);
      const cps = roles.filter((r) => r === 'controlplane').length;
      const workers = roles.length - cps;
      const cpr = config.control_plane_replicas;
      if (typeof cpr === 'number' && cpr !== cps) {
        out.push(
          error(
            `control_plane_replicas is ${cpr} but ${cps} control planes are adopted`,
            cpr < cps
              ? 'Cluster API would delete the oldest adopted control plane and its VM. Adopt with control_plane_replicas equal to the running control planes, then scale.'
              : 'Cluster API would clone new control planes while adopting. Adopt with control_plane_replicas equal to the running control planes, then scale.',
            [{ attr: 'control_plane_replicas' }],
          ),
        );
      }
      const wr = config.worker_replicas;
      if (typeof wr === 'number' && wr !== workers) {
        out.push(error(`worker_replicas is ${wr} but ${workers} workers are adopted`, 'Adopt with worker_replicas equal to the running workers, then scale.', [{ attr: 'worker_replicas' }]));
      }
    }
    if (config.control_plane_rollout_strategy === 'RollingUpdate') {
      out.push(
        error('control_plane_rollout_strategy must be OnDelete while adopting', 'Switch to RollingUpdate in a later apply, once adoption is verified.', [{ attr: 'control_plane_rollout_strategy' }]),
      );
    }
    return out;
  }
  for (const name of IDENTITY) {
    const next = config[name];
    if (!known(next)) continue;
    const before = prior[name];
    const same = name === 'namespace' ? (next ?? config.cluster_name) === (before ?? prior.cluster_name) : stableJson(next) === stableJson(before);
    if (!same)
      out.push(
        error(`${name} cannot change after adoption`, 'It identifies the adopted cluster. Destroy the adoption (on_destroy = "detach") and adopt again if you really mean another cluster.', [
          { attr: name },
        ]),
      );
  }
  if (known(nodes) && nodeIdentity(nodes as Array<Record<string, unknown>>) !== nodeIdentity(prior.node as Array<Record<string, unknown>>)) {
    out.push(
      error(
        'the adopted nodes cannot change after adoption',
        'Cluster API owns the machines now: scale with control_plane_replicas / worker_replicas. The node list stays what was adopted (read `machines` for what runs now).',
        [{ attr: 'node' }],
      ),
    );
  }
  return out;
}

function target(state: Model<S>): TeardownTarget {
  return {
    clusterName: state.cluster_name,
    namespace: state.namespace ?? state.cluster_name,
    terraformVmIds: new Set((state.node ?? []).map((n) => n.vm_id)),
  };
}

function runOptions(state: Model<S>, ctx: HandlerContext<unknown>) {
  return {
    timeoutMs: (state.adoption_timeout_seconds ?? 600) * 1000,
    progress: (message: string, fields?: Record<string, unknown>) => ctx.log.info(message, fields),
    warn: (summary: string, detail?: string) => ctx.warn(summary, detail),
    signal: ctx.signal,
  };
}

/** The handler, for any provider context that can give the adoption its clusters. */
export function createAdoptionResource<P>(select: (provider: P) => AdoptionProviderContext): ResourceHandler<S, P> {
  return defineResource<S, P>({
    name: 'cluster_adoption',
    schema: adoptionSchema,
    plan({ config, prior }) {
      const token = planTokenSha(config);
      const diagnostics = [...planProblems(config, prior), ...token.diagnostics];
      if (diagnostics.length > 0) return { diagnostics };
      // A rotated token (another hash) is re-applied into the credentials Secret.
      const rotated = token.sha !== undefined && token.sha !== (prior?.proxmox_token_sha256 ?? null);
      const tokenPlan = token.sha !== undefined ? (rotated ? { computed: { proxmox_token_sha256: token.sha } } : {}) : prior?.proxmox_token_sha256 ? { computed: { proxmox_token_sha256: null } } : {};
      // Drift seen by the last read forces an update that re-applies the managed objects.
      if (prior && (prior.drift ?? []).length > 0) return { ...tokenPlan, unknown: ['drift'] };
      return tokenPlan;
    },
    async create({ planned, ctx }) {
      const input = toInput(planned);
      const outcome = await runAdoption(select(ctx.provider), input, runOptions(planned, ctx));
      return { state: { ...computed(input, outcome), ...appliedTokenSha(planned) } };
    },
    async read({ state, ctx }) {
      const input = toInput(state);
      const mgmt = await select(ctx.provider).management();
      let current;
      try {
        current = await currentPhase(mgmt, input);
      } catch (err) {
        // A Cluster of that name that is not ours any more: the adoption is gone.
        if ((err as Error).name === 'ForeignClusterError') return null;
        throw err;
      }
      if (!current.cluster || !current.phase) return null;
      const plan = buildAdoptionObjects(input, current.phase);
      const machines = await readInventory(mgmt, input, plan);
      const drift = await detectDrift(mgmt, plan);
      const outcome = {
        phase: current.phase,
        clusterUid: current.cluster.metadata.uid ?? '',
        paused: isPaused(current.cluster),
        // Only what the controllers report; while adopting (paused) nothing can be confirmed.
        confirmed: current.phase === 'adopted' && (await isConfirmed(mgmt, input, plan)),
        machines,
      };
      return { state: { ...state, ...computed(input, outcome, current.phase === 'adopted' ? drift : []) } };
    },
    async update({ prior, planned, config, ctx }) {
      const problems = planProblems(config as Planned<Model<S>>, prior);
      if (problems.length > 0) throw new DiagnosticsError(problems);
      const input = toInput(planned);
      const outcome = await runAdoption(select(ctx.provider), input, runOptions(planned, ctx));
      return { state: { ...computed(input, outcome), ...appliedTokenSha(planned) } };
    },
    async delete({ prior, ctx }) {
      const mgmt = await select(ctx.provider).management();
      const mode = (prior.on_destroy ?? 'detach') as OnDestroy;
      const t = target(prior);
      const progress = (message: string) => ctx.log.info(message);
      const timeoutMs = (prior.destroy_timeout_seconds ?? 1800) * 1000;
      let crds = true;
      try {
        await preflightCrds(mgmt);
      } catch {
        // Without the CRDs no object of the cluster can exist any more.
        crds = false;
      }
      if (crds && mode === 'delete') await deleteThroughCapi(mgmt, t, progress, { timeoutMs, signal: ctx.signal });
      else if (crds) await detach(mgmt, t, progress, { timeoutMs });
      // Last: while any machine of the cluster remains, Cluster API's own must keep going first.
      const names = clusterNames(t.clusterName, t.namespace);
      try {
        await removeDeletionOrder(mgmt, names, progress);
      } catch (err) {
        if (crds) throw err;
        // An unreachable or emptied management cluster must not block the destroy.
        ctx.warn(
          'the adoption could not remove its admission policy',
          `${(err as Error).message}; delete MutatingAdmissionPolicyBinding and MutatingAdmissionPolicy ${names.deletionOrderPolicy} yourself if they remain`,
        );
      }
    },
  });
}
