/**
 * `npm run package:providers`: one self-contained executable per provider (Node single
 * executable application: the bundle injected into a copy of this Node binary), for Terraform
 * hosts without Node such as HCP Terraform workers. Writes, per provider:
 *   dist/packages/terraform-provider-<type>_<version>_<os_arch>.zip   (executable at the zip root)
 *   dist/packages/terraform-provider-<type>_<version>_SHA256SUMS
 *   dist/packages/terraform-provider-<type>_<version>_manifest.json
 *   dist/packages/terraform.d/plugins/<host>/<ns>/<type>/<version>/<os_arch>/terraform-provider-<type>_v<version>
 * Copy the `terraform.d` tree into a stack's directory (after synth) for remote runs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleProvider } from './bundle';
import { DIST, PROVIDERS, providerSource, REPO_ROOT, terraformPlatform, type ProviderPackage } from './catalog';
import { createZip } from './zip';

export const PACKAGES_DIR = path.join(DIST, 'packages');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Builds the single executable for `p` with the Node binary `node` (default: the running one). */
export function buildSingleExecutable(p: ProviderPackage, workDir: string, node = process.execPath): string {
  const bundle = bundleProvider(p.entry, workDir, { singleFile: true });
  const blob = path.join(workDir, 'sea.blob');
  const config = {
    main: bundle,
    output: blob,
    disableExperimentalSEAWarning: true,
    // Off: code cache and snapshots tie the blob to this exact machine's V8 flags.
    useCodeCache: false,
    useSnapshot: false,
  };
  const configFile = path.join(workDir, 'sea-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  // Output is captured (postject prints harmless ELF section warnings); failures throw with it.
  execFileSync(node, ['--experimental-sea-config', configFile], { stdio: 'pipe' });
  const exe = path.join(workDir, `terraform-provider-${p.type}_v${p.version}`);
  fs.copyFileSync(node, exe);
  fs.chmodSync(exe, 0o755);
  const postject = path.join(REPO_ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
  execFileSync(node, [postject, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
  return exe;
}

export interface PackagedProvider {
  readonly zip: string;
  readonly sums: string;
  readonly pluginPath: string;
}

export function packageProvider(p: ProviderPackage, outDir = PACKAGES_DIR, platform = terraformPlatform()): PackagedProvider {
  fs.mkdirSync(DIST, { recursive: true });
  const work = fs.mkdtempSync(path.join(DIST, `.sea-${p.type}-`));
  try {
    const exe = buildSingleExecutable(p, work);
    const exeName = path.basename(exe);
    const exeData = fs.readFileSync(exe);
    fs.mkdirSync(outDir, { recursive: true });
    const base = `terraform-provider-${p.type}_${p.version}`;
    const zipName = `${base}_${platform}.zip`;
    const zip = createZip([{ name: exeName, data: exeData, mode: 0o755 }]);
    fs.writeFileSync(path.join(outDir, zipName), zip);
    const manifestName = `${base}_manifest.json`;
    const manifest = Buffer.from(JSON.stringify({ version: 1, metadata: { protocol_versions: ['6.0'] } }, null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, manifestName), manifest);
    const sumsName = `${base}_SHA256SUMS`;
    fs.writeFileSync(path.join(outDir, sumsName), `${sha256(manifest)}  ${manifestName}\n${sha256(zip)}  ${zipName}\n`);

    const pluginDir = path.join(outDir, 'terraform.d', 'plugins', providerSource(p), p.version, platform);
    fs.mkdirSync(pluginDir, { recursive: true });
    const pluginPath = path.join(pluginDir, exeName);
    fs.copyFileSync(exe, pluginPath);
    fs.chmodSync(pluginPath, 0o755);
    return { zip: path.join(outDir, zipName), sums: path.join(outDir, sumsName), pluginPath };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  for (const p of PROVIDERS) {
    const started = Date.now();
    const res = packageProvider(p);
    const size = fs.statSync(res.zip).size;
    process.stderr.write(`packaged ${providerSource(p)} ${p.version}: ${path.relative(process.cwd(), res.zip)} (${(size / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms\n`);
  }
}
