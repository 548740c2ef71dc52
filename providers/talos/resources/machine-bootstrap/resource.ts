/**
 * `talos_machine_bootstrap`: bootstraps etcd on one control-plane node, exactly once per cluster.
 * A node that reports AlreadyExists (bootstrapped before, or joined an existing etcd) counts as
 * done; FailedPrecondition (not ready yet) is retried until the create timeout. The resource is
 * state only afterwards (read and destroy do not call the node), as in siderolabs' provider.
 */
import * as net from 'node:net';
import { defineResource, lazy, type Model } from '../../../runtime';
import type * as BootstrapOperation from '../../operations/bootstrap';
import { isKnown } from '../common/validators';
import { upgradeBlocksToNestedAttributes } from '../common/timeouts';
import { nodeOperationContext } from '../common/operation-context';
import { credentialsOf, exactlyOneOf } from '../common/write-only';
import { schema } from './schema';

const bootstrapOperation = lazy(() => require('../../operations/bootstrap') as typeof BootstrapOperation);

type State = Model<typeof schema>;

export const MACHINE_BOOTSTRAP_ID = 'machine_bootstrap';

export const machineBootstrap = defineResource<typeof schema, unknown>({
  name: 'machine_bootstrap',
  schema,
  // Version 0 declared timeouts as a block.
  upgraders: { 0: upgradeBlocksToNestedAttributes('timeouts') },
  validate: (config) => exactlyOneOf(config, 'client_configuration', 'client_configuration_wo'),
  plan({ config }) {
    if (config.endpoint === null && isKnown(config.node)) return { computed: { endpoint: config.node as string } };
    return undefined;
  },
  async create({ planned, config, ctx }) {
    const opCtx = nodeOperationContext({ ...planned, client_configuration: credentialsOf(config) }, 'create', ctx);
    await bootstrapOperation().bootstrapNode(opCtx);
    return { state: { id: MACHINE_BOOTSTRAP_ID, endpoint: opCtx.target.endpoint } };
  },
  async read({ state }) {
    return { state };
  },
  async update() {
    // Bootstrapping happens once; later changes (credentials, endpoint, timeouts) only update state.
    return { state: {} };
  },
  async delete() {
    // etcd cannot be un-bootstrapped; resetting the nodes (machine_configuration_apply on_destroy) wipes it.
  },
  async import({ id }) {
    // The import id is the bootstrapped control-plane node's address (optionally `node,endpoint`).
    const [node, endpoint, ...rest] = id.split(',').map((s) => s.trim());
    if (!node || rest.length > 0) throw new Error(`import id must be the bootstrapped node's address, optionally followed by ",<endpoint>"; got "${id}"`);
    if (net.isIP(node) === 0 && !/^[a-z0-9.-]+$/i.test(node)) throw new Error(`import id: "${node}" is not an address or host name`);
    const state: Partial<State> = { id: MACHINE_BOOTSTRAP_ID, node, endpoint: endpoint || node };
    return { state };
  },
});
