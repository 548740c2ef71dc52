import { pauseFor, PollBackoff } from '../../../providers/runtime/backoff';

test('poll pauses start small and grow to the cap, never past it', () => {
  const b = new PollBackoff(1000);
  const pauses = Array.from({ length: 12 }, () => b.next());
  expect(pauses[0]).toBe(100);
  for (let i = 1; i < pauses.length; i++) expect(pauses[i]).toBeGreaterThanOrEqual(pauses[i - 1]);
  expect(Math.max(...pauses)).toBe(1000);
  expect(pauses.slice(-3)).toEqual([1000, 1000, 1000]);
});

test('a cap below the first pause is the pause', () => {
  const b = new PollBackoff(50);
  expect([b.next(), b.next()]).toEqual([50, 50]);
});

test('a pause ends at once when its signal aborts', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const pausing = pauseFor(60_000, controller.signal);
  controller.abort();
  await pausing;
  expect(Date.now() - started).toBeLessThan(30_000);
});
