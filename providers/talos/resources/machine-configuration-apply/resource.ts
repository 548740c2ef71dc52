/**
 * `talos_machine_configuration_apply`: applies a machine configuration (plus this resource's own
 * config patches) to one node, whether it is still in maintenance mode or already configured,
 * and waits until the node runs it. The rendered configuration and its hash are planned, so a
 * changed input or patch updates exactly the nodes whose configuration changes. Destroy can
 * reset the node (`on_destroy`). Attribute names follow siderolabs/terraform-provider-talos.
 */
import { defineResource, error, isUnknown, lazy, type HandlerContext, type Model, type Planned } from '../../../runtime';
import type * as ApplyOperation from '../../operations/apply';
import type * as ResetOperation from '../../operations/reset';
import type { NodeApplyMode } from '../../operations/apply';
import { configurationHash, configuredHostname, renderMachineConfiguration, summarizeConfiguration } from './config-render';
import { describeNode, probeApiMode, type NodeTarget, type OperationContext } from '../../operations/node-access';

import { upgradeBlocksToNestedAttributes } from '../common/timeouts';
import { isKnown } from '../common/validators';
import { nodeOperationContext } from '../common/operation-context';
import { credentialsOf, exactlyOneOf } from '../common/write-only';
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

/** Whether the configuration comes write-only (then state keeps only its hash). */
function writeOnlyInput(config: Pick<State, 'machine_configuration_input_wo'>): boolean {
  return (config.machine_configuration_input_wo ?? null) !== null;
}

/** The configuration to send: from the write-only input in `config`, else from the plan. */
function rendered(planned: State, config: State): string {
  if (writeOnlyInput(config)) return renderMachineConfiguration(config.machine_configuration_input_wo as string, planned.config_patches);
  return planned.machine_configuration ?? renderMachineConfiguration(planned.machine_configuration_input ?? '', planned.config_patches);
}

async function applyPlanned(planned: State, config: State, op: 'create' | 'update', ctx: HandlerContext<unknown>): Promise<Partial<State>> {
  const text = rendered(planned, config);
  const summary = summarizeConfiguration(text);
  const opCtx = nodeOperationContext({ ...planned, client_configuration: credentialsOf(config) }, op, ctx, summary.hostname);
  const mode = (planned.resolved_apply_mode as NodeApplyMode | null) ?? (await resolveApplyMode((planned.apply_mode ?? 'auto') as RequestedApplyMode, opCtx, text, ctx.warn));
  await applyOperation().applyConfigurationAndWait(opCtx, text, mode, summary.machineType === 'worker');
  return {
    id: 'machine_configuration_apply',
    endpoint: opCtx.target.endpoint,
    machine_configuration: writeOnlyInput(config) ? null : text,
    machine_configuration_hash: configurationHash(text),
    resolved_apply_mode: mode,
  };
}

export const machineConfigurationApply = defineResource<typeof schema, unknown>({
  name: 'machine_configuration_apply',
  schema,
  // Version 0 declared on_destroy and timeouts as blocks.
  upgraders: { 0: upgradeBlocksToNestedAttributes('on_destroy', 'timeouts') },
  validate(config) {
    const diags = [...exactlyOneOf(config, 'machine_configuration_input', 'machine_configuration_input_wo'), ...exactlyOneOf(config, 'client_configuration', 'client_configuration_wo')];
    const onDestroy = config.on_destroy as { reset?: unknown } | null;
    if ((config.client_configuration_wo ?? null) !== null && isKnown(onDestroy) && onDestroy?.reset === true) {
      diags.push(
        error(
          'on_destroy.reset needs client_configuration',
          'Destroy resets the node over the Talos API with the credentials kept in state, and client_configuration_wo is never kept there. Set client_configuration instead, or on_destroy.reset = false.',
          [{ attr: 'client_configuration_wo' }],
        ),
      );
    }
    return diags;
  },
  async plan({ config, prior, ctx }) {
    const computed: Partial<State> = {};
    if (config.endpoint === null && isKnown(config.node)) computed.endpoint = config.node as string;
    const writeOnly = (config.machine_configuration_input_wo ?? null) !== null;
    const input = writeOnly ? config.machine_configuration_input_wo : config.machine_configuration_input;
    const patches = config.config_patches;
    if (writeOnly) computed.machine_configuration = null;
    // A write-only input is not part of the planned object, so nothing else marks the hash as changing.
    if (!isKnown(input) || !isKnown(patches)) return writeOnly ? { computed, unknown: ['machine_configuration_hash', 'resolved_apply_mode'] } : { computed };
    const text = renderMachineConfiguration(input as string, patches as string[] | null);
    if (!writeOnly) computed.machine_configuration = text;
    computed.machine_configuration_hash = configurationHash(text);
    const requested = config.apply_mode === null ? 'auto' : config.apply_mode;
    if (isUnknown(requested)) return { computed };
    const credentials = config.client_configuration_wo ?? config.client_configuration ?? null;
    if (requested !== 'staged_if_needing_reboot') {
      computed.resolved_apply_mode = requested;
    } else if (prior && prior.machine_configuration_hash === computed.machine_configuration_hash && prior.resolved_apply_mode) {
      computed.resolved_apply_mode = prior.resolved_apply_mode;
    } else if (prior && isKnown(config.node) && isKnown(config.endpoint) && credentials !== null && isKnown(credentials)) {
      const known = config as Planned<State> & State;
      const opCtx = nodeOperationContext({ ...known, client_configuration: credentialsOf(known), endpoint: known.endpoint ?? known.node, timeouts: null }, 'update', ctx, configuredHostname(text));
      computed.resolved_apply_mode = await resolveApplyMode(requested as RequestedApplyMode, opCtx, text, ctx.warn);
    } else {
      // A first configuration installs the node: there is nothing to stage.
      computed.resolved_apply_mode = 'auto';
    }
    return { computed };
  },
  async create({ planned, config, ctx }) {
    return { state: await applyPlanned(planned, config, 'create', ctx) };
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
  async update({ prior, planned, config, ctx }) {
    const text = rendered(planned, config);
    if (configurationHash(text) === prior.machine_configuration_hash) {
      ctx.log.info(`${describeNode({ node: planned.node, endpoint: planned.endpoint ?? planned.node })}: configuration unchanged; not sent again`);
      return {
        state: {
          machine_configuration: writeOnlyInput(config) ? null : text,
          machine_configuration_hash: prior.machine_configuration_hash,
          resolved_apply_mode: planned.resolved_apply_mode ?? prior.resolved_apply_mode,
        },
      };
    }
    return { state: await applyPlanned(planned, config, 'update', ctx) };
  },
  async delete({ prior, ctx }) {
    const onDestroy = prior.on_destroy;
    if (!onDestroy?.reset) return;
    if (prior.client_configuration === null) {
      throw new Error(
        `cannot reset ${describeNode({ node: prior.node, endpoint: prior.endpoint ?? prior.node })} on destroy: its credentials came write-only (client_configuration_wo), which state never keeps; set client_configuration and apply before destroying`,
      );
    }
    const opCtx = nodeOperationContext(
      { ...prior, client_configuration: prior.client_configuration },
      'delete',
      ctx,
      prior.machine_configuration ? configuredHostname(prior.machine_configuration) : undefined,
    );
    await resetOperation().resetNode(opCtx, { graceful: onDestroy.graceful ?? true, reboot: onDestroy.reboot ?? false });
  },
});
