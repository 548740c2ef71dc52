/**
 * The part of Terraform's JSON plan representation (`terraform show -json <planfile>`) the
 * summary reads. Validated at the edge so a format change fails with the field it concerns.
 * The document holds sensitive values in clear text: it is only ever kept in memory.
 */
import { z } from 'zod';

export const PLAN_ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** A path step into a value: an object key or a list index. */
export type PathStep = string | number;

const changeSchema = z.object({
  actions: z.array(z.enum(PLAN_ACTIONS)).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.object({ id: z.string().optional() }).optional(),
});

const resourceChangeSchema = z.object({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string(),
  name: z.string(),
  deposed: z.string().optional(),
  action_reason: z.string().optional(),
  change: changeSchema,
});

const outputChangeSchema = changeSchema.omit({ replace_paths: true, importing: true });

const planSchema = z.object({
  format_version: z.string().regex(/^1\.\d+$/, 'expected a 1.x JSON plan format (Terraform >= 1.0)'),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  resource_drift: z.array(resourceChangeSchema).optional(),
  output_changes: z.record(z.string(), outputChangeSchema).optional(),
  errored: z.boolean().optional(),
  applyable: z.boolean().optional(),
});

export type PlanChange = z.infer<typeof changeSchema>;
export type OutputChange = z.infer<typeof outputChangeSchema>;
export type ResourceChange = z.infer<typeof resourceChangeSchema>;
export type PlanJson = z.infer<typeof planSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(document)';
}

/** Parses `terraform show -json` output (text or an already parsed value). */
export function parsePlanJson(input: string | unknown, source = 'plan JSON'): PlanJson {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new Error(`${source}: not JSON (${(e as Error).message}); pass the output of \`terraform show -json <planfile>\``);
    }
  }
  const res = planSchema.safeParse(value);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new Error(`${source}: ${formatPath(issue.path)}: ${issue.message}; pass the output of \`terraform show -json <planfile>\``);
  }
  return res.data;
}
