/**
 * `talos_machine_configuration_apply`: applies a machine configuration (plus this resource's own
 * config patches) to one node, whether it is still in maintenance mode or already configured,
 * and waits until the node runs it. The rendered configuration and its hash are planned, so a
 * changed input or patch updates exactly the nodes whose configuration changes. Destroy can
 * reset the node (`on_destroy`). Attribute names follow siderolabs/terraform-provider-talos.
 */
import { defineResource, isUnknown, lazy, type HandlerContext, type Model, type Planned } from '../../../runtime';
import type * as ApplyOperation from '../../operations/apply';
import type * as ResetOperation from '../../operations/reset';
import type { NodeApplyMode } from '../../operations/apply';
import { configurationHash, configuredHostname, renderMachineConfiguration, summarizeConfiguration } from './config-render';
import { describeNode, probeApiMode, type NodeTarget, type OperationContext } from '../../operations/node-access';

import { singleBlock } from '../common/timeouts';
import { isKnown } from '../common/validators';
import { nodeOperationContext } from '../common/operation-context';
import { schema, APPLY_MODES } from './schema';

const applyOperation = lazy(() => require('../../operations/apply') as typeof ApplyOperation);
const resetOperation = lazy(() => require('../../operations/reset') as typeof ResetOperation);

export type RequestedApplyMode = (typeof APPLY_MODES)[number];

type State = Model<typeof schema>;

/** staged_if_needing_reboot: a dry run tells whether the node would reboot for `config`. */
async function resolveApplyMode(requested: RequestedApplyMode, opCtx: OperationContext | undefined, config: string, warn: (s: string, d?: string) => void): Promise<NodeApplyMode> {
  if (requested !== 'staged_if_needing_reboot') return requested;
  if (!opCtx) return 'auto';
  try {
    return (await applyOperation().needsReboot({ ...opCtx, deadlineAt: Math.min(opCtx.deadlineAt, Date.now() + 30_000) }, config)) ? 'staged' : 'auto';
  } catch (err) {
    warn('cannot check whether the change needs a reboot', `${describeNode(opCtx.target)}: ${(err as Error).message}. Using auto (the node may reboot).`);
    return 'auto';
  }
}

function rendered(state: Pick<State, 'machine_configuration' | 'machine_configuration_input' | 'config_patches'>): string {
  return state.machine_configuration ?? renderMachineConfiguration(state.machine_configuration_input, state.config_patches);
}

async function applyPlanned(planned: State, op: 'create' | 'update', ctx: HandlerContext<unknown>): Promise<Partial<State>> {
  const config = rendered(planned);
  const summary = summarizeConfiguration(config);
  const opCtx = nodeOperationContext(planned, op, ctx, summary.hostname);
  const mode = (planned.resolved_apply_mode as NodeApplyMode | null) ?? (await resolveApplyMode((planned.apply_mode ?? 'auto') as RequestedApplyMode, opCtx, config, ctx.warn));
  await applyOperation().applyConfigurationAndWait(opCtx, config, mode, summary.machineType === 'worker');
  return {
    id: 'machine_configuration_apply',
    endpoint: opCtx.target.endpoint,
    machine_configuration: config,
    machine_configuration_hash: configurationHash(config),
    resolved_apply_mode: mode,
  };
}

export const machineConfigurationApply = defineResource<typeof schema, unknown>({
  name: 'machine_configuration_apply',
  schema,
  async plan({ config, prior, ctx }) {
    const computed: Partial<State> = {};
    if (config.endpoint === null && isKnown(config.node)) computed.endpoint = config.node as string;
    const input = config.machine_configuration_input;
    const patches = config.config_patches;
    if (!isKnown(input) || !isKnown(patches)) return { computed };
    const text = renderMachineConfiguration(input as string, patches as string[] | null);
    computed.machine_configuration = text;
    computed.machine_configuration_hash = configurationHash(text);
    const requested = config.apply_mode === null ? 'auto' : config.apply_mode;
    if (isUnknown(requested)) return { computed };
    if (requested !== 'staged_if_needing_reboot') {
      computed.resolved_apply_mode = requested;
    } else if (prior && prior.machine_configuration === text && prior.resolved_apply_mode) {
      computed.resolved_apply_mode = prior.resolved_apply_mode;
    } else if (prior && isKnown(config.node) && isKnown(config.endpoint) && isKnown(config.client_configuration)) {
      const known = config as Planned<State> & State;
      const opCtx = nodeOperationContext({ ...known, endpoint: known.endpoint ?? known.node, timeouts: null }, 'update', ctx, configuredHostname(text));
      computed.resolved_apply_mode = await resolveApplyMode(requested as RequestedApplyMode, opCtx, text, ctx.warn);
    } else {
      // A first configuration installs the node: there is nothing to stage.
      computed.resolved_apply_mode = 'auto';
    }
    return { computed };
  },
  async create({ planned, ctx }) {
    return { state: await applyPlanned(planned, 'create', ctx) };
  },
  async read({ state, ctx }) {
    // A node back in maintenance mode lost its configuration (reset or reinstalled): plan to apply again.
    const target: NodeTarget = { node: state.node, endpoint: state.endpoint ?? state.node };
    if ((await probeApiMode(target, 3000)) === 'maintenance') {
      ctx.log.info(`${describeNode(target)} is in maintenance mode (reset outside Terraform?); its configuration will be applied again`);
      return null;
    }
    return { state };
  },
  async update({ prior, planned, ctx }) {
    const config = rendered(planned);
    if (configurationHash(config) === prior.machine_configuration_hash) {
      ctx.log.info(`${describeNode({ node: planned.node, endpoint: planned.endpoint ?? planned.node })}: configuration unchanged; not sent again`);
      return {
        state: {
          machine_configuration: config,
          machine_configuration_hash: prior.machine_configuration_hash,
          resolved_apply_mode: planned.resolved_apply_mode ?? prior.resolved_apply_mode,
        },
      };
    }
    return { state: await applyPlanned(planned, 'update', ctx) };
  },
  async delete({ prior, ctx }) {
    const onDestroy = singleBlock(prior.on_destroy);
    if (!onDestroy?.reset) return;
    const opCtx = nodeOperationContext(prior, 'delete', ctx, prior.machine_configuration ? configuredHostname(prior.machine_configuration) : undefined);
    await resetOperation().resetNode(opCtx, { graceful: onDestroy.graceful ?? true, reboot: onDestroy.reboot ?? false });
  },
});
