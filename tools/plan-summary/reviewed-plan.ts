/**
 * The record that travels with reviewed plans, and the checks that refuse to apply a plan that
 * is no longer the one reviewed: different synthesized configuration, different Terraform, a
 * state changed since planning (lineage/serial), or a dependency whose outputs were just changed.
 */
import { z } from 'zod';

export interface StateIdentity {
  readonly lineage: string;
  readonly serial: number;
}

const stateIdentitySchema = z.object({ lineage: z.string().min(1), serial: z.number().int().nonnegative() });

const recordSchema = z.object({
  version: z.literal(1),
  terraformVersion: z.string().min(1),
  createdAt: z.string().min(1),
  commit: z.string().optional(),
  stacks: z.array(
    z.object({
      stack: z.string().min(1),
      configSha256: z.string().regex(/^[0-9a-f]{64}$/),
      state: stateIdentitySchema.nullable(),
      applyable: z.boolean(),
      outputsChange: z.boolean(),
      dependencies: z.array(z.string()),
    }),
  ),
});

export type ReviewedPlanRecord = z.infer<typeof recordSchema>;
export type ReviewedStackPlan = ReviewedPlanRecord['stacks'][number];

export const RECORD_FILE = 'record.json';
export const SUMMARY_FILE = 'summary.md';

/** Where a stack's files live inside the bundle (stack names are construct ids: encode them). */
export function bundlePath(stack: string, file: 'tfplan' | '.terraform.lock.hcl'): string {
  return `stacks/${encodeURIComponent(stack)}/${file}`;
}

export function parseReviewedPlanRecord(text: string): ReviewedPlanRecord {
  const res = recordSchema.safeParse(JSON.parse(text));
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new Error(`plan record: ${issue.path.join('.')}: ${issue.message}; the bundle comes from another version of the plan job`);
  }
  return res.data;
}

/**
 * Lineage and serial of `terraform state pull` output; null when there is no state yet. Only
 * these two fields are kept: the rest of the state (sensitive values included) is dropped.
 */
export function stateIdentity(statePullOutput: string): StateIdentity | null {
  if (!statePullOutput.trim()) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(statePullOutput);
  } catch {
    throw new Error('terraform state pull: output is not JSON; check the backend configuration');
  }
  const res = stateIdentitySchema.safeParse(doc);
  if (!res.success) throw new Error('terraform state pull: no lineage/serial in the state; is the backend reachable?');
  return { lineage: res.data.lineage, serial: res.data.serial };
}

function describe(s: StateIdentity | null): string {
  return s ? `lineage ${s.lineage} serial ${s.serial}` : 'no state';
}

/** Why the state makes the reviewed plan stale, or undefined when it is the planned one. */
export function stateStaleness(planned: StateIdentity | null, current: StateIdentity | null): string | undefined {
  if (planned?.lineage === current?.lineage && planned?.serial === current?.serial) return undefined;
  return `the state changed since the plan was reviewed (planned against ${describe(planned)}, now ${describe(current)}); plan again`;
}

/** Differences between the reviewed stacks and what was synthesized now; empty when they match. */
export function configMismatches(record: ReviewedPlanRecord, synthesized: readonly { readonly name: string; readonly configSha256: string }[]): string[] {
  const now = new Map(synthesized.map((s) => [s.name, s.configSha256]));
  const reviewed = new Map(record.stacks.map((s) => [s.stack, s.configSha256]));
  const out: string[] = [];
  for (const [name, sha] of reviewed) {
    if (!now.has(name)) out.push(`stack ${name} was reviewed but is not synthesized now`);
    else if (now.get(name) !== sha) out.push(`stack ${name}: the synthesized configuration differs from the reviewed one`);
  }
  for (const name of now.keys()) if (!reviewed.has(name)) out.push(`stack ${name} is synthesized now but was not in the reviewed plan`);
  return out;
}

export function terraformMismatch(record: ReviewedPlanRecord, version: string): string | undefined {
  const label = (v: string): string => (v.startsWith('OpenTofu ') ? v : `Terraform ${v}`);
  return record.terraformVersion === version ? undefined : `the plan was made with ${label(record.terraformVersion)} but this is ${label(version)}; pin the same engine and version in both workflows`;
}

/**
 * A stack planned against outputs of a dependency that this run has just changed: its plan used
 * the old values, so applying it would not be what was reviewed.
 */
export function staleByDependency(stack: ReviewedStackPlan, changedOutputs: ReadonlySet<string>): string | undefined {
  const dep = stack.dependencies.find((d) => changedOutputs.has(d));
  return dep ? `it was planned against outputs of ${dep}, which this apply has just changed; plan again after this run` : undefined;
}
