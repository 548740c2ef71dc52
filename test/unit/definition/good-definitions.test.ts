/**
 * Good definitions: the documented example, the typed `.ts` form, JSON, defaults, every
 * problem of a file at once, the lab default against stacks/lab-cluster.ts, and the mappings to
 * stack props agreeing with the Proxmox cluster plan.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planProxmoxCluster } from '../../../stacks/plan/cluster-plan';
import { cloudWorkspaceName } from '../../../stacks/backend';
import {
  checkAcrossClusters,
  ClusterDefinitionError,
  clusterDefinitionSchema,
  defineCluster,
  formatProblem,
  labDefaultDefinition,
  loadClusterDefinitionFile,
  loadClusterDefinitions,
  managementClusterName,
  parseClusterDefinition,
  toProxmoxClusterSpec,
  toTalosConfigStackProps,
} from '../../../stacks/definition';
import { cloudControllerPatches, TALOS_CCM_MANIFEST } from '../../../providers/machinery/config';
import { formatPath, sortProblems } from '../../../stacks/definition/problems';
import { exampleExactlyAt, leafPaths } from '../../../stacks/definition/schema-walk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { goodInput, problemsOf, withChange } from './fixtures';

const REPO = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(REPO, 'clusters/example.yaml.sample');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-def-good-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('good definitions', () => {
  test('the documented example (clusters/example.yaml.sample) loads as clusters/prod.yaml', () => {
    fs.mkdirSync(path.join(tmp, 'clusters'));
    fs.copyFileSync(SAMPLE, path.join(tmp, 'clusters/prod.yaml'));
    const def = loadClusterDefinitionFile('clusters/prod.yaml', tmp);
    expect(def.source).toBe('clusters/prod.yaml');
    expect(def.name).toBe('prod');
    expect(def.versions).toEqual({ contract: 'v1.13', release: 'v1.13.9', kubernetesVersion: '1.36.3' });
    expect(def.plan.clusterEndpoint).toBe('https://10.20.0.10:6443');
    expect(def.plan.nodes.map((n) => `${n.name} ${n.role} ${n.ip} ${n.vmid} ${n.proxmoxNode}`)).toEqual([
      'prod-cp-1 controlplane 10.20.0.11 3100 pve1',
      'prod-cp-2 controlplane 10.20.0.12 3101 pve2',
      'prod-cp-3 controlplane 10.20.0.13 3102 pve3',
      'prod-worker-1 worker 10.20.0.21 3103 pve1',
      'prod-worker-2 worker 10.20.0.22 3104 pve2',
    ]);
    expect(def.plan.nodes[3].labels).toEqual({ 'node.example.com/pool': 'general' });
    expect(def.patches.common).toEqual([{ source: 'inline', text: 'machine:\n  time:\n    servers:\n      - time.cloudflare.com\n' }]);
    expect(def.paths.kubeconfigOutput).toBe(path.join(tmp, 'out/prod.kubeconfig'));
    expect(def.paths.managementKubeconfig).toBe(path.join(os.homedir(), '.kube/management.yaml'));
    expect(def.capiNamespace).toBe('prod');
  });

  test('the typed .ts form: export default defineCluster({...}) loads like YAML', () => {
    const file = path.join(tmp, 'typed.ts');
    const input = { ...goodInput(), name: undefined };
    fs.writeFileSync(file, `import { defineCluster } from ${JSON.stringify(path.join(REPO, 'stacks/definition'))};\nexport default defineCluster(${JSON.stringify(input)});\n`);
    const def = loadClusterDefinitionFile(file, tmp);
    // The name comes from the file name when the definition has none.
    expect(def.name).toBe('typed');
    expect(def.plan.nodes[0].name).toBe('typed-cp-1');
    expect(defineCluster(goodInput() as never)).toEqual(goodInput());
  });

  test('JSON works the same as YAML', () => {
    fs.writeFileSync(path.join(tmp, 'prod.json'), JSON.stringify(goodInput()));
    expect(loadClusterDefinitionFile('prod.json', tmp).plan.nodes).toHaveLength(5);
  });

  test('defaults: credentials, datastores, image, backend, firewall, Kubernetes from the contract', () => {
    const def = parseClusterDefinition(
      withChange((d) => {
        delete d.proxmox.credentials;
        delete d.kubernetes;
        d.talos.version = 'v1.12';
      }),
    );
    const s = def.spec;
    expect(s.proxmox.credentials).toEqual({ apiTokenEnv: 'PROXMOX_VE_API_TOKEN' });
    expect(s.proxmox).toMatchObject({ insecure: false, imageDatastore: 'local', vmDatastore: 'local-lvm' });
    expect(s.talos).toMatchObject({ extensions: ['siderolabs/qemu-guest-agent'], factoryUrl: 'https://factory.talos.dev', imageFormat: 'qcow2', installDisk: '/dev/sda' });
    expect(s.backend).toEqual({ kind: 'local' });
    expect(s.firewall).toEqual({ enabled: true, enableDatacenterFirewall: false });
    expect(s.clusterApi?.onDestroy).toBe('detach');
    expect(def.versions).toEqual({ contract: 'v1.12', release: 'v1.12.11', kubernetesVersion: '1.35.4' });
  });

  test('one run reports every problem of a file, sorted by path', () => {
    const bad = withChange((d) => {
      d.workers[0].ips[1] = '10.99.0.1';
      d.controlPlane.count = 4;
      d.network.vip = '10.20.0.11';
      d.proxmox.endpoint = 'http://pve';
      d.talos.version = 'v1.14';
      d.nmae = 'x';
    });
    let err: unknown;
    try {
      parseClusterDefinition(bad, { source: 'clusters/prod.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClusterDefinitionError);
    const lines = (err as ClusterDefinitionError).message.split('\n');
    expect(lines[0]).toBe('6 problems in 1 cluster definition:');
    expect(lines.slice(1).map((l) => l.split(': ')[1])).toEqual(['controlPlane.count', 'network.vip', 'nmae', 'proxmox.endpoint', 'talos.version', 'workers[0].ips[1]']);
    expect((err as ClusterDefinitionError).problems.map(formatProblem)).toEqual(lines.slice(1));
  });

  test('the example output in clusters/README.md is what the validator prints', () => {
    const readme = fs.readFileSync(path.join(REPO, 'clusters/README.md'), 'utf8');
    const block = /## Validation[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1].trimEnd().split('\n');
    const bad = withChange((d) => {
      d.network.vip = '10.30.0.5';
      d.controlPlane.count = 2;
      d.proxmox.credentials = { apiToken: 'root@pam!ci=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' };
      d.workers[0].memory_mib = d.workers[0].memoryMiB;
      delete d.workers[0].memoryMiB;
    });
    expect(block).toEqual(new ClusterDefinitionError(problemsOf(bad)).message.split('\n'));
    expect(() => parseClusterDefinition(bad, { source: 'clusters/prod.yaml' })).toThrow(ClusterDefinitionError);
  });

  test('numeric path segments sort as numbers (workers[2] before workers[10])', () => {
    const d = goodInput();
    d.workers = Array.from({ length: 11 }, (_, i) => ({ name: `w${i}`, count: 1, cores: 1, memoryMiB: 2048, diskGiB: 10, firstIp: `10.20.0.${30 + i}` }));
    d.workers[2].cores = 0;
    d.workers[10].cores = 0;
    // Found in definition order; sorted by the error.
    expect(problemsOf(d).map((p) => p.path.join('.'))).toEqual(['workers.2.cores', 'workers.10.cores']);
    const err = (() => {
      try {
        parseClusterDefinition(d);
      } catch (e) {
        return e as ClusterDefinitionError;
      }
      throw new Error('expected a ClusterDefinitionError');
    })();
    expect(err.problems.map((p) => formatPath(p.path))).toEqual(['workers[2].cores', 'workers[10].cores']);
    expect(sortProblems([...err.problems].reverse()).map((p) => formatPath(p.path))).toEqual(['workers[2].cores', 'workers[10].cores']);
  });

  test('every leaf field of the schema documents an example (the fix shown with its problems)', () => {
    const missing = leafPaths(clusterDefinitionSchema).filter((p) => {
      // Discriminators are documented by their union; list items by their list.
      const last = p[p.length - 1];
      if (last === 'kind') return exampleExactlyAt(clusterDefinitionSchema, p.slice(0, -1), undefined) === undefined;
      return exampleExactlyAt(clusterDefinitionSchema, p, undefined) === undefined && exampleExactlyAt(clusterDefinitionSchema, p.slice(0, -1), undefined) === undefined;
    });
    expect(missing.map((p) => p.join('.'))).toEqual([]);
  });
});

describe('management clusters the app declares (kind cluster and self)', () => {
  const write = (name: string, change: (d: Record<string, any>) => void) => {
    fs.mkdirSync(path.join(tmp, 'clusters'), { recursive: true });
    const d = withChange(change);
    d.name = name;
    d.proxmox.endpoint = `https://pve-${name}.example.com:8006/`;
    fs.writeFileSync(path.join(tmp, 'clusters', `${name}.json`), JSON.stringify(d));
  };

  test('a cluster managed by another of the app, and a self-managed one, load without problems', () => {
    write('mgmt', (d) => delete d.clusterApi);
    write('prod', (d) => (d.clusterApi.management = { kind: 'cluster', name: 'mgmt' }));
    write('tools', (d) => (d.clusterApi.management = { kind: 'self' }));
    const defs = loadClusterDefinitions('clusters', { cwd: tmp });
    expect(defs.map((d) => [d.name, d.spec.clusterApi?.management])).toEqual([
      ['mgmt', undefined],
      ['prod', { kind: 'cluster', name: 'mgmt' }],
      ['tools', { kind: 'self' }],
    ]);
    expect(defs.map((d) => managementClusterName(d))).toEqual([undefined, 'mgmt', 'tools']);
    // Neither names a file: nothing to resolve.
    expect(defs.map((d) => d.paths.managementKubeconfig)).toEqual([undefined, undefined, undefined]);
  });

  test('a chain ending outside the app; control planes made schedulable stand in for workers', () => {
    write('edge', (d) => (d.clusterApi.management = { kind: 'cluster', name: 'hub' }));
    write('hub', (d) => {
      d.workers = [];
      d.patches = { controlPlane: [{ inline: { cluster: { allowSchedulingOnControlPlanes: true } } }] };
    });
    const defs = loadClusterDefinitions('clusters', { cwd: tmp });
    expect(defs.map((d) => managementClusterName(d))).toEqual(['hub', undefined]);
    expect(checkAcrossClusters(defs)).toEqual([]);
  });
});

describe('the built-in lab default', () => {
  test('matches stacks/lab-cluster.ts: names, roles, addresses, endpoint, versions', () => {
    const def = labDefaultDefinition({ baseDir: tmp });
    expect(def.name).toBe(LAB_CLUSTER.clusterName);
    expect(def.plan.clusterEndpoint).toBe(LAB_CLUSTER.clusterEndpoint);
    expect(def.versions.contract).toBe(LAB_CLUSTER.talosVersion);
    expect(def.versions.kubernetesVersion).toBe(LAB_CLUSTER.kubernetesVersion);
    expect(def.plan.nodes.map((n) => [n.name, n.role, n.ip])).toEqual(LAB_CLUSTER.nodes.map((n) => [n.name, n.role, n.address]));
    expect(def.spec.clusterApi?.management).toEqual({ kind: 'lab' });
    expect(def.paths.kubeconfigOutput).toBe(path.join(tmp, '.lab/kubeconfig'));
    expect(def.paths.talosconfigOutput).toBe(path.join(tmp, '.lab/talosconfig'));
  });

  test('the simulator endpoint and a factory stand-in can be overridden', () => {
    const def = labDefaultDefinition({ proxmoxEndpoint: 'https://127.0.0.1:18006/', factoryUrl: 'http://127.0.0.1:9999' });
    expect(def.spec.proxmox.endpoint).toBe('https://127.0.0.1:18006/');
    expect(def.spec.talos.factoryUrl).toBe('http://127.0.0.1:9999');
  });
});

describe('mappings to stack props', () => {
  test("one plan: the Proxmox stage is handed the definition's plan, which is frozen, and planning its spec again gives the same", () => {
    for (const def of [parseClusterDefinition(goodInput()), labDefaultDefinition()]) {
      const spec = toProxmoxClusterSpec(def);
      expect(spec.plan).toBe(def.plan);
      expect(Object.isFrozen(def.plan) && Object.isFrozen(def.plan.nodes) && def.plan.nodes.every((n) => Object.isFrozen(n) && Object.isFrozen(n.labels))).toBe(true);
      const { plan: _given, ...props } = spec;
      expect(planProxmoxCluster(props)).toEqual(def.plan);
      // The Talos stage takes the same nodes and endpoint.
      const talos = toTalosConfigStackProps(def);
      expect(talos.clusterEndpoint).toBe(def.plan.clusterEndpoint);
      expect(talos.nodes.map((n) => [n.name, n.role, n.address, n.providerId])).toEqual(def.plan.nodes.map((n) => [n.name, n.role, n.ip, n.providerId]));
    }
  });

  test('the Talos stage gets the contract, nodes with providerIDs, patches per role and the VIP', () => {
    const def = parseClusterDefinition(
      withChange((d) => {
        d.patches = { common: ['machine:\n  install:\n    wipe: true\n'], worker: [{ inline: { machine: { sysctls: { 'vm.max_map_count': '262144' } } } }] };
        d.workers[0].labels = { 'node.example.com/pool': 'general' };
        d.outputs = { kubeconfig: 'out/prod.kubeconfig' };
      }),
    );
    const props = toTalosConfigStackProps(def);
    expect(props).toMatchObject({
      clusterName: 'prod',
      clusterEndpoint: 'https://10.20.0.10:6443',
      talosVersion: 'v1.13',
      kubernetesVersion: '1.36.3',
      installDisk: '/dev/sda',
      vip: { address: '10.20.0.10', link: 'ens18' },
    });
    expect(props.nodes[0]).toEqual({ name: 'prod-cp-1', role: 'controlplane', address: '10.20.0.11', providerId: def.plan.nodes[0].providerId, labels: undefined });
    expect(props.nodes[3].labels).toEqual({ 'node.example.com/pool': 'general' });
    // With Cluster API, the cloud controller's settings come first; the definition's patches follow.
    const ccm = cloudControllerPatches();
    expect(props.configPatches).toEqual([ccm.common, 'machine:\n  install:\n    wipe: true\n']);
    expect(props.controlPlanePatches).toEqual([ccm.controlPlane]);
    expect(props.workerPatches).toEqual(['machine:\n  sysctls:\n    vm.max_map_count: "262144"\n']);
    // Absolute: Terraform runs in the stack's directory, not next to the definition.
    expect(props.outputs).toEqual({ kubeconfig: def.paths.kubeconfigOutput, talosconfig: undefined });
    expect(props.outputs?.kubeconfig).toBe(path.resolve(def.baseDir, 'out/prod.kubeconfig'));
  });

  test('the cloud controller: on with Cluster API (talos-ccm by default), own manifests, or off; never without Cluster API', () => {
    const withApi = (cloudController?: unknown) =>
      toTalosConfigStackProps(parseClusterDefinition(withChange((d) => (d.clusterApi = { ...d.clusterApi, ...(cloudController === undefined ? {} : { cloudController }) }))));
    const ccm = cloudControllerPatches();
    expect(ccm.common).toContain(TALOS_CCM_MANIFEST);
    expect(ccm.controlPlane).toContain('os:reader');
    expect(withApi().configPatches?.[0]).toBe(ccm.common);
    const own = withApi({ manifests: ['https://example.com/ccm.yaml'] });
    expect(own.configPatches?.[0]).toBe(cloudControllerPatches({ manifests: ['https://example.com/ccm.yaml'] }).common);
    expect(own.configPatches?.[0]).not.toContain(TALOS_CCM_MANIFEST);
    const off = withApi({ enabled: false });
    expect([...(off.configPatches ?? []), ...(off.controlPlanePatches ?? [])].join('')).not.toContain('externalCloudProvider');
    const noApi = toTalosConfigStackProps(parseClusterDefinition(withChange((d) => delete d.clusterApi)));
    expect([...(noApi.configPatches ?? []), ...(noApi.controlPlanePatches ?? [])].join('')).not.toMatch(/externalCloudProvider|kubernetesTalosAPIAccess/);
  });

  test('Terraform Cloud workspace names: <prefix><cluster>-<stage>; none with the local backend', () => {
    const cloud = parseClusterDefinition(withChange((d) => (d.backend = { kind: 'cloud', organization: 'acme', workspacePrefix: 'ptc-' })));
    expect(cloud.spec.backend).toEqual({ kind: 'cloud', organization: 'acme', workspacePrefix: 'ptc-', hostname: 'app.terraform.io' });
    // The prefix as written, then the stack id (<cluster>-<stage>).
    expect(cloudWorkspaceName(cloud.spec.backend.kind === 'cloud' ? cloud.spec.backend.workspacePrefix : '', 'prod-nodes', '')).toBe('ptc-prod-nodes');
    expect(parseClusterDefinition(goodInput()).spec.backend).toEqual({ kind: 'local' });
  });
});
