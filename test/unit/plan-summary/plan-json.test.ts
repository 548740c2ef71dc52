import { parsePlanJson } from '../../../tools/plan-summary/plan-json';

describe('parsePlanJson', () => {
  test('accepts a minimal Terraform 1.x document and ignores fields it does not read', () => {
    const plan = parsePlanJson(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, applyable: false }));
    expect(plan).toMatchObject({ format_version: '1.2', applyable: false });
  });

  test.each([
    ['not JSON', 'Error: no plan', /plan JSON: not JSON .*terraform show -json <planfile>/],
    ['old format', { format_version: '0.1' }, /format_version: expected a 1\.x JSON plan format/],
    [
      'bad action',
      { format_version: '1.2', resource_changes: [{ address: 'a.b', mode: 'managed', type: 'a', name: 'b', change: { actions: ['rebuild'] } }] },
      /resource_changes\[0\]\.change\.actions\[0\]/,
    ],
    ['no actions', { format_version: '1.2', resource_changes: [{ address: 'a.b', mode: 'managed', type: 'a', name: 'b', change: { actions: [] } }] }, /change\.actions/],
    ['bad mode', { format_version: '1.2', resource_drift: [{ address: 'a.b', mode: 'x', type: 'a', name: 'b', change: { actions: ['update'] } }] }, /resource_drift\[0\]\.mode/],
    ['bad output', { format_version: '1.2', output_changes: { o: { before: 1 } } }, /output_changes\.o\.actions/],
  ])('refuses %s, naming the field', (_name, input, message) => {
    expect(() => parsePlanJson(typeof input === 'string' ? input : JSON.stringify(input))).toThrow(message);
  });
});
