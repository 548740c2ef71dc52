/**
 * How the Talos API resources judge failures and word errors: which are retried, which give up
 * at once, and that every message names the node and its address.
 */
import { status } from '@grpc/grpc-js';
import { AttributeError, type Logger } from '../../../../providers/runtime';
import { TalosApiError, type TalosErrorKind } from '../../../../providers/talos/api';
import { applyVerdict } from '../../../../providers/talos/operations/apply';
import { bootstrapVerdict } from '../../../../providers/talos/operations/bootstrap';
import { kubeconfigVerdict } from '../../../../providers/talos/operations/kubeconfig';
import { clientCertificateFrom, describeNode, NoAnswerError, timeoutError, untilDeadline, type NodeTarget, type Verdict } from '../../../../providers/talos/operations/node-access';

const CP: NodeTarget = { node: '127.0.10.11', endpoint: '127.0.10.11', name: 'lab-cp-1' };
const WORKER_VIA_CP: NodeTarget = { node: '127.0.10.21', endpoint: '127.0.10.11:50000' };

function apiError(code: keyof typeof status, details: string, kind: TalosErrorKind = 'status', target = CP): TalosApiError {
  return new TalosApiError({ method: '/machine.MachineService/Bootstrap', endpoint: `${target.endpoint.split(':')[0]}:50000`, node: target.node }, status[code], details, kind);
}

function quietLog(lines: string[] = []): Logger {
  const log: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    with: () => log,
  };
  return log;
}

const retried = (v: Verdict): boolean => v.retry;
const message = (v: Verdict): string => (v.retry ? v.note : v.error.message);

describe('describeNode', () => {
  test('names the host and the address dialled', () => {
    expect(describeNode(CP)).toBe('node lab-cp-1 (127.0.10.11:50000)');
    expect(describeNode({ node: '127.0.10.11', endpoint: '127.0.10.11' })).toBe('node 127.0.10.11:50000');
    expect(describeNode(WORKER_VIA_CP)).toBe('node 127.0.10.21 (via 127.0.10.11:50000)');
    expect(describeNode({ ...WORKER_VIA_CP, name: 'lab-worker-1' })).toBe('node lab-worker-1 (127.0.10.21 via 127.0.10.11:50000)');
    expect(describeNode({ node: '127.0.10.11', endpoint: 'https://127.0.10.11:50001' })).toBe('node 127.0.10.11:50001');
  });
});

