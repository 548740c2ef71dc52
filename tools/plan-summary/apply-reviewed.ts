/**
 * Applies exactly the reviewed plans: opens the sealed bundle, refuses when the synthesized
 * configuration, the Terraform version or a stack's state is not what was planned, then runs
 * `terraform apply tfplan` per stack in dependency order (Terraform itself re-checks the state).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openBundle } from './plan-bundle';
import { LOCK_FILE, PLAN_FILE } from './plan-stacks';
import { bundlePath, configMismatches, parseReviewedPlanRecord, RECORD_FILE, staleByDependency, stateIdentity, stateStaleness, terraformMismatch } from './reviewed-plan';
import { configDigest, readSynthManifest } from './synth-output';
import { failureText, terraform, terraformVersion } from './terraform-cli';

export interface ApplyReviewedOptions {
  readonly bundle: Buffer;
  readonly secret: string;
  readonly outDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Progress and Terraform's apply output (which hides sensitive values). */
  readonly log?: (line: string) => void;
}

export type StackApplyStatus = 'applied' | 'unchanged' | 'refused' | 'failed' | 'not-run';

export interface ApplyReviewedResult {
  readonly stacks: readonly { readonly stack: string; readonly status: StackApplyStatus; readonly reason?: string }[];
  /** Refusals: the reviewed plan is not applicable as it stands (plan again). */
  readonly refused: boolean;
  readonly failed: boolean;
}

/** Thrown before anything is applied when the reviewed plans do not match this checkout. */
export class ReviewedPlanMismatch extends Error {}

export async function applyReviewedPlans(opts: ApplyReviewedOptions): Promise<ApplyReviewedResult> {
  const log = opts.log ?? (() => undefined);
  const files = openBundle(opts.bundle, opts.secret);
  const recordText = files.get(RECORD_FILE);
  if (!recordText) throw new ReviewedPlanMismatch(`plan bundle: ${RECORD_FILE} is missing`);
  const record = parseReviewedPlanRecord(recordText.toString('utf8'));

  const synthesized = readSynthManifest(opts.outDir);
  const problems = configMismatches(
    record,
    synthesized.map((s) => ({ name: s.name, configSha256: configDigest(s) })),
  );
  const tfMismatch = terraformMismatch(record, await terraformVersion(opts.env));
  if (tfMismatch) problems.push(tfMismatch);
  if (problems.length) {
    throw new ReviewedPlanMismatch(
      `refusing to apply: the reviewed plan does not match this checkout:\n- ${problems.join('\n- ')}\nPlan again (update the pull request branch) and merge the reviewed result.`,
    );
  }

  const reviewed = new Map(record.stacks.map((s) => [s.stack, s]));
  const changedOutputs = new Set<string>();
  const results: { stack: string; status: StackApplyStatus; reason?: string }[] = [];
  let stop = false;
  for (const stack of synthesized) {
    const plan = reviewed.get(stack.name)!;
    if (stop) {
      results.push({ stack: stack.name, status: 'not-run' });
      continue;
    }
    if (!plan.applyable) {
      log(`${stack.name}: no changes in the reviewed plan`);
      results.push({ stack: stack.name, status: 'unchanged' });
      continue;
    }
    const refuse = (reason: string) => {
      log(`${stack.name}: refused: ${reason}`);
      results.push({ stack: stack.name, status: 'refused', reason });
      stop = true;
    };
    const depStale = staleByDependency(plan, changedOutputs);
    if (depStale) {
      refuse(depStale);
      continue;
    }
    const planFile = files.get(bundlePath(stack.name, 'tfplan'));
    if (!planFile) {
      refuse('the bundle has no saved plan for it');
      continue;
    }
    fs.writeFileSync(path.join(stack.dir, PLAN_FILE), planFile, { mode: 0o600 });
    const lock = files.get(bundlePath(stack.name, '.terraform.lock.hcl'));
    if (lock) fs.writeFileSync(path.join(stack.dir, LOCK_FILE), lock);

    log(`${stack.name}: init`);
    const init = await terraform(['init', '-input=false', '-no-color', ...(lock ? ['-lockfile=readonly'] : [])], { cwd: stack.dir, env: opts.env });
    if (init.code !== 0) {
      results.push({ stack: stack.name, status: 'failed', reason: failureText('init', init) });
      stop = true;
      continue;
    }
    const pulled = await terraform(['state', 'pull'], { cwd: stack.dir, env: opts.env });
    if (pulled.code !== 0) {
      results.push({ stack: stack.name, status: 'failed', reason: failureText('state pull', pulled) });
      stop = true;
      continue;
    }
    const stale = stateStaleness(plan.state, stateIdentity(pulled.stdout));
    if (stale) {
      refuse(stale);
      continue;
    }
    log(`${stack.name}: apply ${PLAN_FILE}`);
    const applied = await terraform(['apply', '-input=false', '-no-color', PLAN_FILE], { cwd: stack.dir, env: opts.env });
    log(applied.stdout.trim());
    if (applied.code !== 0) {
      results.push({ stack: stack.name, status: 'failed', reason: failureText('apply', applied) });
      stop = true;
      continue;
    }
    results.push({ stack: stack.name, status: 'applied' });
    if (plan.outputsChange) changedOutputs.add(stack.name);
  }
  return { stacks: results, refused: results.some((r) => r.status === 'refused'), failed: results.some((r) => r.status === 'failed') };
}
