import { emitDocument, type EmitNode } from '../../../../providers/machinery/config/yaml/emitter';
import { compareGoKeys, formatGoFloat, resolvePlain } from '../../../../providers/machinery/config/yaml/go-scalars';
import { formatGoDuration, parseGoDuration } from '../../../../providers/kernel/duration';
import { encodeAny } from '../../../../providers/machinery/config/codec';

/** Expected outputs below are what talosctl v1.13.9 (go.yaml.in/yaml v4) writes for the same values. */
const str = (value: string): EmitNode => ({ t: 'str', value });
const list = (...items: string[]): string => emitDocument({ t: 'map', entries: [['certSANs', { t: 'seq', items: items.map(str) }]] });

describe('Go-compatible YAML emitter', () => {
  test.each([
    ['*.example.com', "'*.example.com'"],
    ['10.0.0.1', '10.0.0.1'],
    ['- x', "'- x'"],
    ['a: b', "'a: b'"],
    ['yes', '"yes"'],
    ['123', '"123"'],
    ['1.5', '"1.5"'],
    ['null', '"null"'],
    ['@at', "'@at'"],
    ["it's", "it's"],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    ['tab\there', '"tab\\there"'],
    ['2024-01-01', '"2024-01-01"'],
    ['0x1F', '"0x1F"'],
    ['1e3', '"1e3"'],
    ['~', '"~"'],
    ['a #b', "'a #b'"],
    ['a#b', 'a#b'],
    ['-x', '-x'],
    ['x:', "'x:'"],
    ['true', '"true"'],
    ['False', '"False"'],
    ['off', '"off"'],
    ['1:30', '"1:30"'],
    ['', '""'],
    ["'quoted'", "'''quoted'''"],
    ['é', 'é'],
  ])('string %j is written as %s', (value, expected) => {
    expect(list(value)).toBe(`certSANs:\n    - ${expected}\n`);
  });

  test('nested layout: 4-space indent, sequences indented under keys, mappings in items after "- "', () => {
    const node: EmitNode = {
      t: 'map',
      entries: [
        [
          'cluster',
          {
            t: 'map',
            entries: [
              ['empty', { t: 'map', entries: [] }],
              ['none', { t: 'seq', items: [] }],
              [
                'admissionControl',
                {
                  t: 'seq',
                  items: [
                    {
                      t: 'map',
                      entries: [
                        ['name', str('PodSecurity')],
                        ['configuration', { t: 'map', entries: [['exemptions', { t: 'map', entries: [['namespaces', { t: 'seq', items: [str('kube-system')] }]] }]] }],
                        ['options', { t: 'seq', items: [str('rshared')] }],
                      ],
                    },
                  ],
                },
              ],
              ['nested', { t: 'seq', items: [{ t: 'seq', items: [str('a'), str('b')] }] }],
              ['flag', { t: 'plain', text: 'true' }],
            ],
          },
        ],
      ],
    };
    expect(emitDocument(node)).toBe(
      [
        'cluster:',
        '    empty: {}',
        '    none: []',
        '    admissionControl:',
        '        - name: PodSecurity',
        '          configuration:',
        '            exemptions:',
        '                namespaces:',
        '                    - kube-system',
        '          options:',
        '            - rshared',
        '    nested:',
        '        - - a',
        '          - b',
        '    flag: true',
        '',
      ].join('\n'),
    );
  });

  test('multi-line strings become literal blocks with Go chomping indicators', () => {
    const doc = (value: string): string =>
      emitDocument({
        t: 'map',
        entries: [
          ['contents', str(value)],
          ['next', str('x')],
        ],
      });
    expect(doc('a\nb\n')).toBe('contents: |\n    a\n    b\nnext: x\n');
    expect(doc('a\nb')).toBe('contents: |-\n    a\n    b\nnext: x\n');
    expect(doc('a\n\nb\n\n')).toBe('contents: |+\n    a\n\n    b\n\nnext: x\n');
    expect(doc(' indented\nline\n')).toBe('contents: |4\n     indented\n    line\nnext: x\n');
    expect(doc('trailing space \nx')).toBe('contents: "trailing space \\nx"\nnext: x\n');
    expect(emitDocument({ t: 'seq', items: [str('a\nb\n')] })).toBe('- |\n  a\n  b\n');
  });
});

describe('Go scalar rules', () => {
  test('map keys sort as the Go library sorts them', () => {
    expect(['ab', 'a10', '1', 'a-b', '_z', 'A', 'a9'].sort(compareGoKeys)).toEqual(['_z', '1', 'A', 'a-b', 'a9', 'a10', 'ab']);
    expect(['warn-version', 'warn', 'audit', 'enforce-version', 'enforce', 'audit-version'].sort(compareGoKeys)).toEqual([
      'audit',
      'audit-version',
      'enforce',
      'enforce-version',
      'warn',
      'warn-version',
    ]);
  });

  test.each([
    ['true', 'bool', true],
    ['FALSE', 'bool', false],
    ['~', 'null', null],
    ['', 'null', null],
    ['0755', 'int', 493],
    ['0x1F', 'int', 31],
    ['0o17', 'int', 15],
    ['1_000', 'int', 1000],
    ['08', 'float', 8],
    ['1.5', 'float', 1.5],
    ['.inf', 'float', Infinity],
    ['yes', 'str', 'yes'],
    ['2024-01-01', 'timestamp', '2024-01-01'],
    ['10.0.0.1', 'str', '10.0.0.1'],
  ])('plain %j resolves to %s', (text, tag, value) => {
    expect(resolvePlain(text)).toEqual({ tag, value });
  });

  test.each([
    [1234567, '1.234567e+06'],
    [100000, '100000'],
    [123456.5, '123456.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [-3.25e-7, '-3.25e-07'],
    [1.5, '1.5'],
  ])('float %d prints as Go does (%s)', (f, text) => {
    expect(formatGoFloat(f)).toBe(text);
  });

  test('free-form values keep types and sort keys', () => {
    expect(emitDocument(encodeAny({ b: 1, a: [true, null, 'x', 2.5] }))).toBe('a:\n    - true\n    - null\n    - x\n    - 2.5\nb: 1\n');
  });

  test.each([
    ['8760h', '8760h0m0s'],
    ['90s', '1m30s'],
    ['1.5h', '1h30m0s'],
    ['500ms', '500ms'],
    ['0', '0s'],
    ['-2m', '-2m0s'],
  ])('duration %s normalises to %s', (text, canonical) => {
    const ns = parseGoDuration(text);
    expect(ns).toBeDefined();
    expect(formatGoDuration(ns as bigint)).toBe(canonical);
  });

  test.each(['', '5', 'h', '1x', '1.h.'])('invalid duration %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
