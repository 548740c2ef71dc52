/** One wording for duration settings: the Talos `timeouts` (above zero) and capi_components' wait_timeout (at least 1s). */
import { durationProblem } from '../../../providers/kernel/duration';
import { waitTimeoutProblem } from '../../../providers/capi/resources/components/schema';
import { timeoutProblem } from '../../../providers/talos/resources/common/timeouts';

test.each([
  ['10m', 0, undefined],
  ['1h30m', 0, undefined],
  ['10 minutes', 0, '"10 minutes" is not a duration: use Go duration syntax such as 30s, 10m or 1h30m'],
  ['0s', 0, '"0s" must be longer than zero'],
  ['-1m', 0, '"-1m" must be longer than zero'],
  ['500ms', 1000, '"500ms" must be at least 1s'],
  ['1s', 1000, undefined],
])('%s (at least %d ms): %s', (text, min, problem) => {
  expect(durationProblem(text, min)).toBe(problem);
});

test('both providers use it', () => {
  expect(waitTimeoutProblem('500ms')).toBe('"500ms" must be at least 1s');
  expect(timeoutProblem('500ms')).toBeUndefined();
  expect(timeoutProblem('0s')).toBe('"0s" must be longer than zero');
});
