import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  bundlePath,
  configMismatches,
  parseReviewedPlanRecord,
  staleByDependency,
  stateIdentity,
  stateStaleness,
  terraformMismatch,
  type ReviewedPlanRecord,
} from '../../../tools/plan-summary/reviewed-plan';
import { configDigest, defaultOutDir, dependencyOrder, readSynthManifest } from '../../../tools/plan-summary/synth-output';

const sha = (c: string) => c.repeat(64);
const record: ReviewedPlanRecord = {
  version: 1,
  terraformVersion: '1.11.4',
  createdAt: '2026-01-01T00:00:00.000Z',
  stacks: [
    { stack: 'net', configSha256: sha('a'), state: { lineage: 'L1', serial: 4 }, applyable: true, outputsChange: true, dependencies: [] },
    { stack: 'nodes', configSha256: sha('b'), state: null, applyable: true, outputsChange: false, dependencies: ['net'] },
  ],
};

describe('reviewed plan record', () => {
  test('round trip and validation', () => {
    expect(parseReviewedPlanRecord(JSON.stringify(record))).toEqual(record);
    expect(() => parseReviewedPlanRecord(JSON.stringify({ ...record, version: 2 }))).toThrow(/plan record: version/);
    expect(() => parseReviewedPlanRecord(JSON.stringify({ ...record, stacks: [{ ...record.stacks[0], configSha256: 'x' }] }))).toThrow(/plan record: stacks\.0\.configSha256/);
  });

  test('state identity keeps lineage and serial only', () => {
    const pulled = JSON.stringify({ version: 4, lineage: 'L1', serial: 7, resources: [{ instances: [{ attributes: { key: 'SECRET-abc' } }] }] });
    expect(stateIdentity(pulled)).toEqual({ lineage: 'L1', serial: 7 });
    expect(stateIdentity('')).toBeNull();
    expect(stateIdentity('\n')).toBeNull();
    expect(() => stateIdentity('{"version":4}')).toThrow(/no lineage\/serial/);
    let message = '';
    try {
      stateIdentity('{"key":"SECRET-abc"');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/output is not JSON/);
    expect(message).not.toContain('SECRET');
  });

  test('a state changed since planning is stale', () => {
    expect(stateStaleness({ lineage: 'L1', serial: 4 }, { lineage: 'L1', serial: 4 })).toBeUndefined();
    expect(stateStaleness(null, null)).toBeUndefined();
    expect(stateStaleness({ lineage: 'L1', serial: 4 }, { lineage: 'L1', serial: 5 })).toBe(
      'the state changed since the plan was reviewed (planned against lineage L1 serial 4, now lineage L1 serial 5); plan again',
    );
    expect(stateStaleness({ lineage: 'L1', serial: 4 }, { lineage: 'L2', serial: 4 })).toMatch(/now lineage L2/);
    expect(stateStaleness(null, { lineage: 'L1', serial: 1 })).toMatch(/planned against no state/);
    expect(stateStaleness({ lineage: 'L1', serial: 1 }, null)).toMatch(/now no state/);
  });

  test('the synthesized stacks must be exactly the reviewed ones', () => {
    expect(
      configMismatches(record, [
        { name: 'net', configSha256: sha('a') },
        { name: 'nodes', configSha256: sha('b') },
      ]),
    ).toEqual([]);
    expect(
      configMismatches(record, [
        { name: 'net', configSha256: sha('c') },
        { name: 'extra', configSha256: sha('b') },
      ]),
    ).toEqual([
      'stack net: the synthesized configuration differs from the reviewed one',
      'stack nodes was reviewed but is not synthesized now',
      'stack extra is synthesized now but was not in the reviewed plan',
    ]);
  });

  test('same Terraform version', () => {
    expect(terraformMismatch(record, '1.11.4')).toBeUndefined();
    expect(terraformMismatch(record, '1.12.0')).toMatch(/made with Terraform 1\.11\.4 but this is Terraform 1\.12\.0/);
    // A plan made by one engine is not applied by the other, whatever the numbers.
    expect(terraformMismatch(record, 'OpenTofu 1.11.4')).toMatch(/made with Terraform 1\.11\.4 but this is OpenTofu 1\.11\.4; pin the same engine and version/);
  });

  test('a stack planned against outputs that this run changed is stale', () => {
    expect(staleByDependency(record.stacks[1], new Set(['net']))).toMatch(/planned against outputs of net/);
    expect(staleByDependency(record.stacks[1], new Set())).toBeUndefined();
  });

  test('bundle paths encode stack names', () => {
    expect(bundlePath('lab-talos', 'tfplan')).toBe('stacks/lab-talos/tfplan');
    expect(bundlePath('a/../b', '.terraform.lock.hcl')).toBe('stacks/a%2F..%2Fb/.terraform.lock.hcl');
  });
});

describe('synth output', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-synth-out-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeStack(name: string, deps: string[], config = '{}') {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), config);
    return { name, constructPath: name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: deps, annotations: [] };
  }

  test('stacks come after their dependencies', () => {
    const stacks = { nodes: writeStack('nodes', ['net', 'image']), image: writeStack('image', []), net: writeStack('net', []) };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks }));
    const read = readSynthManifest(dir);
    expect(read.map((s) => s.name)).toEqual(['image', 'net', 'nodes']);
    expect(read[2].dir).toBe(path.join(dir, 'stacks', 'nodes'));
  });

  test('cycles and unknown dependencies are refused', () => {
    expect(() =>
      dependencyOrder([
        { name: 'a', dependencies: ['b'] },
        { name: 'b', dependencies: ['a'] },
      ]),
    ).toThrow(/a, b depend on each other in a cycle/);
    expect(() => dependencyOrder([{ name: 'a', dependencies: ['zz'] }])).toThrow(/stack a depends on zz, which is not in the synthesized output/);
  });

  test('missing or foreign manifests are refused with the fix', () => {
    expect(() => readSynthManifest(dir)).toThrow(/manifest\.json does not exist; run `cdktf synth`/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: {} }));
    expect(() => readSynthManifest(dir)).toThrow(/version: .*is this a cdktf synth output/);
  });

  test('config digest covers the JSON and its assets, not Terraform working files', () => {
    const entry = writeStack('s', [], '{"resource":{}}');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: { s: entry } }));
    const [stack] = readSynthManifest(dir);
    const first = configDigest(stack);
    fs.writeFileSync(path.join(stack.dir, 'tfplan'), 'x');
    fs.writeFileSync(path.join(stack.dir, '.terraform.lock.hcl'), 'x');
    expect(configDigest(stack)).toBe(first);
    fs.mkdirSync(path.join(stack.dir, 'assets', 'img'), { recursive: true });
    fs.writeFileSync(path.join(stack.dir, 'assets', 'img', 'a.txt'), 'asset');
    const withAsset = configDigest(stack);
    expect(withAsset).not.toBe(first);
    fs.writeFileSync(path.join(stack.dir, 'cdk.tf.json'), '{"resource":{"x":{}}}');
    expect(configDigest(stack)).not.toBe(withAsset);
  });

  test('default output directory follows cdktf.json', () => {
    expect(defaultOutDir(dir)).toBe(path.join(dir, 'cdktf.out'));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ output: 'build/out' }));
    expect(defaultOutDir(dir)).toBe(path.join(dir, 'build', 'out'));
  });
});
