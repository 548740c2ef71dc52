/**
 * `talos_machine_configuration_apply`: applies a machine configuration (plus this resource's own
 * config patches) to one node, whether it is still in maintenance mode or already configured,
 * and waits until the node runs it. The rendered configuration and its hash are planned, so a
 * changed input or patch updates exactly the nodes whose configuration changes. Destroy can
 * reset the node (`on_destroy`). Attribute names follow siderolabs/terraform-provider-talos.
 */
import { attr, block, defineResource, defineSchema, isUnknown, lazy, type HandlerContext, type Model, type Planned } from '../../runtime';
import type * as ApplyOperation from './apply-operation';
import type * as ResetOperation from './reset-operation';
import type { NodeApplyMode } from './apply-operation';
import { configurationHash, configuredHostname, renderMachineConfiguration, summarizeConfiguration } from './config-render';
import { clientCertificateFrom, describeNode, probeApiMode, type NodeTarget, type OperationContext } from './node-access';
import { clientConfigurationType, type ClientConfigurationValue } from '../secrets/secrets-value';
import { singleBlock, timeoutAttribute, timeoutMs, type TimeoutOperation } from './timeouts';
import { endpointProblem, isKnown, nonEmpty, oneOf } from './validators';

const applyOperation = lazy(() => require('./apply-operation') as typeof ApplyOperation);
const resetOperation = lazy(() => require('./reset-operation') as typeof ResetOperation);

export const APPLY_MODES = ['auto', 'reboot', 'no_reboot', 'staged', 'staged_if_needing_reboot'] as const;
export type RequestedApplyMode = (typeof APPLY_MODES)[number];

const schema = defineSchema({
  description: 'Applies a machine configuration to a Talos node (maintenance mode or configured) and waits until the node runs it.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    node: attr.string({ mode: 'required', requiresReplace: true, description: 'Address (or name) of the node to configure.', validators: [nonEmpty] }),
    endpoint: attr.string({
      mode: 'optional',
      computedPlan: 'keep',
      description: 'Talos API endpoint to dial (host or host:port); defaults to node. A node in maintenance mode must be dialled directly.',
      validators: [endpointProblem],
    }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'required',
      sensitive: true,
      description: 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API.',
    }),
    machine_configuration_input: attr.string({ mode: 'required', sensitive: true, description: 'The machine configuration to apply (YAML).' }),
    config_patches: attr.stringList({ mode: 'optional', description: 'Patches applied to the input before it is sent (strategic merge or JSON6902).' }),
    apply_mode: attr.string({
      mode: 'optional',
      default: 'auto',
      description: `One of ${APPLY_MODES.join(', ')}. staged_if_needing_reboot stages a change that would need a reboot, else applies it (auto).`,
      validators: [oneOf(APPLY_MODES)],
    }),
    resolved_apply_mode: attr.string({ mode: 'computed', description: 'The mode used: apply_mode, with staged_if_needing_reboot resolved to auto or staged.' }),
    machine_configuration: attr.string({ mode: 'computed', sensitive: true, description: 'The configuration sent: input with config_patches applied.' }),
    machine_configuration_hash: attr.string({ mode: 'computed', description: 'SHA-256 (hex) of machine_configuration.' }),
  },
  blocks: {
    on_destroy: block.single({
      description: 'What destroy does to the node; without reset = true it only forgets the resource.',
      attributes: {
        reset: attr.bool({ mode: 'optional', default: false, description: 'Wipe STATE and EPHEMERAL (configuration and etcd data).' }),
        graceful: attr.bool({ mode: 'optional', default: true, description: 'Leave etcd first; fails on the last etcd member.' }),
        reboot: attr.bool({ mode: 'optional', default: false, description: 'Reboot into maintenance mode instead of powering off.' }),
      },
    }),
    timeouts: block.single({
      attributes: { create: timeoutAttribute('create'), update: timeoutAttribute('update'), delete: timeoutAttribute('delete') },
    }),
  },
});

type State = Model<typeof schema>;

function operationContext(
  state: Pick<State, 'node' | 'endpoint' | 'client_configuration'> & { timeouts: State['timeouts'] | null },
  op: TimeoutOperation,
  ctx: HandlerContext<unknown>,
  name?: string,
): OperationContext {
  const timeout = timeoutMs(singleBlock(state.timeouts), op);
  const target: NodeTarget = { node: state.node, endpoint: state.endpoint ?? state.node, name };
  return {
    target,
    cert: clientCertificateFrom(state.client_configuration),
    deadlineAt: Date.now() + timeout,
    timeoutMs: timeout,
    signal: ctx.signal,
    log: ctx.log.with({ node: state.node }),
  };
}

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
  const opCtx = operationContext(planned, op, ctx, summary.hostname);
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
      const opCtx = operationContext({ ...known, endpoint: known.endpoint ?? known.node, timeouts: null }, 'update', ctx, configuredHostname(text));
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
    const opCtx = operationContext(prior, 'delete', ctx, prior.machine_configuration ? configuredHostname(prior.machine_configuration) : undefined);
    await resetOperation().resetNode(opCtx, { graceful: onDestroy.graceful ?? true, reboot: onDestroy.reboot ?? false });
  },
});
