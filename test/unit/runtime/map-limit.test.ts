import { mapLimit } from '../../../providers/runtime/map-limit';

test('results keep the input order and no more than `limit` calls run at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, n));
    running--;
    return `${i}:${n}`;
  });
  expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
  expect(peak).toBe(2);
});

test('a failing call fails the whole map; an empty list maps to an empty list', async () => {
  await expect(mapLimit([1, 2], 4, async (n) => (n === 2 ? Promise.reject(new Error('boom')) : n))).rejects.toThrow('boom');
  await expect(mapLimit([], 3, async () => 1)).resolves.toEqual([]);
  await expect(mapLimit([1], 0, async () => 1)).rejects.toThrow(/limit must be/);
});
