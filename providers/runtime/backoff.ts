/**
 * Poll pacing: the first checks come quickly (most conditions hold within moments, and a deploy
 * waits on many of them in a row), later ones slow down to the caller's interval so a long wait
 * does not hammer the server.
 */

/** Default first pause of a poll. */
export const FIRST_POLL_MS = 100;
const GROWTH = 1.6;

/**
 * Pauses between poll rounds: `firstMs`, growing by 1.6× per round up to `maxMs`. Call `next()`
 * after each unmet round.
 */
export class PollBackoff {
  private current: number;

  constructor(
    private readonly maxMs: number,
    firstMs = FIRST_POLL_MS,
  ) {
    this.current = Math.min(firstMs, maxMs);
  }

  /** The pause before the next round (and grows the one after). */
  next(): number {
    const pause = this.current;
    this.current = Math.min(this.maxMs, Math.ceil(this.current * GROWTH));
    return pause;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pauseFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
