/** metadata.yaml parsing and the contract rules clusterctl v1.12 applies (internal/contract GetCompatibleVersions). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE, PROVIDERS } from '../../../providers/capi/components/catalog';
import { compatibleContracts, contractOf, parseMetadata } from '../../../providers/capi/components/metadata';
import { compareVersions, parseReleaseVersion } from '../../../providers/capi/components/versions';
import { componentsFixtureDir, fixtureVersion } from './support/fixtures';

describe('the fixture set (the pinned set, with CACPPT v0.5.12 and IPAM v1.1.0-rc.2 for v0.5.13 and v1.1.0)', () => {
  // Contracts from each release's metadata.yaml: a v1beta2 core with v1beta1 Talos providers (allowed while v1beta1 is "temporarily compatible").
  test.each([
    ['cluster-api', 'v1beta2'],
    ['bootstrap-talos', 'v1beta1'],
    ['control-plane-talos', 'v1beta1'],
    ['infrastructure-proxmox', 'v1beta2'],
    ['ipam-in-cluster', 'v1beta2'],
  ])('%s implements %s, which a v1beta2 core accepts', async (label, contract) => {
    const spec = PROVIDERS.find((p) => p.manifestLabel === label)!;
    const text = readFileSync(join(await componentsFixtureDir(), label, fixtureVersion(spec), METADATA_FILE), 'utf8');
    const metadata = parseMetadata(text, label);
    expect(contractOf(metadata, parseReleaseVersion(fixtureVersion(spec)))).toBe(contract);
    expect(compatibleContracts('v1beta2').has(contract)).toBe(true);
  });
});

describe('compatibleContracts', () => {
  test('v1beta2 accepts v1beta1 for now; others accept only themselves', () => {
    expect([...compatibleContracts('v1beta2')].sort()).toEqual(['v1beta1', 'v1beta2']);
    expect([...compatibleContracts('v1beta1')]).toEqual(['v1beta1']);
  });
});

describe('parseMetadata', () => {
  const header = 'apiVersion: clusterctl.cluster.x-k8s.io/v1alpha3\nkind: Metadata\n';
  test('reads release series; absent numbers are 0', () => {
    const m = parseMetadata(`${header}releaseSeries:\n- minor: 1\n  contract: v1beta1\n- major: 1\n  minor: 2\n  contract: v1beta2\n`, 'f');
    expect(m.releaseSeries).toEqual([
      { major: 0, minor: 1, contract: 'v1beta1' },
      { major: 1, minor: 2, contract: 'v1beta2' },
    ]);
    expect(contractOf(m, parseReleaseVersion('v1.2.7'))).toBe('v1beta2');
    expect(contractOf(m, parseReleaseVersion('v1.3.0'))).toBeUndefined();
  });

  test.each([
    ['apiVersion: v1\nkind: Metadata\nreleaseSeries: [{major: 1, minor: 0, contract: v1beta1}]\n', /must be a clusterctl.cluster.x-k8s.io\/v1alpha3 Metadata document/],
    [`${header}releaseSeries: []\n`, /has no releaseSeries/],
    [`${header}releaseSeries:\n- major: 1\n  minor: 0\n`, /releaseSeries\[0\].contract is missing/],
    ['a: [', /is not valid YAML/],
  ])('rejects %j', (text, message) => {
    expect(() => parseMetadata(text, 'bootstrap-talos v9 metadata.yaml')).toThrow(message);
  });
});

describe('release versions', () => {
  test('order pre-releases before releases', () => {
    const order = ['v1.0.9', 'v1.1.0-alpha.1', 'v1.1.0-rc.2', 'v1.1.0-rc.10', 'v1.1.0', 'v1.12.11'];
    const shuffled = [...order].reverse();
    expect(
      shuffled
        .map((v) => parseReleaseVersion(v))
        .sort(compareVersions)
        .map((v) => v.raw),
    ).toEqual(order);
  });

  test.each(['1.12.11', 'v1.12', 'latest', 'v01.2.3'])('rejects %s', (v) => {
    expect(() => parseReleaseVersion(v, 'core_version')).toThrow(/core_version must be a release tag/);
  });
});
