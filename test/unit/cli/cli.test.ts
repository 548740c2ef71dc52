import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../providers/cli/main';
import { parseMachineConfig, findDocument, type ConfigObject } from '../../../providers/machinery/config';
import { parseTalosconfig } from '../../../providers/machinery/clientconfig';
import { parseSecretsYaml } from '../../../providers/machinery/secrets';

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
        'talos',
        'gen',
        'config',
        'demo',
        'https://10.0.0.10:6443',
        '--with-secrets',
        'secrets.yaml',
        '--kubernetes-version',
        '1.36.3',
        '--talos-version',
        'v1.13',
        '--output-dir',
        'out',
        '--config-patch',
        '@disk.yaml',
        '--config-patch-control-plane',
        '@cp.yaml',
        '--config-patch-worker',
        '@worker.yaml.patch',
        '--additional-sans',
        'a.example.com,10.0.0.5',
        '--additional-sans',
        'b.example.com',
        '--dns-domain',
        'demo.internal',
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
    [
      'a patch that does not apply',
      ['demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml', '--config-patch', '[{"op":"add","path":"/machine/x","value":1}]'],
      1,
      /error patching configs: patch #1 \(inline\): JSON6902 patches are not supported for multi-document machine configuration/,
    ],
    [
      'an invalid patch',
      ['demo', 'https://10.0.0.10:6443', '--config-patch-worker', 'machine:\n  bogus: 1'],
      1,
      /--config-patch-worker: error parsing config patch: patch #1 \(inline\): machine\.bogus/,
    ],
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

