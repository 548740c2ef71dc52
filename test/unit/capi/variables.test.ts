/**
 * Variable substitution must behave like clusterctl's SimpleProcessor (drone/envsubst underneath):
 * defaults on unset-or-empty, `$$` escapes, legacy whitespace, and its rule for which variables
 * are required. The expected values below follow the upstream semantics, read from the Go sources.
 */
import { MissingVariablesError, substituteVariables, templateVariables, TemplateError } from '../../../providers/capi/components/variables';
import { rawComponents } from './support/fixtures';

const sub = (text: string, values: Record<string, string> = {}) => substituteVariables(text, new Map(Object.entries(values)), 'test-provider');

describe('substitution', () => {
  test.each([
    ['a ${X} b', { X: '1' }, 'a 1 b'],
    ['${X:=dflt}', {}, 'dflt'],
    ['${X:=dflt}', { X: '' }, 'dflt'],
    ['${X:=dflt}', { X: 'set' }, 'set'],
    ['${X=dflt}', {}, 'dflt'],
    ['${X=dflt}', { X: '' }, 'dflt'],
    ['${X:-dflt}', {}, 'dflt'],
    ['token: ${PROXMOX_TOKEN=""}', {}, 'token: ""'],
    ['token: ${PROXMOX_TOKEN=""}', { PROXMOX_TOKEN: 'capmox@pve!capi' }, 'token: capmox@pve!capi'],
    ['--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}', {}, '--diagnostics-address=:8443'],
    ['${ X }-${ X}-${X }', { X: 'v' }, 'v-v-v'],
    ['cost: $$5', {}, 'cost: $5'],
    ['literal $${X}', { X: 'no' }, 'literal ${X}'],
    ['regex ^a$ and $HOME stay', {}, 'regex ^a$ and $HOME stay'],
    ['${A:=${B}}', { B: 'b' }, 'b'],
    ['${A:=${B}}', { A: 'a', B: 'b' }, 'a'],
    ['${A:=x${B:=y}z}', {}, 'xyz'],
    ['${A:=path\\/to}', {}, 'path/to'],
  ])('%s with %j gives %s', (text, values, expected) => {
    expect(sub(text, values)).toBe(expected);
  });

  test('a variable without default and without value is reported with the component name', () => {
    expect(() => sub('a: ${ZED}\nb: ${ALPHA}\nc: ${OK:=1}')).toThrow(MissingVariablesError);
    try {
      sub('a: ${ZED}\nb: ${ALPHA}\nc: ${OK:=1}');
    } catch (err) {
      expect((err as MissingVariablesError).missing).toEqual(['ZED', 'ALPHA']);
      expect((err as Error).message).toMatch(/^test-provider: value for variables \[ALPHA, ZED\] is not set/);
    }
  });

  test('an empty default counts as no default; a given empty value satisfies a required variable (as clusterctl)', () => {
    expect(() => sub('${X:=}')).toThrow(/\[X\]/);
    expect(sub('a${X}b', { X: '' })).toBe('ab');
  });

  test('the first occurrence decides whether a variable is required', () => {
    expect(() => sub('${X} ${X:=d}')).toThrow(/\[X\]/);
    expect(sub('${X:=d} ${X}')).toBe('d ');
  });

  test('variables inside defaults are not required (clusterctl does not look into defaults)', () => {
    expect(sub('${A:=${B}}')).toBe('');
  });

  test.each([
    ['${X:?must be set}', /unsupported expression/],
    ['${X/a/b}', /unsupported expression/],
    ['${X,,}', /unsupported expression/],
    ['${#X}', /expected a variable name/],
    ['${}', /expected a variable name/],
    ['line1\n${X:=abc', /line 2: missing closing brace/],
    ['${ X Y }', /unexpected text after the variable name/],
  ])('%s is rejected', (text, message) => {
    expect(() => sub(text)).toThrow(TemplateError);
    expect(() => sub(text)).toThrow(message);
    expect(() => sub(text)).toThrow(/^test-provider: /);
  });
});

describe('templateVariables', () => {
  test('lists names with their defaults in first-appearance order', () => {
    expect(templateVariables('${B:=2} ${A} ${B} ${C=""}')).toEqual([
      { name: 'B', default: '2', required: false },
      { name: 'A', default: '', required: true },
      { name: 'C', default: '""', required: false },
    ]);
  });

  // The variables each pinned release's components use (spec section 2.2, checked against the files).
  test.each([
    [
      'cluster-api',
      {
        CAPI_DIAGNOSTICS_ADDRESS: ':8443',
        CAPI_INSECURE_DIAGNOSTICS: 'false',
        CLUSTER_TOPOLOGY: 'false',
        EXP_IN_PLACE_UPDATES: 'false',
        EXP_MACHINE_POOL: 'true',
        EXP_MACHINE_SET_PREFLIGHT_CHECKS: 'true',
        EXP_MACHINE_TAINT_PROPAGATION: 'false',
        EXP_MACHINE_WAITFORVOLUMEDETACH_CONSIDER_VOLUMEATTACHMENTS: 'true',
        EXP_PRIORITY_QUEUE: 'false',
        EXP_RECONCILER_RATE_LIMITING: 'false',
        EXP_RUNTIME_SDK: 'false',
      },
    ],
    ['bootstrap-talos', { CAPI_DIAGNOSTICS_ADDRESS: ':8443', CAPI_INSECURE_DIAGNOSTICS: 'false', EXP_MACHINE_POOL: 'false' }],
    ['control-plane-talos', { CAPI_DIAGNOSTICS_ADDRESS: ':8443', CAPI_INSECURE_DIAGNOSTICS: 'false' }],
    [
      'infrastructure-proxmox',
      {
        CAPI_DIAGNOSTICS_ADDRESS: ':8443',
        CAPI_INSECURE_DIAGNOSTICS: 'false',
        CAPMOX_LOGLEVEL: '0',
        ClusterTopology: 'false',
        PROXMOX_SECRET: '""',
        PROXMOX_TOKEN: '""',
        PROXMOX_URL: '""',
      },
    ],
    ['ipam-in-cluster', {}],
  ])('%s uses only variables with defaults', async (label, expected) => {
    const vars = templateVariables(await rawComponents(label));
    expect(Object.fromEntries(vars.map((v) => [v.name, v.default]))).toEqual(expected);
    expect(vars.filter((v) => v.required)).toEqual([]);
  });

  test('substituting a 1.4 MB components file is fast', async () => {
    const text = await rawComponents('cluster-api');
    const started = Date.now();
    const out = sub(text);
    expect(Date.now() - started).toBeLessThan(500);
    expect(out).toContain('--diagnostics-address=:8443');
    expect(out).not.toContain('${');
  });
});
