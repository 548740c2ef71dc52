/** What a Talos API resource hands its operation: the node to dial, the credentials, the deadline. */
import type { HandlerContext } from '../../../runtime';
import type { ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';
import { clientCertificateFrom, type OperationContext } from '../../operations/node-access';
import { timeoutMs, type TimeoutOperation } from './timeouts';

type Timeouts = Partial<Record<TimeoutOperation, string | null>>;

/** The attributes every Talos API resource shares. */
export interface NodeOperationAttributes {
  readonly node: string;
  readonly endpoint: string | null;
  readonly client_configuration: ClientConfigurationValue;
  readonly timeouts: Timeouts | null;
}

/** The operation context of `op` (its timeout from `timeouts`); `name` is the node's host name, when known. */
export function nodeOperationContext(state: NodeOperationAttributes, op: TimeoutOperation, ctx: HandlerContext<unknown>, name?: string): OperationContext {
  const timeout = timeoutMs(state.timeouts, op);
  return {
    target: { node: state.node, endpoint: state.endpoint ?? state.node, ...(name !== undefined ? { name } : {}) },
    cert: clientCertificateFrom(state.client_configuration),
    deadlineAt: Date.now() + timeout,
    timeoutMs: timeout,
    signal: ctx.signal,
    log: ctx.log.with({ node: state.node }),
  };
}
