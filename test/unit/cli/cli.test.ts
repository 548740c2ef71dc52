import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../providers/cli/main';
import { parseMachineConfig, findDocument, type ConfigObject } from '../../../providers/talos/config';
import { parseTalosconfig } from '../../../providers/talos/clientconfig';
import { parseSecretsYaml } from '../../../providers/talos/secrets';

const REPO_ROOT = resolve(__dirname, '../../..');
const GOLDEN = resolve(REPO_ROOT, 'test/unit/talos/config/golden');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
  copyFileSync(join(GOLDEN, 'secrets.yaml'), join(dir, 'secrets.yaml'));
  return dir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('ptc talos gen config', () => {
  test('writes controlplane.yaml, worker.yaml and talosconfig (mode 0600) without printing secrets', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'disk.yaml'), 'machine:\n  install:\n    disk: /dev/vda\n');
    writeFileSync(join(dir, 'cp.yaml'), 'cluster:\n  allowSchedulingOnControlPlanes: true\n');
    writeFileSync(join(dir, 'worker.yaml.patch'), 'machine:\n  nodeLabels:\n    role: worker\n');
    const r = await run(
      [
        'talos', 'gen', 'config', 'demo', 'https://10.0.0.10:6443',
        '--with-secrets', 'secrets.yaml', '--kubernetes-version', '1.36.3', '--talos-version', 'v1.13', '--output-dir', 'out',
        '--config-patch', '@disk.yaml', '--config-patch-control-plane', '@cp.yaml', '--config-patch-worker', '@worker.yaml.patch',
        '--additional-sans', 'a.example.com,10.0.0.5', '--additional-sans', 'b.example.com', '--dns-domain', 'demo.internal',
      ],
      dir,
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    for (const f of ['controlplane.yaml', 'worker.yaml', 'talosconfig']) {
      expect(mode(join(dir, 'out', f))).toBe(0o600);
      expect(r.stderr).toContain(`Created ${join(dir, 'out', f)}`);
    }
    const secrets = parseSecretsYaml(readFileSync(join(dir, 'secrets.yaml'), 'utf8'));
    expect(r.stdout + r.stderr).not.toContain(Buffer.from(secrets.certs.os.key).toString('base64').slice(0, 40));
    expect(r.stdout + r.stderr).not.toContain(secrets.secrets.bootstrapToken);

    const cp = parseMachineConfig(readFileSync(join(dir, 'out', 'controlplane.yaml'), 'utf8'));
    const worker = parseMachineConfig(readFileSync(join(dir, 'out', 'worker.yaml'), 'utf8'));
    const cpMain = cp[0] as { machine: ConfigObject; cluster: ConfigObject };
    const workerMain = worker[0] as { machine: ConfigObject; cluster: ConfigObject };
    expect((cpMain.machine.install as ConfigObject).disk).toBe('/dev/vda');
    expect((workerMain.machine.install as ConfigObject).disk).toBe('/dev/vda');
    expect(cpMain.cluster.allowSchedulingOnControlPlanes).toBe(true);
    expect(workerMain.cluster.allowSchedulingOnControlPlanes).toBeUndefined();
    expect(workerMain.machine.nodeLabels).toEqual({ role: 'worker' });
    expect(cpMain.machine.certSANs).toEqual(['a.example.com', '10.0.0.5', 'b.example.com']);
    expect((cpMain.cluster.network as ConfigObject).dnsDomain).toBe('demo.internal');
    expect(findDocument(cp, 'HostnameConfig')).toBeDefined();

    const talosconfig = parseTalosconfig(readFileSync(join(dir, 'out', 'talosconfig'), 'utf8'));
    expect(talosconfig.context).toBe('demo');
    expect(talosconfig.contexts.demo.ca).toBe(secrets.certs.os.crt);
  });

  test('refuses to overwrite without --force, overwrites with it', async () => {
    const dir = tempDir();
    const args = ['talos', 'gen', 'config', 'demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml'];
    expect((await run(args, dir)).code).toBe(0);
    const before = readFileSync(join(dir, 'controlplane.yaml'), 'utf8');
    const again = await run(args, dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`file "${join(dir, 'controlplane.yaml')}" already exists, use --force to overwrite`);
    const forced = await run([...args, '--force', '--install-disk', '/dev/nvme0n1'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'controlplane.yaml'), 'utf8')).not.toBe(before);
    expect(readFileSync(join(dir, 'controlplane.yaml'), 'utf8')).toContain('disk: /dev/nvme0n1');
  });

  test.each<[string, string[], number, RegExp]>([
    ['missing arguments', ['demo'], 2, /gen config accepts 2 arguments \(<cluster name> <cluster endpoint>\), received 1/],
    ['an unknown flag', ['demo', 'https://10.0.0.10:6443', '--with-doc'], 2, /Unknown option '--with-doc'/],
    ['a flag without its value', ['demo', 'https://10.0.0.10:6443', '--with-secrets'], 2, /--with-secrets/],
    ['an endpoint without scheme', ['demo', '10.0.0.10:6443'], 2, /cluster endpoint: "10\.0\.0\.10:6443" has no scheme; use https:\/\/10\.0\.0\.10:6443/],
    ['an http endpoint', ['demo', 'http://10.0.0.10:6443'], 2, /must use https:\/\//],
    ['an unknown contract', ['demo', 'https://10.0.0.10:6443', '--talos-version', 'v1.14'], 2, /--talos-version: contract v1\.14 is not supported/],
    ['Kubernetes outside the range', ['demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml', '--kubernetes-version', '1.30.0'], 1, /kubernetesVersion: Kubernetes 1\.30\.0 is too old/],
    ['a missing secrets file', ['demo', 'https://10.0.0.10:6443', '--with-secrets', 'nope.yaml'], 1, /failed to load secrets bundle: ENOENT/],
    ['a patch that does not apply', ['demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml', '--config-patch', '[{"op":"add","path":"/machine/x","value":1}]'], 1, /error patching configs: patch #1 \(inline\): JSON6902 patches are not supported for multi-document machine configuration/],
    ['an invalid patch', ['demo', 'https://10.0.0.10:6443', '--config-patch-worker', 'machine:\n  bogus: 1'], 1, /--config-patch-worker: error parsing config patch: patch #1 \(inline\): machine\.bogus/],
    ['stdout output', ['demo', 'https://10.0.0.10:6443', '-o', '-'], 2, /--output-dir: writing configs to stdout is not supported/],
  ])('%s is reported', async (_name, args, code, message) => {
    const dir = tempDir();
    const r = await run(['talos', 'gen', 'config', ...args], dir);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'controlplane.yaml'))).toBe(false);
  });
});

