/**
 * Plans every synthesized stack with plain Terraform (init, `plan -out=tfplan`, `show -json`),
 * renders one summary, and can seal the plans for an exact apply after review.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summarizePlan } from './changes';
import { sealBundle } from './plan-bundle';
import { parsePlanJson, type PlanJson } from './plan-json';
import { renderPlanSummary, type StackPlanInput } from './render';
import { bundlePath, RECORD_FILE, stateIdentity, SUMMARY_FILE, type ReviewedPlanRecord, type ReviewedStackPlan } from './reviewed-plan';
import { configDigest, readSynthManifest, type SynthStack } from './synth-output';
import { failureText, terraform, terraformVersion } from './terraform-cli';

export const PLAN_FILE = 'tfplan';
export const LOCK_FILE = '.terraform.lock.hcl';

export interface PlanStacksOptions {
  /** `cdktf synth` output directory. */
  readonly outDir: string;
  /** Terraform's environment (see terraformEnv). */
  readonly env: NodeJS.ProcessEnv;
  /** One line under the summary title, e.g. the commit. */
  readonly context?: string;
  readonly commit?: string;
  readonly fullPlanHint?: string;
  /** Progress lines (stack, step, elapsed); never plan content. */
  readonly log?: (line: string) => void;
}

export interface StackPlanOutcome {
  readonly stack: SynthStack;
  readonly input: StackPlanInput;
  readonly record?: ReviewedStackPlan;
}

export interface PlanStacksResult {
  readonly markdown: string;
  readonly stacks: readonly StackPlanOutcome[];
  readonly record: ReviewedPlanRecord;
  /** Every stack planned without error. */
  readonly ok: boolean;
}

async function planStack(stack: SynthStack, env: NodeJS.ProcessEnv, log: (l: string) => void): Promise<StackPlanOutcome> {
  const started = Date.now();
  const step = async (name: string, args: string[]) => {
    log(`${stack.name}: ${name}`);
    return terraform(args, { cwd: stack.dir, env });
  };
  const fail = (error: string): StackPlanOutcome => ({ stack, input: { stack: stack.name, error } });

  const init = await step('init', ['init', '-input=false', '-no-color']);
  if (init.code !== 0) return fail(failureText('init', init));
  const pulled = await step('state pull', ['state', 'pull']);
  if (pulled.code !== 0) return fail(failureText('state pull', pulled));
  const state = stateIdentity(pulled.stdout);
  fs.rmSync(path.join(stack.dir, PLAN_FILE), { force: true });
  const plan = await step('plan', ['plan', '-input=false', '-no-color', `-out=${PLAN_FILE}`]);
  if (plan.code !== 0) return fail(failureText('plan', plan));
  // A saved plan carries the prior state, secrets included; Terraform writes it world-readable.
  fs.chmodSync(path.join(stack.dir, PLAN_FILE), 0o600);
  const shown = await step('show -json', ['show', '-json', '-no-color', PLAN_FILE]);
  if (shown.code !== 0) return fail(failureText('show', shown));
  const json: PlanJson = parsePlanJson(shown.stdout, `${stack.name}: terraform show -json`);
  const summary = summarizePlan(json);
  log(`${stack.name}: planned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    stack,
    input: { stack: stack.name, plan: json },
    record: {
      stack: stack.name,
      configSha256: configDigest(stack),
      state,
      applyable: json.applyable ?? summary.hasChanges,
      outputsChange: summary.outputs.length > 0,
      dependencies: [...stack.dependencies],
    },
  };
}

/** Plans the stacks in dependency order and renders the summary. */
export async function planStacks(opts: PlanStacksOptions): Promise<PlanStacksResult> {
  const log = opts.log ?? (() => undefined);
  const stacks = readSynthManifest(opts.outDir);
  if (!stacks.length) throw new Error(`${opts.outDir}/manifest.json lists no stacks; does the app create any?`);
  const version = await terraformVersion(opts.env);
  const outcomes: StackPlanOutcome[] = [];
  for (const s of stacks) outcomes.push(await planStack(s, opts.env, log));
  const markdown = renderPlanSummary(
    outcomes.map((o) => o.input),
    { context: opts.context, fullPlanHint: opts.fullPlanHint },
  );
  const record: ReviewedPlanRecord = {
    version: 1,
    terraformVersion: version,
    createdAt: new Date().toISOString(),
    commit: opts.commit,
    stacks: outcomes.flatMap((o) => (o.record ? [o.record] : [])),
  };
  return { markdown, stacks: outcomes, record, ok: outcomes.every((o) => o.record !== undefined) };
}

/** Seals the saved plans, lock files, record and summary for the apply job. */
export function sealPlans(result: PlanStacksResult, secret: string): Buffer {
  if (!result.ok) throw new Error('some stacks failed to plan; there is nothing complete to apply');
  const files = new Map<string, Buffer>();
  files.set(RECORD_FILE, Buffer.from(JSON.stringify(result.record, null, 2)));
  files.set(SUMMARY_FILE, Buffer.from(result.markdown));
  for (const o of result.stacks) {
    files.set(bundlePath(o.stack.name, 'tfplan'), fs.readFileSync(path.join(o.stack.dir, PLAN_FILE)));
    const lock = path.join(o.stack.dir, LOCK_FILE);
    if (fs.existsSync(lock)) files.set(bundlePath(o.stack.name, '.terraform.lock.hcl'), fs.readFileSync(lock));
  }
  return sealBundle(files, secret);
}
