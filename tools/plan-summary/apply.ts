/**
 * `npx tsx tools/plan-summary/apply.ts --bundle <file> [cdktf.out]`
 *
 * Applies exactly the plans reviewed in a pull request (sealed by main.ts --bundle; secret in
 * PTC_PLAN_KEY) to a fresh `cdktf synth` of the merged commit. Exit codes: 0 applied (or nothing
 * to apply), 1 Terraform failed, 3 refused because the reviewed plan is stale or does not match.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyReviewedPlans, ReviewedPlanMismatch } from './apply-reviewed';
import { planKeyFromEnv } from './plan-bundle';
import { defaultOutDir } from './synth-output';
import { terraformEnv } from './terraform-cli';

const USAGE = 'usage: apply --bundle <sealed plan file> [<cdktf synth output dir>]';
export const EXIT_REFUSED = 3;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { bundle: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.bundle) throw new Error(`--bundle is required\n${USAGE}`);
  if (positionals.length > 1) throw new Error(`expected at most one synth output directory\n${USAGE}`);
  const log = (line: string) => process.stderr.write(`apply: ${line}\n`);
  try {
    const result = await applyReviewedPlans({
      bundle: fs.readFileSync(values.bundle),
      secret: planKeyFromEnv(),
      outDir: positionals[0] ? path.resolve(positionals[0]) : defaultOutDir(),
      env: terraformEnv(),
      log,
    });
    for (const s of result.stacks) log(`${s.stack}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`);
    return result.failed ? 1 : result.refused ? EXIT_REFUSED : 0;
  } catch (e) {
    if (e instanceof ReviewedPlanMismatch) {
      log(e.message);
      return EXIT_REFUSED;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`apply: ${e.message}\n`);
      process.exit(2);
    },
  );
}
