import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { generateMachineConfig, serializeMachineConfig, generateMachineConfigDocuments, type MachineType } from '../../../../providers/machinery/config';
import { applyPatches, loadPatches } from '../../../../providers/machinery/patch';
import { STRUCT_TABLE } from '../../../../providers/machinery/config/types/struct-table';
import { structSpec, visibleFields } from '../../../../providers/machinery/config/types/type-spec';
import { GOLDEN_CASES } from './golden-cases';
import { loadTalosConfigSchema, loadTestSecrets } from './support/fixtures';

/**
 * Every generated document validates against Talos v1.13.9's published JSON schema (draft 2020-12).
 * As in Talos' own schema test, the deprecated `persist` key (hidden from the schema, still emitted
 * by talosctl) is removed before validation.
 */
let schema: Record<string, unknown>;
let validate: ValidateFunction;
const secrets = loadTestSecrets();

beforeAll(async () => {
  schema = await loadTalosConfigSchema();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('uri', {
    validate: (s: string) => {
      try {
        return Boolean(new URL(s));
      } catch {
        return false;
      }
    },
  });
  validate = ajv.compile(schema);
});

function documentsOf(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => {
    const value = d.toJS() as Record<string, unknown>;
    delete value.persist;
    return value;
  });
}

function render(name: string, machineType: MachineType): string {
  const c = GOLDEN_CASES.find((g) => g.name === name);
  if (!c) throw new Error(name);
  let docs = generateMachineConfigDocuments(c.input(secrets, machineType));
  docs = applyPatches(docs, loadPatches(c.patches ?? []));
  docs = applyPatches(docs, loadPatches((machineType === 'controlplane' ? c.patchesControlPlane : c.patchesWorker) ?? []));
  return serializeMachineConfig(docs);
}

describe('generated configs validate against the Talos v1.13.9 schema', () => {
  const cases = GOLDEN_CASES.filter((c) => c.name !== 'contract-v1.12').flatMap((c) => (['controlplane', 'worker'] as const).map((t) => [c.name, t] as const));
  test.each(cases)('%s %s: every document', (name, machineType) => {
    const docs = documentsOf(render(name, machineType));
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const doc of docs) {
      const label = String(doc.kind ?? 'v1alpha1');
      if (!validate(doc)) throw new Error(`${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  test('with KubeSpan and a VIP', () => {
    const text = generateMachineConfig({
      machineType: 'controlplane',
      clusterName: 'demo',
      endpoint: 'https://10.0.0.5:6443',
      secrets,
      kubeSpan: true,
      vip: { address: '10.0.0.5', link: 'ens18' },
    });
    for (const doc of documentsOf(text)) expect(validate(doc)).toBe(true);
  });

  test('the validator is not vacuous: unknown fields, bad values and a VIP document without a name fail', () => {
    const [main, hostname] = documentsOf(render('default', 'controlplane'));
    expect(validate({ ...main, extra: true })).toBe(false);
    expect(validate({ ...main, machine: { ...(main.machine as object), type: 'master' } })).toBe(false);
    expect(validate({ ...hostname, auto: 'sometimes' })).toBe(false);
    expect(validate({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', link: 'eth0' })).toBe(false);
    expect(validate({ ...main, cluster: { ...(main.cluster as object), controlPlane: { endpoint: 'ftp://x:6443' } } })).toBe(false);
  });
});

describe('the field table matches the schema', () => {
  test('every schema type exists in the table with the same fields in the same order (the table may add hidden fields)', () => {
    const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>;
    const problems: string[] = [];
    for (const [name, def] of Object.entries(defs)) {
      if (!STRUCT_TABLE[name]) {
        // Types the table models as scalars or free-form maps.
        if (!['v1alpha1.Endpoint', 'v1alpha1.InstallDiskSizeMatcher'].includes(name) && Object.keys(def.properties ?? {}).length > 0) {
          problems.push(`${name}: missing from the table`);
        }
        continue;
      }
      const ours = visibleFields(structSpec(name)).map((f) => f.name);
      const theirs = Object.keys(def.properties ?? {});
      const missing = theirs.filter((p) => !ours.includes(p));
      if (missing.length) problems.push(`${name}: missing ${missing.join(', ')}`);
      const order = ours.filter((f) => theirs.includes(f));
      if (order.join(',') !== theirs.filter((p) => ours.includes(p)).join(',')) problems.push(`${name}: order ${order.join(',')} vs ${theirs.join(',')}`);
    }
    expect(problems).toEqual([]);
  });
});
