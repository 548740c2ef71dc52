/** Exponential backoff with jitter inside an overall time budget. */

export interface RetryPolicy {
  /** Overall budget for all attempts, from the first one (ms). 0 = a single attempt. */
  readonly timeoutMs: number;
  /** First pause (ms). */
  readonly initialDelayMs?: number;
  /** Longest pause (ms); Talos' own backend reconnect backoff tops out at 15 s. */
  readonly maxDelayMs?: number;
  readonly factor?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = { timeoutMs: 120_000, initialDelayMs: 200, maxDelayMs: 5_000, factor: 2 };

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const initial = policy.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs;
  const max = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const factor = policy.factor ?? DEFAULT_RETRY.factor;
  const base = Math.min(max, initial * Math.pow(factor, Math.max(0, attempt - 1)));
  // +-20% jitter so many nodes retried together do not march in step.
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks<E> {
  /** Whether this failure may succeed later. */
  readonly retryable: (err: E) => boolean;
  /** Called before each pause; e.g. to report progress. */
  readonly onRetry?: (err: E, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs `op(remainingMs)` until it succeeds, fails with a non-retryable error, or the budget is
 * spent (then the last error is thrown). `remainingMs` lets each attempt cap its own deadline.
 */
export async function retryWithBackoff<T, E = unknown>(op: (remainingMs: number, attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks<E>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const remaining = policy.timeoutMs - (Date.now() - started);
    try {
      return await op(Math.max(remaining, 0), attempt);
    } catch (err) {
      const e = err as E;
      if (!hooks.retryable(e)) throw err;
      const left = policy.timeoutMs - (Date.now() - started);
      if (left <= 0) throw err;
      const delay = Math.min(backoffDelay(attempt, policy), left);
      hooks.onRetry?.(e, attempt, delay);
      await sleep(delay, hooks.signal);
      if (policy.timeoutMs - (Date.now() - started) <= 0) throw err;
    }
  }
}
