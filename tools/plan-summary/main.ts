/**
 * `npx tsx tools/plan-summary/main.ts [--out file] [--bundle file] [--context text] [cdktf.out]`
 *
 * Plans every stack `cdktf synth` wrote (terraform init, `plan -out=tfplan`, `show -json`) and
 * prints one markdown summary (or writes it to --out). With --bundle, also seals the saved plans
 * for `apply.ts` (secret in PTC_PLAN_KEY). Exit code 1 when a stack fails to plan; the summary
 * is written anyway so CI can post it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { planKeyFromEnv } from './plan-bundle';
import { planStacks, sealPlans } from './plan-stacks';
import { renderPlanSummary } from './render';
import { defaultOutDir } from './synth-output';
import { terraformEnv } from './terraform-cli';

const USAGE = 'usage: plan-summary [--out <file>] [--bundle <file>] [--context <text>] [--commit <sha>] [<cdktf synth output dir>]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      bundle: { type: 'string' },
      context: { type: 'string' },
      commit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`expected at most one synth output directory, got ${positionals.length}\n${USAGE}`);
  const secret = values.bundle ? planKeyFromEnv() : undefined;
  const outDir = positionals[0] ? path.resolve(positionals[0]) : defaultOutDir();
  const started = Date.now();
  const result = await planStacks({
    outDir,
    env: terraformEnv(),
    context: values.context,
    commit: values.commit,
    fullPlanHint: values.bundle ? "The saved plans are in the workflow run's artifacts (sealed)." : 'Run `terraform show tfplan` in the stack directory for the full plan.',
    log: (line) => process.stderr.write(`plan-summary: ${line}\n`),
  });
  if (values.out) fs.writeFileSync(values.out, result.markdown);
  else process.stdout.write(result.markdown);
  if (values.bundle && secret) {
    if (result.ok) {
      fs.writeFileSync(values.bundle, sealPlans(result, secret), { mode: 0o600 });
      process.stderr.write(`plan-summary: sealed ${result.stacks.length} plan(s) into ${values.bundle}\n`);
    } else {
      process.stderr.write('plan-summary: not sealing plans: some stacks failed to plan\n');
    }
  }
  process.stderr.write(`plan-summary: ${result.stacks.length} stack(s) in ${((Date.now() - started) / 1000).toFixed(1)} s${result.ok ? '' : ' (with failures)'}\n`);
  return result.ok ? 0 : 1;
}

/** When planning cannot even start, CI still gets a ❌ summary to post. */
function writeFailureSummary(argv: string[], e: Error): void {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (out) fs.writeFileSync(out, renderPlanSummary([{ stack: '(all stacks)', error: e.message }]));
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`plan-summary: ${e.message}\n`);
      writeFailureSummary(argv, e);
      process.exit(2);
    },
  );
}
