/**
 * `talos_cluster_kubeconfig`: the cluster's admin kubeconfig from a control-plane node's
 * Kubeconfig API, kept (sensitive) in state with its client credentials split out and the client
 * certificate's expiry. A plan within `certificate_renewal_duration` of that expiry marks them
 * unknown, so apply fetches a fresh kubeconfig. Names follow siderolabs/terraform-provider-talos;
 * `client_certificate_expires_at` is ours.
 */
import { defineResource, lazy, type HandlerContext, type Model } from '../../../runtime';
import { parseGoDuration } from '../../../kernel/duration';
import type * as KubeconfigOperation from '../../operations/kubeconfig';
import { certificateExpiry, dueForRenewal, parseKubeconfig } from '../../../machinery/clientconfig/kubeconfig';
import { describeNode } from '../../operations/node-access';
import { isKnown } from '../common/validators';
import { upgradeBlocksToNestedAttributes } from '../common/timeouts';
import { nodeOperationContext } from '../common/operation-context';
import { credentialsOf, exactlyOneOf } from '../common/write-only';
import { schema, DEFAULT_RENEWAL_DURATION } from './schema';

const kubeconfigOperation = lazy(() => require('../../operations/kubeconfig') as typeof KubeconfigOperation);

/** The attributes a renewal replaces (planned unknown). */
const FETCHED = ['kubeconfig_raw', 'kubernetes_client_configuration', 'client_certificate_expires_at'] as const;

type State = Model<typeof schema>;

function renewalWindowMs(text: string | null): number {
  return Number((parseGoDuration(text ?? DEFAULT_RENEWAL_DURATION) ?? 0n) / 1_000_000n);
}

/** `config` carries the credentials (client_configuration_wo is only there). */
async function fetch(state: State, config: State, op: 'create' | 'update', ctx: HandlerContext<unknown>): Promise<Partial<State>> {
  const opCtx = nodeOperationContext({ ...state, client_configuration: credentialsOf(config) }, op, ctx);
  const raw = await kubeconfigOperation().fetchKubeconfig(opCtx);
  let parsed: ReturnType<typeof parseKubeconfig>;
  try {
    parsed = parseKubeconfig(raw);
  } catch (err) {
    throw new Error(`${describeNode(opCtx.target)} returned an unusable kubeconfig: ${(err as Error).message}`);
  }
  const expires = certificateExpiry(parsed.client.client_certificate);
  ctx.log.info(`${describeNode(opCtx.target)}: kubeconfig for cluster ${parsed.clusterName} (client certificate valid until ${expires.toISOString()})`);
  return {
    id: parsed.clusterName,
    endpoint: opCtx.target.endpoint,
    kubeconfig_raw: raw,
    kubernetes_client_configuration: parsed.client,
    client_certificate_expires_at: expires.toISOString(),
  };
}

export const clusterKubeconfig = defineResource<typeof schema, unknown>({
  name: 'cluster_kubeconfig',
  schema,
  // Version 0 declared timeouts as a block.
  upgraders: { 0: upgradeBlocksToNestedAttributes('timeouts') },
  validate: (config) => exactlyOneOf(config, 'client_configuration', 'client_configuration_wo'),
  plan({ config, prior }) {
    const computed: Partial<State> = {};
    if (config.endpoint === null && isKnown(config.node)) computed.endpoint = config.node as string;
    if (!prior?.client_certificate_expires_at) return { computed };
    const nodeChanged = !isKnown(config.node) || config.node !== prior.node || !isKnown(config.endpoint) || (config.endpoint ?? config.node) !== (prior.endpoint ?? prior.node);
    const window = isKnown(config.certificate_renewal_duration) ? renewalWindowMs(config.certificate_renewal_duration as string | null) : 0;
    const renew = dueForRenewal(new Date(prior.client_certificate_expires_at), window);
    return { computed, unknown: renew || nodeChanged ? [...FETCHED] : [] };
  },
  async create({ planned, config, ctx }) {
    return { state: await fetch(planned, config, 'create', ctx) };
  },
  async read({ state }) {
    return { state };
  },
  async update({ planned, config, ctx }) {
    // Known fetched values (no renewal planned) stay as they are; unknown ones are fetched again.
    if (planned.kubeconfig_raw !== null) return { state: {} };
    return { state: await fetch(planned, config, 'update', ctx) };
  },
  async delete() {
    // The kubeconfig exists only in state; its certificate simply expires.
  },
});