describe('clientCertificateFrom', () => {
  test('decodes base64 PEM and names a broken field', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const b64 = Buffer.from(pem).toString('base64');
    expect(clientCertificateFrom({ ca_certificate: b64, client_certificate: b64, client_key: b64 })).toEqual({ caPem: pem, certPem: pem, keyPem: pem });
    let err: unknown;
    try {
      clientCertificateFrom({ ca_certificate: b64, client_certificate: 'not base64 pem', client_key: b64 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AttributeError);
    expect((err as AttributeError).path).toBe('client_configuration.client_certificate');
    expect(() => clientCertificateFrom(null)).toThrow(/client_configuration of talos_machine_secrets/);
  });
});

describe('verdicts', () => {
  test('no answer, a lost connection or a node still in maintenance mode is retried', () => {
    expect(retried(applyVerdict(CP, new NoAnswerError('127.0.10.11:50000')))).toBe(true);
    expect(retried(applyVerdict(CP, apiError('UNAVAILABLE', 'No connection established', 'unreachable')))).toBe(true);
    expect(retried(bootstrapVerdict(CP, apiError('UNAVAILABLE', 'Connection dropped', 'connection-lost')))).toBe(true);
    expect(message(bootstrapVerdict(CP, apiError('UNAVAILABLE', 'self-signed certificate', 'maintenance')))).toMatch(/still in maintenance mode/);
    expect(retried(kubeconfigVerdict(CP, apiError('DEADLINE_EXCEEDED', 'Deadline exceeded', 'deadline')))).toBe(true);
  });

  test('FailedPrecondition is retried: another apply in progress, bootstrap not available yet', () => {
    expect(message(applyVerdict(CP, apiError('FAILED_PRECONDITION', 'another apply configuration is already in progress')))).toMatch(/not ready for a configuration yet/);
    expect(message(bootstrapVerdict(CP, apiError('FAILED_PRECONDITION', 'bootstrap is not available yet')))).toBe('not ready to bootstrap yet (FAILED_PRECONDITION: bootstrap is not available yet)');
  });

  test('an invalid configuration gives up at once, on machine_configuration_input', () => {
    const v = applyVerdict(CP, apiError('INVALID_ARGUMENT', '1 error occurred:\n\t* cluster controlplane endpoint is required'));
    expect(v.retry).toBe(false);
    const err = (v as { error: Error }).error;
    expect(err).toBeInstanceOf(AttributeError);
    expect((err as AttributeError).path).toBe('machine_configuration_input');
    expect(err.message).toMatch(/^node lab-cp-1 \(127\.0\.10\.11:50000\) rejected the configuration: INVALID_ARGUMENT: .*endpoint is required/s);
  });

  test('bootstrap or kubeconfig on a worker is a clear error naming the node', () => {
    const worker: NodeTarget = { node: '127.0.10.21', endpoint: '127.0.10.21', name: 'lab-worker-1' };
    const b = bootstrapVerdict(worker, apiError('UNIMPLEMENTED', 'bootstrap is only available on control plane nodes', 'status', worker));
    expect(message(b)).toBe(
      'node lab-worker-1 (127.0.10.21:50000) cannot bootstrap: UNIMPLEMENTED: bootstrap is only available on control plane nodes; point node at a control-plane node (workers have no etcd)',
    );
    expect(retried(b)).toBe(false);
    expect(message(kubeconfigVerdict(worker, apiError('UNIMPLEMENTED', 'kubeconfig is only available on control plane nodes', 'status', worker)))).toMatch(
      /^node lab-worker-1 \(127\.0\.10\.21:50000\) cannot hand out a kubeconfig/,
    );
    expect(message(bootstrapVerdict(CP, apiError('PERMISSION_DENIED', 'not authorized')))).toMatch(
      /denied Bootstrap: PERMISSION_DENIED: not authorized \(the client certificate needs the os:admin role\)/,
    );
  });

  test('a node of another cluster, or a refused client certificate, gives up at once', () => {
    const untrusted = applyVerdict(CP, apiError('UNAVAILABLE', 'unable to verify the first certificate', 'untrusted-server'));
    expect(retried(untrusted)).toBe(false);
    expect(message(untrusted)).toMatch(/^node lab-cp-1 \(127\.0\.10\.11:50000\) presents a certificate that client_configuration\.ca_certificate does not trust/);
    const rejected = bootstrapVerdict(CP, apiError('UNAVAILABLE', 'tlsv13 alert certificate required', 'client-rejected'));
    expect(retried(rejected)).toBe(false);
    expect(message(rejected)).toMatch(/refused the client certificate of client_configuration: it is not signed by this cluster's OS CA/);
  });

  test('anything that is not a Talos API failure (a bug, bad input) is not retried', () => {
    expect(retried(applyVerdict(CP, new TypeError('boom')))).toBe(false);
  });
});

describe('untilDeadline', () => {
  const base = (overrides: Partial<Parameters<typeof untilDeadline>[0]> = {}) => ({
    target: CP,
    action: 'bootstrap etcd',
    deadlineAt: Date.now() + 2000,
    timeoutMs: 2000,
    signal: new AbortController().signal,
    log: quietLog(),
    initialDelayMs: 5,
    maxDelayMs: 20,
    ...overrides,
  });

  test('retries until the attempt succeeds, logging each new reason once', async () => {
    const lines: string[] = [];
    let calls = 0;
    const result = await untilDeadline(
      base({ log: quietLog(lines) }),
      async () => {
        calls++;
        if (calls < 4) throw apiError('FAILED_PRECONDITION', 'bootstrap is not available yet');
        return 'done';
      },
      (err) => bootstrapVerdict(CP, err),
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^node lab-cp-1 \(127\.0\.10\.11:50000\): not ready to bootstrap yet \(FAILED_PRECONDITION: bootstrap is not available yet\); retrying until /);
  });

  test('an unreachable node fails after the timeout with node, address, duration and the last error', async () => {
    const started = Date.now();
    const err = await untilDeadline(
      base({ deadlineAt: Date.now() + 150, timeoutMs: 150 }),
      async () => {
        throw apiError('UNAVAILABLE', 'No connection established. Last error: connect ECONNREFUSED 127.0.10.11:50000', 'unreachable');
      },
      (e) => applyVerdict(CP, e),
    ).catch((e: Error) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((err as Error).message).toBe('node lab-cp-1 (127.0.10.11:50000) did not answer within 150ms: UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.10.11:50000');
  });

  test('a node that answers "not yet" until the deadline gets a message with its last answer', () => {
    expect(timeoutError({ target: CP, action: 'bootstrap etcd', timeoutMs: 600_000 }, apiError('FAILED_PRECONDITION', 'time is not in sync yet')).message).toBe(
      'node lab-cp-1 (127.0.10.11:50000): could not bootstrap etcd within 10m0s; last answer: FAILED_PRECONDITION: time is not in sync yet',
    );
  });

  test('gives up at once on a fatal verdict, and stops when Terraform asks the provider to stop', async () => {
    let calls = 0;
    await expect(
      untilDeadline(
        base(),
        async () => {
          calls++;
          throw apiError('UNIMPLEMENTED', 'bootstrap is only available on control plane nodes');
        },
        (e) => bootstrapVerdict(CP, e),
      ),
    ).rejects.toThrow(/cannot bootstrap/);
    expect(calls).toBe(1);

    const abort = new AbortController();
    const pending = untilDeadline(
      base({ signal: abort.signal, initialDelayMs: 10_000, maxDelayMs: 10_000, deadlineAt: Date.now() + 60_000 }),
      async () => {
        throw new NoAnswerError('127.0.10.11:50000');
      },
      (e) => applyVerdict(CP, e),
    );
    setTimeout(() => abort.abort(), 50);
    await expect(pending).rejects.toThrow(/node lab-cp-1 \(127\.0\.10\.11:50000\): bootstrap etcd was interrupted \(Terraform asked the provider to stop\)/);
  });
});
