import { status } from '@grpc/grpc-js';
import { classifyGrpcError, isTransientTalosError, TalosApiError } from '../../../../providers/talos/api/errors';

// Detail strings as grpc-js reports them (captured from runs against the simulator).
const REFUSED = 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.51.1:50000. Resolution note: ';
const UNVERIFIED = 'No connection established. Last error: Error: unable to verify the first certificate. Resolution note: ';
const ALERT = 'No connection established. Last error: Error: 40B7E8F1:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required';
const DROPPED = 'Connection dropped';

const ctx = { method: '/machine.MachineService/Bootstrap', endpoint: '127.0.51.1:50000', node: '127.0.51.1' };

function err(code: number, details: string, maintenance?: boolean): TalosApiError {
  const c = classifyGrpcError({ code, details }, maintenance);
  return new TalosApiError(ctx, c.code, c.details, c.kind);
}

describe('classifyGrpcError', () => {
  it.each([
    [status.UNAVAILABLE, REFUSED, undefined, 'unreachable'],
    [status.UNAVAILABLE, UNVERIFIED, true, 'maintenance'],
    [status.UNAVAILABLE, UNVERIFIED, false, 'untrusted-server'],
    [status.UNAVAILABLE, ALERT, undefined, 'client-rejected'],
    [status.UNAVAILABLE, 'remote error: tls: bad certificate', undefined, 'client-rejected'],
    [status.UNAVAILABLE, DROPPED, undefined, 'connection-lost'],
    [status.DEADLINE_EXCEEDED, 'Deadline exceeded after 30.001s', undefined, 'deadline'],
    [status.FAILED_PRECONDITION, 'bootstrap is not available yet', undefined, 'status'],
    [status.PERMISSION_DENIED, 'not authorized', undefined, 'status'],
    [status.UNAVAILABLE, 'etcdserver: no leader', undefined, 'status'],
  ])('code %i "%s" (maintenance cert seen: %s) -> %s', (code, details, maintenance, kind) => {
    expect(classifyGrpcError({ code, details }, maintenance).kind).toBe(kind);
  });

  it('falls back to the message and to UNKNOWN when the error has no code', () => {
    expect(classifyGrpcError({ message: 'boom' })).toEqual({ code: status.UNKNOWN, details: 'boom', kind: 'status' });
  });
});

describe('TalosApiError', () => {
  it('names the method, the node, the endpoint and the code, with a hint for certificate problems', () => {
    const e = err(status.UNAVAILABLE, UNVERIFIED, false);
    expect(e.message).toContain('machine.MachineService/Bootstrap on node 127.0.51.1:50000 failed: UNAVAILABLE');
    expect(e.message).toContain('OS CA');
    expect(e.codeName).toBe('UNAVAILABLE');
    expect(e.node).toBe('127.0.51.1');
  });

  it('shows the routed node and the endpoint separately when they differ', () => {
    const e = new TalosApiError({ ...ctx, node: '127.0.51.3' }, status.UNIMPLEMENTED, 'bootstrap is only available on control plane nodes', 'status');
    expect(e.message).toContain('on node 127.0.51.3 via 127.0.51.1:50000 failed: UNIMPLEMENTED: bootstrap is only available on control plane nodes');
  });
});

describe('isTransientTalosError', () => {
  it('retries unreachable nodes and maintenance-mode certificates for every call', () => {
    expect(isTransientTalosError(err(status.UNAVAILABLE, REFUSED), false)).toBe(true);
    expect(isTransientTalosError(err(status.UNAVAILABLE, UNVERIFIED, true), false)).toBe(true);
  });

  it('never retries certificate trust failures', () => {
    expect(isTransientTalosError(err(status.UNAVAILABLE, UNVERIFIED, false), true)).toBe(false);
    expect(isTransientTalosError(err(status.UNAVAILABLE, ALERT), true)).toBe(false);
  });

  it('resends after a lost connection or a deadline only when the call is idempotent', () => {
    expect(isTransientTalosError(err(status.UNAVAILABLE, DROPPED), true)).toBe(true);
    expect(isTransientTalosError(err(status.UNAVAILABLE, DROPPED), false)).toBe(false);
    expect(isTransientTalosError(err(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), false)).toBe(false);
  });

  it('retries node statuses only when the caller lists the code', () => {
    const pre = err(status.FAILED_PRECONDITION, 'bootstrap is not available yet');
    expect(isTransientTalosError(pre, false)).toBe(false);
    expect(isTransientTalosError(pre, false, ['FAILED_PRECONDITION'])).toBe(true);
    expect(isTransientTalosError(err(status.ALREADY_EXISTS, 'etcd data directory is not empty'), false, ['FAILED_PRECONDITION'])).toBe(false);
  });

  it('retries apid "backend unreachable" statuses', () => {
    const proxied = err(status.UNAVAILABLE, 'connection error: desc = "transport: Error while dialing: dial tcp 127.0.51.3:50000: connect: connection refused"');
    expect(proxied.kind).toBe('unreachable');
    expect(isTransientTalosError(proxied, false)).toBe(true);
  });
});