describe('ptc writes files safely', () => {
  const CONFIG = ['talos', 'gen', 'config', 'demo', 'https://10.0.0.10:6443', '--with-secrets', 'secrets.yaml'];
  /** One line, no stack trace, exit 1. */
  const failsWith = (r: { code: number; stderr: string }, message: string) => {
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: ${message}\n`);
  };

  test('a symbolic link at the output is refused, with or without --force; the link and its target are untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target'), 'precious\n', { mode: 0o644 });
    chmodSync(join(dir, 'target'), 0o644);
    symlinkSync(join(dir, 'target'), join(dir, 'link.yaml'));
    for (const force of [[], ['--force']]) {
      const r = await run(['talos', 'gen', 'secrets', '-o', 'link.yaml', ...force], dir);
      failsWith(r, `${join(dir, 'link.yaml')} is a symbolic link (to ${join(dir, 'target')}); links are never written through or replaced: give the path of the real file, or remove the link`);
    }
    expect(readlinkSync(join(dir, 'link.yaml'))).toBe(join(dir, 'target'));
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('precious\n');
    expect(mode(join(dir, 'target'))).toBe(0o644);
    // gen config: the talosconfig is a link; no file of the three is written.
    symlinkSync(join(dir, 'target'), join(dir, 'talosconfig'));
    failsWith(
      await run([...CONFIG, '--force'], dir),
      `${join(dir, 'talosconfig')} is a symbolic link (to ${join(dir, 'target')}); links are never written through or replaced: give the path of the real file, or remove the link`,
    );
    expect(existsSync(join(dir, 'controlplane.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'worker.yaml'))).toBe(false);
  });

  test('a directory at the output is refused before secrets are generated; nothing is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    mkdirSync(join(dir, 'secrets.yaml'));
    failsWith(await run(['talos', 'gen', 'secrets', '--force'], dir), `${join(dir, 'secrets.yaml')} is a directory; remove it or choose another path`);
    expect(readdirSync(dir)).toEqual(['secrets.yaml']);
    expect(readdirSync(join(dir, 'secrets.yaml'))).toEqual([]);
  });

  test('/proc, /dev, a FIFO and a path below a file are refused at once (no hang, no partial file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    failsWith(
      await run(['talos', 'gen', 'secrets', '-o', '/proc/x'], dir),
      '/proc/x is under /proc, which holds kernel and device entries, not files; choose a path in your home or project directory',
    );
    failsWith(
      await run(['talos', 'gen', 'secrets', '-o', '/dev/ptc-secrets.yaml'], dir),
      '/dev/ptc-secrets.yaml is under /dev, which holds kernel and device entries, not files; choose a path in your home or project directory',
    );
    failsWith(await run(['talos', 'gen', 'secrets', '-o', 'fifo', '--force'], dir), `${join(dir, 'fifo')} is a FIFO (named pipe), not a regular file; choose another path`);
    failsWith(
      await run(['talos', 'gen', 'secrets', '-o', '/dev/null', '--force'], dir),
      '/dev/null is under /dev, which holds kernel and device entries, not files; choose a path in your home or project directory',
    );
    writeFileSync(join(dir, 'plain'), 'x');
    failsWith(await run([...CONFIG.slice(0, 5), '-o', 'plain/out'], dir), `cannot create the directory ${join(dir, 'plain', 'out')}: part of it is a file; choose another path`);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'plain']);
    expect(existsSync('/dev/ptc-secrets.yaml')).toBe(false);
  });

  test('gen config: one existing file without --force writes none of the three; the existing one is intact', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'worker.yaml'), 'mine\n');
    failsWith(await run(CONFIG, dir), `file "${join(dir, 'worker.yaml')}" already exists, use --force to overwrite`);
    expect(readFileSync(join(dir, 'worker.yaml'), 'utf8')).toBe('mine\n');
    expect(readdirSync(dir).sort()).toEqual(['secrets.yaml', 'worker.yaml']);
  });

  test('--force replaces regular files atomically (a new inode, mode 0600) and leaves no temporary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'controlplane.yaml'), 'old\n', { mode: 0o644 });
    chmodSync(join(dir, 'controlplane.yaml'), 0o644);
    const ino = statSync(join(dir, 'controlplane.yaml')).ino;
    expect((await run([...CONFIG, '--force'], dir)).code).toBe(0);
    expect(statSync(join(dir, 'controlplane.yaml')).ino).not.toBe(ino);
    expect(mode(join(dir, 'controlplane.yaml'))).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['controlplane.yaml', 'secrets.yaml', 'talosconfig', 'worker.yaml']);
  });

  test('a read-only directory: exit 1 with one line naming the path, old files intact, nothing new', () => {
    const root = mkdtempSync(join(tmpdir(), 'ptc-cli-'));
    chmodSync(root, 0o755);
    const ro = join(root, 'ro');
    mkdirSync(ro);
    copyFileSync(join(GOLDEN, 'secrets.yaml'), join(ro, 'secrets.yaml'));
    writeFileSync(join(ro, 'talosconfig'), 'old\n');
    chmodSync(join(ro, 'secrets.yaml'), 0o644);
    chmodSync(join(ro, 'talosconfig'), 0o644);
    chmodSync(ro, 0o555);
    // Root writes anywhere through CAP_DAC_OVERRIDE: drop it (setpriv, util-linux) so the mode counts.
    // Same user, so the CLI and node stay readable wherever the checkout is.
    const cli = [process.execPath, join(REPO_ROOT, 'providers/cli/ptc.cjs'), ...CONFIG.slice(0, 5), '--with-secrets', join(ro, 'secrets.yaml'), '-o', ro, '--force'];
    const dropDac = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search'];
    const [cmd, ...args] = process.getuid?.() === 0 ? [...dropDac, ...cli] : cli;
    const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: root } });
    expect(r.stderr).toBe(`Error: no permission to write ${join(ro, 'controlplane.yaml')} in ${ro}; choose a directory you own (nothing was changed)\n`);
    expect(r.status).toBe(1);
    expect(readdirSync(ro).sort()).toEqual(['secrets.yaml', 'talosconfig']);
    expect(readFileSync(join(ro, 'talosconfig'), 'utf8')).toBe('old\n');
  }, 60_000);
});
