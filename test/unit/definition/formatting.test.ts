/**
 * Problem wording helpers: "did you mean", paths, the one-line format and ordering.
 */
import { formatPath, formatProblem, sortProblems, type DefinitionProblem } from '../../../stacks/definition/problems';
import { suggest } from '../../../stacks/definition/suggest';

describe('suggest', () => {
  const keys = ['name', 'count', 'cores', 'memoryMiB', 'diskGiB', 'firstIp', 'ips', 'proxmoxNodes', 'vmidBase'];
  test.each([
    ['memory_mib', 'memoryMiB'],
    ['MemoryMiB', 'memoryMiB'],
    ['memroy', 'memoryMiB'],
    ['disk-gib', 'diskGiB'],
    ['cors', 'cores'],
    ['first_ip', 'firstIp'],
    ['proxmox_nodes', 'proxmoxNodes'],
    ['vmid', 'vmidBase'],
  ])('%s → %s', (word, expected) => expect(suggest(word, keys)).toBe(expected));

  test.each([['colour'], ['x'], ['replicas']])('%s → no suggestion', (word) => expect(suggest(word, keys)).toBeUndefined());
});

describe('problem lines', () => {
  const p = (source: string, path: (string | number)[], message = 'is wrong'): DefinitionProblem => ({ source, path, message, example: 'x: 1.' });

  test('paths print with dots and [index]; the whole file is (file)', () => {
    expect(formatPath(['workers', 0, 'ips', 1])).toBe('workers[0].ips[1]');
    expect(formatPath(['workers', 0, 'labels', 'node.example.com/pool'])).toBe('workers[0].labels.node.example.com/pool');
    expect(formatPath([])).toBe('(file)');
  });

  test('one line: source, path, what, example; no doubled period', () => {
    expect(formatProblem(p('clusters/a.yaml', ['name'], 'is not a DNS label.'))).toBe('clusters/a.yaml: name: is not a DNS label. Example: x: 1');
  });

  test('sorted by source then path (indexes numerically), duplicates removed', () => {
    const sorted = sortProblems([
      p('clusters/b.yaml', ['name']),
      p('clusters/a.yaml', ['workers', 10, 'cores']),
      p('clusters/a.yaml', ['workers', 2, 'cores']),
      p('clusters/a.yaml', ['network']),
      p('clusters/a.yaml', ['workers', 2, 'cores']),
      p('clusters/a.yaml', []),
    ]);
    expect(sorted.map((x) => `${x.source} ${formatPath(x.path)}`)).toEqual([
      'clusters/a.yaml (file)',
      'clusters/a.yaml network',
      'clusters/a.yaml workers[2].cores',
      'clusters/a.yaml workers[10].cores',
      'clusters/b.yaml name',
    ]);
  });
});
