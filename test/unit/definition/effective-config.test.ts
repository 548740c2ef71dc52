/**
 * The effective Talos configuration per role, after the definition's patches: every patch that
 * loads but breaks a rule Talos (or the app) relies on is refused, naming the patch (file or
 * index), the role, the field and the fix; the problem lands on the patch that introduced it.
 */
import * as path from 'node:path';
import { checkClusterDefinition, formatProblem } from '../../../stacks/definition';
import { checkEffectiveConfig, generatedDocuments, type RoleExpectation } from '../../../stacks/definition/effective-config';
import { goodInput, SOURCE, type Mutable } from './fixtures';

const BASE = '/defs';

function lines(patches: Mutable, files: Record<string, string> = {}): string[] {
  const d = goodInput();
  d.patches = patches;
  const readText = (file: string): string => {
    const rel = path.relative(BASE, file);
    if (!(rel in files)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return files[rel];
  };
  return checkClusterDefinition(d, { source: SOURCE, baseDir: BASE, readText }).problems.map(formatProblem);
}

describe('patches that break the effective configuration', () => {
  test.each([
    ['deletes cluster', { common: ['cluster: {$patch: delete}'] }, 'patches.common[0]', /makes the controlplane configuration invalid: cluster is missing: Talos requires the cluster section/],
    [
      'flips machine.type',
      { controlPlane: ['machine: {type: worker}'] },
      'patches.controlPlane[0]',
      /controlplane configuration invalid: machine\.type is "worker", but this configuration is for controlplane nodes.*Example: remove machine\.type from the patch/,
    ],
    [
      'sets an http endpoint',
      { common: ['cluster: {controlPlane: {endpoint: "http://10.20.0.10:6443"}}'] },
      'patches.common[0]',
      /cluster\.controlPlane\.endpoint "http:\/\/10\.20\.0\.10:6443" uses http; the Kubernetes API is served over https only/,
    ],
    [
      'points the endpoint at another host',
      { worker: ['cluster: {controlPlane: {endpoint: "https://10.20.0.99:6443"}}'] },
      'patches.worker[0]',
      /worker configuration invalid: cluster\.controlPlane\.endpoint .* is another host than the cluster endpoint https:\/\/10\.20\.0\.10:6443/,
    ],
    ['removes the trustd token', { common: ['machine: {token: {$patch: delete}}'] }, 'patches.common[0]', /machine\.token is missing or empty/],
    ['renames the cluster', { common: ['cluster: {clusterName: other}'] }, 'patches.common[0]', /cluster\.clusterName is "other"; it must stay "prod"/],
    ['deletes the HostnameConfig document', { common: ['apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete'] }, 'patches.common[0]', /HostnameConfig is removed; the app names each node/],
    [
      'sets one host name for every node',
      { worker: ['machine: {network: {hostname: node}}'] },
      'patches.worker[0]',
      /machine\.network\.hostname is set while the HostnameConfig document sets the host name/,
    ],
    ['puts etcd settings on workers', { worker: ['cluster: {etcd: {extraArgs: {election-timeout: "5000"}}}'] }, 'patches.worker[0]', /cluster\.etcd is set: etcd runs on control planes only/],
    ['changes the providerID', { common: ['machine: {kubelet: {extraArgs: {provider-id: "proxmox://x"}}}'] }, 'patches.common[0]', /provider-id is "proxmox:\/\/x"; Cluster API matches nodes/],
    ['names an unknown CNI', { common: ['cluster: {network: {cni: {name: calico}}}'] }, 'patches.common[0]', /cluster\.network\.cni\.name "calico" is not one of flannel, custom, none/],
    ['sets persist false', { common: ['persist: false'] }, 'patches.common[0]', /persist is false; Talos requires persist: true/],
  ])('a patch that %s is refused', (_name, patches, at, message) => {
    const out = lines(patches);
    expect(out).toHaveLength(1);
    expect(out[0].startsWith(`${SOURCE}: ${at}: `)).toBe(true);
    expect(out[0]).toMatch(message);
    expect(out[0]).toMatch(/\. Example: .+/);
  });

  test('a patch file is named, and the problem lands on the patch that introduced it', () => {
    const out = lines(
      { common: ['machine: {install: {disk: /dev/sdb}}', { file: 'patches/endpoint.yaml' }] },
      { 'patches/endpoint.yaml': 'cluster:\n  controlPlane:\n    endpoint: http://10.20.0.10:6443\n' },
    );
    expect(out).toEqual([
      expect.stringMatching(/^clusters\/prod\.yaml: patches\.common\[1\]\.file: "patches\/endpoint\.yaml" makes the controlplane configuration invalid: cluster\.controlPlane\.endpoint/),
    ]);
  });

  test('a later patch that repairs an earlier one leaves nothing to report; a problem both roles share is reported once', () => {
    expect(lines({ common: ['cluster: {clusterName: other}', 'cluster: {clusterName: prod}'] })).toEqual([]);
    expect(lines({ common: ['cluster: {clusterName: other}'] })).toHaveLength(1);
  });

  test('a patch that does not apply names the role', () => {
    const out = lines({ worker: ['apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.20.0.10\n$patch: delete'] });
    expect(out).toEqual([expect.stringMatching(/^clusters\/prod\.yaml: patches\.worker\[0\]: does not apply to the worker configuration: .*Layer2VIPConfig/)]);
  });

  test('ordinary patches pass', () => {
    expect(
      lines({
        common: ['machine: {install: {disk: /dev/sdb}, sysctls: {vm.max_map_count: "262144"}}', 'cluster: {network: {cni: {name: none}}}'],
        controlPlane: ['cluster: {allowSchedulingOnControlPlanes: true, etcd: {extraArgs: {election-timeout: "5000"}}}'],
        worker: ['machine: {nodeLabels: {tier: batch}}'],
      }),
    ).toEqual([]);
  });
});

describe('checkEffectiveConfig', () => {
  const expectation = (role: 'controlplane' | 'worker'): RoleExpectation => ({
    role,
    clusterName: 'c',
    endpoint: 'https://10.0.0.10:6443',
    contract: 'v1.13',
    kubernetesVersion: '1.36.3',
    hostname: `c-${role}-1`,
    providerId: 'proxmox://c8593b7b-0300-56cd-ba0c-c3061f065e3d',
  });

  test('the generated configuration of each role satisfies every rule', () => {
    for (const role of ['controlplane', 'worker'] as const) expect(checkEffectiveConfig(generatedDocuments(expectation(role)), expectation(role))).toEqual([]);
  });

  test('worker-only rules: no CA keys on workers; control planes need them', () => {
    const worker = generatedDocuments(expectation('worker'));
    const main = worker[0] as { machine: { ca: { key: string } } };
    main.machine.ca.key = 'x';
    expect(checkEffectiveConfig(worker, expectation('worker')).map((v) => v.field)).toEqual(['machine.ca.key']);
    const cp = generatedDocuments(expectation('controlplane'));
    delete (cp[0] as { cluster: { etcd?: unknown } }).cluster.etcd;
    expect(checkEffectiveConfig(cp, expectation('controlplane')).map((v) => v.field)).toEqual(['cluster.etcd.ca.crt', 'cluster.etcd.ca.key']);
  });
});
