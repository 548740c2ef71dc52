/**
 * What a plan does, reduced to what a reviewer needs: per resource the action, the attributes
 * that force a replacement, and the names (never the values) of changed attributes. Sensitive
 * attributes are only counted, so nothing marked sensitive can reach the summary.
 */
import type { OutputChange, PathStep, PlanChange, PlanJson, ResourceChange } from './plan-json';

export type ResourceActionKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'no-op';

export interface ResourceRow {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly kind: ResourceActionKind;
  readonly replaceOrder?: 'destroy-before-create' | 'create-before-destroy';
  /** Attribute paths that force the replacement (`replace_paths`). */
  readonly forcedBy: readonly string[];
  /** Terraform's `action_reason`, in words. */
  readonly reason?: string;
  /** Non-sensitive attributes whose value changes (names only). */
  readonly changedAttributes: readonly string[];
  /** How many sensitive attributes change (never named with their value, never shown). */
  readonly sensitiveChanges: number;
  readonly imported: boolean;
  readonly movedFrom?: string;
  readonly deposed?: boolean;
}

export interface OutputRow {
  readonly name: string;
  readonly kind: 'create' | 'update' | 'delete';
  readonly sensitive: boolean;
}

export interface PlanCounts {
  /** Terraform's own arithmetic: a replacement is one add and one destroy. */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly import: number;
  readonly move: number;
  readonly forget: number;
  readonly read: number;
}

export interface StackPlanSummary {
  readonly terraformVersion?: string;
  readonly errored: boolean;
  readonly counts: PlanCounts;
  /** Every resource with something to show (plain no-ops are left out). */
  readonly resources: readonly ResourceRow[];
  /** Objects changed outside Terraform since the last apply. */
  readonly drift: readonly ResourceRow[];
  readonly outputs: readonly OutputRow[];
  /** Applying would change infrastructure, state or outputs (data source reads alone do not count). */
  readonly hasChanges: boolean;
}

const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'tainted',
  replace_because_cannot_update: 'cannot be updated in place',
  replace_by_request: 'replacement requested (`-replace`)',
  replace_by_triggers: '`replace_triggered_by`',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_wrong_repetition: '`count`/`for_each` changed',
  delete_because_count_index: 'index beyond `count`',
  delete_because_each_key: 'key no longer in `for_each`',
  delete_because_no_module: 'its module was removed',
  delete_because_no_move_target: '`moved` target not in the configuration',
  read_because_config_unknown: 'its arguments are known only after apply',
  read_because_dependency_pending: 'depends on pending changes',
  read_because_check_nested: 'read by a `check` block',
};

export function reasonText(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return REASONS[reason] ?? `\`${reason.replace(/`/g, '')}\``;
}

export function actionKind(actions: readonly string[]): ResourceActionKind {
  const key = actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'forget':
    case 'no-op':
      return key;
    case 'delete,create':
    case 'create,delete':
    case 'create,forget':
      return 'replace';
    default:
      throw new Error(`plan JSON: unknown action list [${actions.join(', ')}]; update tools/plan-summary/changes.ts`);
  }
}

// --- attribute paths --------------------------------------------------------------------------

/** Paths are shown up to this depth; deeper changes are reported at their ancestor. */
const MAX_DEPTH = 4;
/** Schema attribute names. Anything else is a map key, i.e. data, so it is not printed. */
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (ATTRIBUTE_NAME.test(step)) out += out ? `.${step}` : step;
    else out += '[*]';
  }
  return out || '(all)';
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  // null and a missing attribute mean the same to Terraform.
  return (a === null || a === undefined) && (b === null || b === undefined);
}

/** The marker (sensitivity or unknown-ness) for a child; `true` covers the whole subtree. */
function child(marker: Json, step: PathStep): Json {
  if (marker === true) return true;
  if (Array.isArray(marker) && typeof step === 'number') return marker[step];
  if (isObject(marker) && typeof step === 'string') return marker[step];
  return undefined;
}

function anyTrue(marker: Json): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(anyTrue);
  if (isObject(marker)) return Object.values(marker).some(anyTrue);
  return false;
}

interface AttributeChanges {
  readonly paths: Set<string>;
  sensitive: number;
}

