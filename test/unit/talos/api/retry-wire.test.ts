import { backoffDelay, retryWithBackoff } from '../../../../providers/talos/api/retry';
import { decodeMachineStatus, toVersion, toServices } from '../../../../providers/talos/api/wire';
import { talosProtoRoot } from '../../../../providers/talos/api/proto/load';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with +-20% jitter', () => {
    const policy = { timeoutMs: 10_000, initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(1, policy, () => 0)).toBe(80);
    expect(backoffDelay(1, policy, () => 1)).toBe(120);
  });
});

describe('retryWithBackoff', () => {
  const fast = { timeoutMs: 2000, initialDelayMs: 1, maxDelayMs: 5 };

  it('retries retryable failures until success', async () => {
    let calls = 0;
    const seen: number[] = [];
    const value = await retryWithBackoff(
      async () => {
        calls++;
        if (calls < 3) throw new Error('transient');
        return 'ok';
      },
      fast,
      { retryable: () => true, onRetry: (_e, attempt) => seen.push(attempt) },
    );
    expect(value).toBe('ok');
    expect(seen).toEqual([1, 2]);
  });

  it('stops at the first non-retryable failure', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('permanent');
        },
        fast,
        { retryable: () => false },
      ),
    ).rejects.toThrow('permanent');
    expect(calls).toBe(1);
  });

  it('gives up with the last error when the budget is spent, passing each attempt its remaining time', async () => {
    const remaining: number[] = [];
    const started = Date.now();
    await expect(
      retryWithBackoff(
        async (left) => {
          remaining.push(left);
          throw new Error('still down');
        },
        { timeoutMs: 100, initialDelayMs: 10, maxDelayMs: 20 },
        { retryable: () => true },
      ),
    ).rejects.toThrow('still down');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(remaining.length).toBeGreaterThan(2);
    expect(remaining[remaining.length - 1]).toBeLessThan(remaining[0]);
  });

  it('makes a single attempt with a zero budget', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('x');
        },
        { timeoutMs: 0 },
        { retryable: () => true },
      ),
    ).rejects.toThrow('x');
    expect(calls).toBe(1);
  });
});

describe('wire conversions', () => {
  it('decodes a MachineStatus protobuf spec', () => {
    const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.MachineStatusSpec');
    const bytes = type.encode(type.fromObject({ stage: 5, status: { ready: false, unmet_conditions: [{ name: 'time', reason: 'not synced' }] } })).finish();
    expect(decodeMachineStatus(bytes)).toEqual({ stage: 'rebooting', ready: false, unmetConditions: [{ name: 'time', reason: 'not synced' }] });
    // Field 1 = stage 4 (running), field 2 = { ready: true }: the bytes Talos sends.
    expect(decodeMachineStatus(Buffer.from('080412020801', 'hex'))).toEqual({ stage: 'running', ready: true, unmetConditions: [] });
  });

  it('keeps features absent for maintenance-mode Version replies', () => {
    const v = toVersion({
      metadata: null,
      version: { tag: 'v1.13.9', sha: 'abc', built: '', go_version: 'go1.26', os: 'linux', arch: 'amd64' },
      platform: { name: 'metal', mode: 'metal' },
      features: null,
    });
    expect(v.features).toBeUndefined();
    expect(v.tag).toBe('v1.13.9');
    expect(v.goVersion).toBe('go1.26');
  });

  it('converts service health and timestamps', () => {
    const [svc] = toServices({
      metadata: null,
      services: [
        {
          id: 'etcd',
          state: 'Running',
          events: { events: [{ msg: 'up', state: 'Running', ts: { seconds: '1700000000', nanos: 5e8 } }] },
          health: { unknown: false, healthy: true, last_message: '', last_change: null },
        },
      ],
    });
    expect(svc.health).toEqual({ unknown: false, healthy: true, lastMessage: '', lastChange: undefined });
    expect(svc.events[0].ts?.toISOString()).toBe('2023-11-14T22:13:20.500Z');
  });
});
