/**
 * Builds the real bpg/proxmox Terraform provider from the Go module proxy at a pinned tag and
 * places it in the project's filesystem mirror (unpacked layout) under its registry address, so
 * `terraform init` works offline. Users with registry access resolve the same address and version
 * from the registry instead: the stacks do not change.
 *
 *   npx tsx tools/build/proxmox-provider.ts          # build (cached) + mirror; prints the path
 *   PTC_CACHE_DIR=/dir   … cache root (default ~/.cache/proxmox-talos-capi)
 *   PTC_PROXMOX_FORCE=1  … rebuild even when the cached binary reports the pinned version
 */
import { spawn, execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The one pin for the bpg provider: build, mirror, bindings and tests read it from here. */
export const BPG_PROXMOX = {
  goModule: 'github.com/bpg/terraform-provider-proxmox',
  version: '0.111.1',
  /** `go` directive of the tag's go.mod: the oldest toolchain that can build it. */
  goMinimum: '1.26.0',
  /** goreleaser sets this variable for release builds; `go install` would leave it at "dev". */
  versionVariable: 'main.version',
  hostname: 'registry.terraform.io',
  /**
   * Every registry host the mirror serves it under. The short source `bpg/proxmox` means
   * registry.terraform.io to Terraform and registry.opentofu.org to OpenTofu (each engine's own
   * public registry, which both publish bpg's signed releases), so the same stacks install it
   * offline under either engine.
   */
  mirrorHosts: ['registry.terraform.io', 'registry.opentofu.org'],
  namespace: 'bpg',
  type: 'proxmox',
  /** Short source as written in `required_providers` and cdktf constraints. */
  source: 'bpg/proxmox',
} as const;

export interface EnsureProxmoxProviderOptions {
  /** Cache root for GOMODCACHE/GOCACHE/GOBIN. Default `$PTC_CACHE_DIR` or `~/.cache/proxmox-talos-capi`. */
  cacheDir?: string;
  /** Filesystem mirror root. Default `<repo>/dist/mirror`. */
  mirrorDir?: string;
  /** Rebuild even if the cached binary already reports the pinned version. */
  force?: boolean;
  /** Progress sink (default: stderr). */
  log?: (line: string) => void;
}

export interface EnsuredProvider {
  /** Absolute path of the executable inside the mirror. */
  executable: string;
  /** Mirror root that holds it (point `filesystem_mirror.path` here). */
  mirrorDir: string;
  /** False when the cached binary was reused. */
  built: boolean;
  /** Wall time of this call in seconds. */
  seconds: number;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PTC_CACHE_DIR || path.join(os.homedir(), '.cache', 'proxmox-talos-capi');
}

/** `<mirror>/<host>/<ns>/<type>/<version>/<os_arch>/terraform-provider-<type>_v<version>` (unpacked layout). */
export function mirrorExecutablePath(mirrorDir: string, platform: string, hostname: string = BPG_PROXMOX.hostname): string {
  const p = BPG_PROXMOX;
  return path.join(mirrorDir, hostname, p.namespace, p.type, p.version, platform, `terraform-provider-${p.type}_v${p.version}`);
}

/**
 * `go install m@v` refuses modules whose go.mod has replace or exclude directives; report them
 * before a long build fails halfway. Returns the offending directive lines (empty when fine).
 */
export function forbiddenGoModDirectives(goModText: string): string[] {
  return goModText
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => /^(replace|exclude)(\s|\(|$)/.test(line));
}

/** Compares dotted Go versions (`1.26.8` vs `1.26.0`); pre-release suffixes are ignored. */
export function goVersionAtLeast(actual: string, minimum: string): boolean {
  const parse = (v: string): number[] =>
    v
      .replace(/^go/, '')
      .split(/[^0-9.]/)[0]
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const a = parse(actual);
  const m = parse(minimum);
  for (let i = 0; i < Math.max(a.length, m.length); i++) {
    const d = (a[i] ?? 0) - (m[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

async function goEnv(env: NodeJS.ProcessEnv, ...keys: string[]): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync('go', ['env', ...keys], { env });
    return stdout.trimEnd().split('\n');
  } catch (err) {
    throw new Error(`cannot run 'go' (${(err as Error).message.split('\n')[0]}): install Go >= ${BPG_PROXMOX.goMinimum} from https://go.dev/dl and put it on PATH`);
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Module version recorded in the binary's build info (`go version -m`), or undefined. */
async function builtModuleVersion(binary: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!(await isExecutable(binary))) return undefined;
  try {
    const { stdout } = await execFileAsync('go', ['version', '-m', binary], { env });
    const line = stdout.split('\n').find((l) => {
      const f = l.trim().split(/\s+/);
      return f[0] === 'mod' && f[1] === BPG_PROXMOX.goModule;
    });
    return line?.trim().split(/\s+/)[2];
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // Go prints download/compile progress on stderr; pass it through so slow cold builds are visible.
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`))));
  });
}

async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([fs.readFile(a), fs.readFile(b)]);
    return x.equals(y);
  } catch {
    return false;
  }
}

/** Builds (or reuses) the pinned provider and makes sure the mirror holds that exact binary. */
export async function ensureProxmoxProvider(options: EnsureProxmoxProviderOptions = {}): Promise<EnsuredProvider> {
  const started = process.hrtime.bigint();
  const log = options.log ?? ((line: string) => process.stderr.write(`[proxmox-provider] ${line}\n`));
  const pin = BPG_PROXMOX;
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const mirrorDir = path.resolve(options.mirrorDir ?? path.join(REPO_ROOT, 'dist', 'mirror'));
  const gobin = path.join(cacheDir, 'go', 'bin', `bpg-proxmox-${pin.version}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOMODCACHE: path.join(cacheDir, 'go', 'mod'),
    GOCACHE: path.join(cacheDir, 'go', 'build'),
    // One GOBIN per pinned version, so a version bump never reuses an older binary.
    GOBIN: gobin,
    CGO_ENABLED: '0',
    // Built from the module zip: there is no VCS checkout to stamp.
    GOFLAGS: /(^|\s)-buildvcs=/.test(process.env.GOFLAGS ?? '') ? process.env.GOFLAGS : [process.env.GOFLAGS, '-buildvcs=false'].filter(Boolean).join(' '),
  };
  const [goVersion, goToolchain, goos, goarch, goProxy] = await goEnv(env, 'GOVERSION', 'GOTOOLCHAIN', 'GOOS', 'GOARCH', 'GOPROXY');
  const binary = path.join(gobin, 'terraform-provider-proxmox');
  let built = false;

  if (!options.force && (await builtModuleVersion(binary, env)) === `v${pin.version}`) {
    log(`cached: ${binary} (${pin.goModule}@v${pin.version})`);
  } else {
    if (!goVersionAtLeast(goVersion, pin.goMinimum) && goToolchain === 'local') {
      throw new Error(`${goVersion} is older than go${pin.goMinimum}, which ${pin.goModule}@v${pin.version} requires: install a newer Go or set GOTOOLCHAIN=go${pin.goMinimum}+auto`);
    }
    await Promise.all([env.GOMODCACHE, env.GOCACHE, gobin].map((d) => fs.mkdir(d as string, { recursive: true })));
    log(`building ${pin.goModule}@v${pin.version} with ${goVersion} (cache: ${cacheDir})`);
    const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', `${pin.goModule}@v${pin.version}`], { env });
    const info = JSON.parse(stdout) as { GoMod?: string; Error?: string };
    if (!info.GoMod) throw new Error(`go mod download ${pin.goModule}@v${pin.version}: ${info.Error ?? 'no go.mod returned'}`);
    const forbidden = forbiddenGoModDirectives(await fs.readFile(info.GoMod, 'utf8'));
    if (forbidden.length > 0) {
      throw new Error(`${pin.goModule}@v${pin.version} has ${forbidden.join('; ')}: 'go install' cannot build it, pin another tag`);
    }
    // `go install m@v` also lists the module's versions to report deprecations, and some proxies
    // (this project's sandboxed one included) refuse `@v/list` for it. The module cache that
    // `go mod download` just filled is a valid GOPROXY tree, so it answers first; what it lacks
    // falls through (404 -> ",") to the configured proxy. go.sum/GOSUMDB checks still apply.
    // `go install` rewrites its target in place; a concurrent build (another test run, npm start)
    // would leave a reader with a half-written binary. Each build installs into its own directory
    // and renames the checked result over the cached one (atomic on one filesystem).
    const staging = `${gobin}.partial-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    try {
      const installEnv = { ...env, GOBIN: staging, GOPROXY: `file://${env.GOMODCACHE}/cache/download,${goProxy}` };
      const ldflags = `-s -w -X ${pin.versionVariable}=${pin.version}`;
      await run('go', ['install', '-trimpath', '-ldflags', ldflags, `${pin.goModule}@v${pin.version}`], installEnv);
      const staged = path.join(staging, path.basename(binary));
      const reported = await builtModuleVersion(staged, env);
      if (reported !== `v${pin.version}`) throw new Error(`built ${staged} reports ${reported ?? 'no module version'}, expected v${pin.version}`);
      await fs.rename(staged, binary);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
    built = true;
  }

  // Reported: the copy under Terraform's registry host (the one the bindings and tools name).
  const executable = mirrorExecutablePath(mirrorDir, `${goos}_${goarch}`);
  for (const host of pin.mirrorHosts) {
    const target = mirrorExecutablePath(mirrorDir, `${goos}_${goarch}`, host);
    if (await sameContent(binary, target)) {
      log(`mirror up to date: ${target}`);
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Write beside and rename so a concurrent `terraform init` never sees a half-written file.
    const tmp = `${target}.tmp.${process.pid}`;
    await fs.copyFile(binary, tmp);
    await fs.chmod(tmp, 0o755);
    await fs.rename(tmp, target);
    log(`mirrored: ${target}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { executable, mirrorDir, built, seconds };
}

if (require.main === module) {
  ensureProxmoxProvider({ force: process.env.PTC_PROXMOX_FORCE === '1' })
    .then((r) => {
      process.stderr.write(`[proxmox-provider] ${r.built ? 'built' : 'reused'} in ${r.seconds.toFixed(2)} s\n`);
      process.stdout.write(`${r.executable}\n`);
    })
    .catch((err: Error) => {
      process.stderr.write(`[proxmox-provider] error: ${err.message}\n`);
      process.exit(1);
    });
}