function walk(before: Json, after: Json, unknown: Json, bs: Json, as: Json, path: PathStep[], out: AttributeChanges): void {
  const sensitive = bs === true || as === true;
  if (unknown === true || (sensitive && anyTrue(unknown))) {
    if (sensitive) out.sensitive++;
    else out.paths.add(formatPath(path));
    return;
  }
  if (sensitive) {
    if (!deepEqual(before, after)) out.sensitive++;
    return;
  }
  const descend = path.length < MAX_DEPTH;
  if (descend && isObject(before) && isObject(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(before[k], after[k], child(unknown, k), child(bs, k), child(as, k), [...path, k], out);
    }
    return;
  }
  if (descend && Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((b, i) => walk(b, after[i], child(unknown, i), child(bs, i), child(as, i), [...path, i], out));
    return;
  }
  if (!deepEqual(before, after) || anyTrue(unknown)) {
    // Sensitive parts below this point: count them, name only the (non-sensitive) ancestor.
    if (path.length === 0) out.sensitive++;
    else out.paths.add(formatPath(path));
  }
}

/** Names of changed attributes (non-sensitive) and the number of changed sensitive ones. */
export function changedAttributes(change: Pick<PlanChange, 'before' | 'after' | 'after_unknown' | 'before_sensitive' | 'after_sensitive'>): {
  paths: string[];
  sensitive: number;
} {
  const out: AttributeChanges = { paths: new Set(), sensitive: 0 };
  walk(change.before ?? null, change.after ?? null, change.after_unknown, change.before_sensitive, change.after_sensitive, [], out);
  return { paths: [...out.paths].sort(), sensitive: out.sensitive };
}

// --- rows -------------------------------------------------------------------------------------

export function resourceRow(rc: ResourceChange): ResourceRow {
  const kind = actionKind(rc.change.actions);
  const showAttributes = kind === 'update' || (kind === 'replace' && rc.change.before != null && rc.change.after != null);
  const attrs = showAttributes ? changedAttributes(rc.change) : { paths: [], sensitive: 0 };
  const forcedBy = [...new Set((rc.change.replace_paths ?? []).map(formatPath))].sort();
  return {
    address: rc.address,
    mode: rc.mode,
    kind,
    replaceOrder: kind === 'replace' ? (rc.change.actions[0] === 'delete' ? 'destroy-before-create' : 'create-before-destroy') : undefined,
    forcedBy,
    reason: reasonText(rc.action_reason),
    changedAttributes: attrs.paths.filter((p) => !forcedBy.includes(p)),
    sensitiveChanges: attrs.sensitive,
    imported: rc.change.importing !== undefined,
    movedFrom: rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : undefined,
    deposed: rc.deposed !== undefined ? true : undefined,
  };
}

function outputRow(name: string, change: OutputChange): OutputRow | undefined {
  const kind = actionKind(change.actions);
  if (kind !== 'create' && kind !== 'update' && kind !== 'delete') return undefined;
  if (kind === 'update' && !anyTrue(change.after_unknown) && deepEqual(change.before, change.after)) return undefined;
  return { name, kind, sensitive: anyTrue(change.before_sensitive) || anyTrue(change.after_sensitive) };
}

const KIND_ORDER: readonly ResourceActionKind[] = ['replace', 'delete', 'forget', 'update', 'create', 'no-op', 'read'];

export function summarizePlan(plan: PlanJson): StackPlanSummary {
  const resources = (plan.resource_changes ?? [])
    .map(resourceRow)
    .filter((r) => r.kind !== 'no-op' || r.imported || r.movedFrom !== undefined)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.address.localeCompare(b.address));
  const drift = (plan.resource_drift ?? []).map(resourceRow).filter((r) => r.kind !== 'no-op' && r.kind !== 'read');
  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([name, change]) => outputRow(name, change))
    .filter((o): o is OutputRow => o !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  const count = (k: ResourceActionKind) => resources.filter((r) => r.kind === k).length;
  const counts: PlanCounts = {
    add: count('create') + count('replace'),
    change: count('update'),
    destroy: count('delete') + count('replace'),
    replace: count('replace'),
    import: resources.filter((r) => r.imported).length,
    move: resources.filter((r) => r.movedFrom !== undefined).length,
    forget: count('forget'),
    read: count('read'),
  };
  const resourceChanges = resources.some((r) => r.kind !== 'read');
  return {
    terraformVersion: plan.terraform_version,
    errored: plan.errored === true,
    counts,
    resources,
    drift,
    outputs,
    hasChanges: plan.errored !== true && (resourceChanges || outputs.length > 0),
  };
}
