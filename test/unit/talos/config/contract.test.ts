import {
  compareContracts,
  contractNewerThan,
  ContractError,
  DEFAULT_CONTRACT,
  defaultKubernetesVersion,
  formatContract,
  kubernetesRange,
  parseContract,
  SUPPORTED_CONTRACTS,
  validateKubernetesVersion,
} from '../../../../providers/machinery/config';

describe('Talos config contract', () => {
  test.each([
    ['v1.13', { major: 1, minor: 13 }],
    ['1.13', { major: 1, minor: 13 }],
    ['v1.13.9', { major: 1, minor: 13 }],
    ['v1.12', { major: 1, minor: 12 }],
    [' v1.12.0-beta.1 ', { major: 1, minor: 12 }],
  ])('parses %j', (text, expected) => {
    expect(parseContract(text)).toEqual(expected);
  });

  test('lists the supported contracts and defaults to v1.13', () => {
    expect(SUPPORTED_CONTRACTS).toEqual(['v1.12', 'v1.13']);
    expect(formatContract(DEFAULT_CONTRACT)).toBe('v1.13');
  });

  test.each([
    ['v1.14', /contract v1\.14 is not supported \(Talos 1\.14 moves .*\); supported: v1\.12, v1\.13/],
    ['v1.5', /contract v1\.5 is not supported; supported: v1\.12, v1\.13/],
    ['v2.0', /contract v2\.0 is not supported/],
    ['latest', /talosVersion: "latest" is not a Talos version; expected vMAJOR\.MINOR/],
    ['', /is not a Talos version/],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parseContract(text)).toThrow(ContractError);
    expect(() => parseContract(text)).toThrow(message);
  });

  test('names the field in errors', () => {
    expect(() => parseContract('v9.9', '--talos-version')).toThrow(/^--talos-version: /);
  });

  test('compares like Talos VersionContract.Greater', () => {
    const v112 = { major: 1, minor: 12 };
    const v113 = { major: 1, minor: 13 };
    expect(contractNewerThan(v113, 1, 12)).toBe(true);
    expect(contractNewerThan(v113, 1, 13)).toBe(false);
    expect(contractNewerThan(v112, 1, 12)).toBe(false);
    expect(contractNewerThan({ major: 2, minor: 0 }, 1, 99)).toBe(true);
    expect(compareContracts(v112, v113)).toBeLessThan(0);
    expect(compareContracts(v113, v113)).toBe(0);
  });

  test('Kubernetes range and default per contract', () => {
    expect(kubernetesRange({ major: 1, minor: 13 })).toEqual({ min: '1.31', max: '1.36' });
    expect(defaultKubernetesVersion({ major: 1, minor: 13 })).toBe('1.36.3');
    expect(kubernetesRange({ major: 1, minor: 12 })).toEqual({ min: '1.30', max: '1.35' });
    expect(defaultKubernetesVersion({ major: 1, minor: 12 })).toBe('1.35.4');
  });

  test.each(['1.31.0', '1.36.3', 'v1.36.3', '1.36.99', '1.36.0-rc.1'])('accepts Kubernetes %s for v1.13', (v) => {
    expect(validateKubernetesVersion(v, DEFAULT_CONTRACT)).toBe(v.replace(/^v/, ''));
  });

  test.each([
    ['1.30.9', /kubernetesVersion: Kubernetes 1\.30\.9 is too old for Talos contract v1\.13; supported 1\.31\.x to 1\.36\.x/],
    ['1.37.0', /Kubernetes 1\.37\.0 is too new for Talos contract v1\.13/],
    ['2.0.0', /too new/],
    ['1.36', /"1\.36" is not a Kubernetes version; expected MAJOR\.MINOR\.PATCH such as 1\.36\.3/],
    ['latest', /not a Kubernetes version/],
  ])('rejects Kubernetes %s for v1.13', (v, message) => {
    expect(() => validateKubernetesVersion(v, DEFAULT_CONTRACT)).toThrow(message);
  });

  test('the range follows the contract', () => {
    expect(() => validateKubernetesVersion('1.36.0', { major: 1, minor: 12 })).toThrow(/too new for Talos contract v1\.12/);
    expect(validateKubernetesVersion('1.30.0', { major: 1, minor: 12 })).toBe('1.30.0');
  });
});
