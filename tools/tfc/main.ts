/**
 * `npx tsx tools/tfc/main.ts [--packages dir] [--platform linux_amd64] [--strict] [cdktf.out]`
 *
 * After `cdktf synth` and `npm run package:providers`: copies our providers' single
 * executables into every synthesized stack that uses them (`terraform.d/plugins/...`) and adds
 * their checksums to the stack's lock file, so HCP Terraform remote runs work without Node.
 * bpg/proxmox and other public providers stay with their registry. --strict fails on warnings.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DIST, MIRROR_DIR, terraformPlatform } from '../build/catalog';
import { defaultOutDir, readSynthManifest } from '../plan-summary/synth-output';
import { bundleStackProviders, REMOTE_PLATFORM } from './plugin-tree';

const USAGE = 'usage: tfc [--packages <dir>] [--platform <os_arch>] [--local-mirror <dir>] [--strict] [<cdktf synth output dir>]';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      packages: { type: 'string', default: path.join(DIST, 'packages') },
      platform: { type: 'string', default: REMOTE_PLATFORM },
      'local-mirror': { type: 'string', default: MIRROR_DIR },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`expected at most one synth output directory\n${USAGE}`);
  const outDir = positionals[0] ? path.resolve(positionals[0]) : defaultOutDir();
  let warnings = 0;
  for (const stack of readSynthManifest(outDir)) {
    const report = bundleStackProviders(stack, {
      packagesDir: path.resolve(values.packages),
      platform: values.platform,
      localMirror: path.resolve(values['local-mirror']),
      localPlatform: terraformPlatform(),
    });
    const ours = report.bundled.map((b) => `${b.address} ${b.version}`).join(', ') || 'none of ours';
    const registry = report.fromRegistry.length ? `; from the registry: ${report.fromRegistry.join(', ')}` : '';
    process.stderr.write(`tfc: ${stack.name}: bundled ${ours}${registry}\n`);
    for (const w of report.warnings) process.stderr.write(`tfc: warning: ${w}\n`);
    warnings += report.warnings.length;
  }
  return values.strict && warnings ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`tfc: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