describe('ptc talos gen secrets', () => {
  test('writes a parseable bundle with mode 0600 and prints no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    const r = await run(['talos', 'gen', 'secrets', '-o', 'secrets.yaml'], dir);
    expect(r.code).toBe(0);
    const path = join(dir, 'secrets.yaml');
    expect(mode(path)).toBe(0o600);
    const bundle = parseSecretsYaml(readFileSync(path, 'utf8'));
    expect(r.stdout + r.stderr).not.toContain(bundle.cluster.secret);
    expect(r.stderr).toBe(`Created ${path}\n`);
    const again = await run(['talos', 'gen', 'secrets', '-o', 'secrets.yaml'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists, use --force to overwrite/);
  }, 60_000);

  test('refuses stdout and positional arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    expect((await run(['talos', 'gen', 'secrets', '-o', '-'], dir)).stderr).toMatch(/--output-file: writing secrets to stdout is not supported/);
    expect((await run(['talos', 'gen', 'secrets', 'extra'], dir)).code).toBe(2);
  });
});

describe('ptc', () => {
  test('help, version and unknown commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    expect((await run(['--help'], dir)).stdout).toMatch(/talos gen config/);
    expect((await run(['talos', 'gen', 'config', '--help'], dir)).stdout).toMatch(/--config-patch-control-plane/);
    expect((await run(['version'], dir)).stdout).toBe('ptc (Talos machinery v1.13.9)\n');
    const unknown = await run(['talos', 'gen', 'kubeconfig'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "talos gen kubeconfig"/);
  });

  test('the package bin launcher runs the CLI as a child process', () => {
    const dir = tempDir();
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'providers/cli/ptc.cjs'), 'talos', 'gen', 'config', 'demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
    expect(readFileSync(join(dir, 'worker.yaml'), 'utf8')).toMatch(/^version: v1alpha1\n/);
  }, 60_000);
});
