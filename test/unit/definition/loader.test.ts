/**
 * loadClusterDefinitions over temporary directories: which files count, the lab default when
 * there are none, files read relative to the definition, problems of every file (and between
 * files) reported together.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ClusterDefinitionError, LAB_DEFAULT_SOURCE, loadClusterDefinitions, parseClusterDefinition } from '../../../stacks/definition';
import { goodInput, type Mutable } from './fixtures';

let cwd: string;
let dir: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-def-load-'));
  dir = path.join(cwd, 'clusters');
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

function write(rel: string, content: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function writeDef(rel: string, change: (d: Mutable) => void = () => undefined): void {
  const d = goodInput();
  change(d);
  write(rel, rel.endsWith('.json') ? JSON.stringify(d) : stringify(d));
}

/** A second cluster that clashes with nothing of goodInput(). */
function otherCluster(d: Mutable): void {
  d.name = 'staging';
  d.vmidBase = 4100;
  d.network.attachment.vlanId = 30;
  d.outputs = {};
}

function problemLines(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ClusterDefinitionError) return err.message.split('\n').slice(1);
    throw err;
  }
  throw new Error('expected a ClusterDefinitionError');
}

const load = () => loadClusterDefinitions('clusters', { cwd });

describe('loadClusterDefinitions', () => {
  test('no clusters directory: the lab default', () => {
    fs.rmSync(dir, { recursive: true });
    const defs = load();
    expect(defs.map((d) => [d.name, d.source])).toEqual([['lab', LAB_DEFAULT_SOURCE]]);
    expect(defs[0].paths.kubeconfigOutput).toBe(path.join(cwd, '.lab/kubeconfig'));
  });

  test('only the README, the sample, hidden/underscore files and subdirectories: the lab default', () => {
    write('README.md', '# docs');
    write('example.yaml.sample', stringify(goodInput()));
    write('.draft.yaml', 'name: [');
    write('_disabled.yaml', 'name: [');
    write('patches/common.yaml', 'machine: {}');
    write('notes.txt', 'hello');
    expect(load().map((d) => d.name)).toEqual(['lab']);
  });

  test('a caller-supplied fallback replaces the lab default', () => {
    const fallback = parseClusterDefinition(goodInput(), { source: 'fallback' });
    expect(loadClusterDefinitions('clusters', { cwd, fallback: () => fallback })).toEqual([fallback]);
  });

  test('several clusters, sorted by file, each from its own format', () => {
    writeDef('prod.yaml');
    writeDef('staging.json', otherCluster);
    writeDef('dev.yml', (d) => {
      otherCluster(d);
      d.name = 'dev';
      d.vmidBase = 5100;
      d.network.attachment.vlanId = 40;
    });
    const defs = load();
    expect(defs.map((d) => [d.name, d.source, d.plan.nodes.length])).toEqual([
      ['dev', 'clusters/dev.yml', 5],
      ['prod', 'clusters/prod.yaml', 5],
      ['staging', 'clusters/staging.json', 5],
    ]);
    expect(defs[1].file).toBe(path.join(dir, 'prod.yaml'));
  });

  test('patch files and the CA are read relative to the definition', () => {
    write('patches/cp.yaml', 'cluster:\n  allowSchedulingOnControlPlanes: false\n');
    write('certs/ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeDef('prod.yaml', (d) => {
      d.patches = { controlPlane: [{ file: 'patches/cp.yaml' }] };
      d.proxmox.caFile = 'certs/ca.pem';
    });
    const [def] = load();
    expect(def.patches.controlPlane).toEqual([{ source: path.join(dir, 'patches/cp.yaml'), text: 'cluster:\n  allowSchedulingOnControlPlanes: false\n' }]);
    expect(def.paths.caFile).toBe(path.join(dir, 'certs/ca.pem'));
  });

  test('missing and invalid patch files, and a CA file that is not PEM, are problems', () => {
    write('patches/json.yaml', '[{"op": "add", "path": "/machine/x", "value": 1}]');
    write('certs/ca.pem', 'not a certificate');
    writeDef('prod.yaml', (d) => {
      d.patches = { common: [{ file: 'patches/missing.yaml' }], worker: [{ file: 'patches/json.yaml' }] };
      d.proxmox.caFile = 'certs/ca.pem';
    });
    const lines = problemLines(load);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^clusters\/prod\.yaml: patches\.common\[0\]\.file: "patches\/missing\.yaml" cannot be read \(no such file: .*patches\/missing\.yaml\); paths are relative to the definition file\. Example: file: patches\/missing\.yaml$/,
    );
    expect(lines[1]).toMatch(/^clusters\/prod\.yaml: patches\.worker\[0\]\.file: "patches\/json\.yaml" is a JSON \(RFC 6902\) patch/);
    expect(lines[2]).toMatch(/^clusters\/prod\.yaml: proxmox\.caFile: .*ca\.pem holds no PEM certificate\. Example: caFile:/);
  });

  test('cluster names are unique across files', () => {
    writeDef('a.yaml');
    writeDef('b.yaml', (d) => {
      otherCluster(d);
      d.name = 'prod';
    });
    expect(problemLines(load)).toEqual([
      'clusters/b.yaml: name: "prod" is also the name of the cluster in clusters/a.yaml; names must be unique (they name the stacks, the Proxmox pool and the Cluster API objects). Example: name: prod-2',
    ]);
  });

  test('clusters on the same Proxmox VE must not share VMIDs, SDN objects, addresses on one segment or output files', () => {
    writeDef('a.yaml', (d) => {
      d.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'shared', vnetId: 'sharednt' };
      d.outputs = { kubeconfig: 'out/kubeconfig' };
    });
    writeDef('b.yaml', (d) => {
      d.name = 'other';
      d.vmidBase = 3102;
      d.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'shared', vnetId: 'sharednt' };
      d.controlPlane.firstIp = '10.20.0.31';
      d.workers[0].ips = ['10.20.0.41', '10.20.0.22'];
      d.outputs = { kubeconfig: 'out/kubeconfig' };
    });
    const lines = problemLines(load).map((l) => l.replace(/ Example: .*$/, ''));
    expect(lines).toEqual([
      "clusters/b.yaml: network.attachment.vnetId: SDN VNet sharednt is also created by clusters/a.yaml on the same Proxmox VE; destroying one cluster would remove the other's network.",
      "clusters/b.yaml: network.attachment.zoneId: SDN zone shared is also created by clusters/a.yaml on the same Proxmox VE; destroying one cluster would remove the other's network.",
      'clusters/b.yaml: network.vip: 10.20.0.10 (the VIP) is also the VIP of clusters/a.yaml on the same network segment.',
      `clusters/b.yaml: outputs.kubeconfig: ${path.join(dir, 'out/kubeconfig')} is also where clusters/a.yaml writes its kubeconfig.`,
      'clusters/b.yaml: vmidBase: gives node other-cp-1 VMID 3102, also the VMID of node prod-cp-3 of clusters/a.yaml on the same Proxmox VE (VMIDs are unique cluster-wide).',
      'clusters/b.yaml: workers[0].ips[1]: 10.20.0.22 (node other-worker-2) is also node prod-worker-2 of clusters/a.yaml on the same network segment.',
    ]);
  });

  test("another cluster's node VMIDs must not take a Talos template VM's VMID (vmidBase - 1 with clusterApi)", () => {
    writeDef('a.yaml');
    writeDef('b.yaml', (d) => {
      otherCluster(d);
      d.vmidBase = 3105;
    });
    expect(problemLines(load).map((l) => l.replace(/ Example: .*$/, ''))).toEqual([
      'clusters/b.yaml: vmidBase: gives the Talos template VM VMID 3104, also the VMID of node prod-worker-2 of clusters/a.yaml on the same Proxmox VE (VMIDs are unique cluster-wide).',
    ]);
  });

  test('the same VMIDs and addresses on different Proxmox VE clusters are fine', () => {
    writeDef('a.yaml');
    writeDef('b.yaml', (d) => {
      d.name = 'other';
      d.proxmox.endpoint = 'https://pve-dr.example.com:8006/';
    });
    expect(load().map((d) => d.name)).toEqual(['prod', 'other']);
  });

  test('problems of every file come together, sorted by file then path', () => {
    writeDef('b.yaml', (d) => {
      otherCluster(d);
      d.controlPlane.count = 2;
    });
    writeDef('a.yaml', (d) => (d.network.vip = '10.20.0.11'));
    write('c.yaml', 'name: c\nproxmox:\n  endpoint: [\n');
    write('d.yaml', 'name: d\n---\nname: e\n');
    write('e.yaml', '');
    write('f.json', '{"name": ');
    write('g.ts', 'throw new Error("boom");\n');
    write('h.yaml', 'name: h\nname: again\n');
    const lines = problemLines(load).map((l) => l.replace(/ Example: .*$/, ''));
    expect(lines[0]).toBe('clusters/a.yaml: network.vip: 10.20.0.11 is the address of node prod-cp-1 (controlPlane.firstIp); the VIP must be a free address.');
    expect(lines[1]).toMatch(/^clusters\/b\.yaml: controlPlane\.count: 2 is even/);
    expect(lines[2]).toMatch(/^clusters\/c\.yaml: \(file\): line \d+, column \d+: /);
    expect(lines[3]).toBe('clusters/d.yaml: (file): holds 2 YAML documents; a file defines one cluster.');
    expect(lines[4]).toBe('clusters/e.yaml: (file): is empty.');
    expect(lines[5]).toMatch(/^clusters\/f\.json: \(file\): is not valid JSON: /);
    expect(lines[6]).toBe('clusters/g.ts: (file): cannot be loaded: boom.');
    expect(lines[7]).toMatch(/^clusters\/h\.yaml: \(file\): line 2, column 1: Map keys must be unique/);
    expect(lines).toHaveLength(8);
  });

  test('a definition without a name takes the file name; a file name that is no DNS label is a problem', () => {
    writeDef('My Cluster.yaml', (d) => delete d.name);
    expect(problemLines(load)).toEqual([
      'clusters/My Cluster.yaml: name: "My Cluster" is not a DNS label (lowercase letters, digits and inner dashes, at most 40 characters) (taken from the file name; rename the file or set name in it). Example: name: prod',
    ]);
  });

  test('a YAML definition that is a list, not a mapping', () => {
    write('prod.yaml', '- name: prod\n');
    expect(problemLines(load)).toEqual([
      'clusters/prod.yaml: (file): [{"name":"prod"}] is a list; expected a mapping (key: value lines). Example: a mapping of name, proxmox, network, talos, vmidBase, controlPlane, ... as in clusters/example.yaml.sample',
    ]);
  });
});
