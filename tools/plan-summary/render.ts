/**
 * The plan summary as GitHub markdown: a title (✅ changes, 🟰 no changes, ❌ error), an
 * overview of every stack, then per stack its resource changes (replacements first, with the
 * attributes that force them), drift, data source reads and output changes. Attribute values
 * never appear; only names of non-sensitive changed attributes do. A hidden marker lets CI find
 * and update its one pull request comment; the text always fits GitHub's comment limit.
 */
import { summarizePlan, type OutputRow, type PlanCounts, type ResourceRow, type StackPlanSummary } from './changes';
import { code, fenced, plural, stripAnsi, table, tail } from './markdown';
import type { PlanJson } from './plan-json';

/** Hidden first line of every summary; CI updates the comment that carries it. */
export const PLAN_SUMMARY_MARKER = '<!-- ptc-plan-summary -->';
/** GitHub's maximum comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Terraform diagnostics kept per failed stack (the end of the output, where the errors are). */
const ERROR_TEXT_MAX = 4_000;
/** Attribute names listed per row before "+N more". */
const ATTRIBUTES_PER_ROW = 8;

export type StackPlanInput = { readonly stack: string; readonly plan: PlanJson; readonly error?: undefined } | { readonly stack: string; readonly error: string; readonly plan?: undefined };

export interface RenderOptions {
  /** Default: GitHub's comment limit. */
  readonly maxLength?: number;
  /** One plain-text line under the title, e.g. the commit planned. */
  readonly context?: string;
  /** Where the complete plan can be seen; named in the note when the summary is trimmed. */
  readonly fullPlanHint?: string;
}

type StackResult = { readonly stack: string } & ({ readonly summary: StackPlanSummary } | { readonly error: string });

const ICONS = { changes: '✅', none: '🟰', error: '❌' } as const;

const KIND_LABEL: Readonly<Record<ResourceRow['kind'], string>> = {
  create: '🟢 create',
  update: '🟡 update',
  replace: '🔴 **replace**',
  delete: '🔴 destroy',
  read: '🔵 read',
  forget: '⚪ forget',
  'no-op': '⚪ no change',
};

function failed(r: StackResult): boolean {
  return 'error' in r || r.summary.errored;
}

function countsText(c: PlanCounts): string {
  const parts = [`${c.add} to add`, `${c.change} to change`, `${c.destroy} to destroy`];
  if (c.replace) parts.push(`**${plural(c.replace, 'replacement')}**`);
  if (c.import) parts.push(`${c.import} to import`);
  if (c.move) parts.push(`${c.move} moved`);
  if (c.forget) parts.push(`${c.forget} to forget`);
  return parts.join(', ');
}

function total(results: readonly StackResult[]): PlanCounts {
  const zero: PlanCounts = { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0, forget: 0, read: 0 };
  return results.reduce<PlanCounts>((acc, r) => {
    if (!('summary' in r)) return acc;
    const c = r.summary.counts;
    return {
      add: acc.add + c.add,
      change: acc.change + c.change,
      destroy: acc.destroy + c.destroy,
      replace: acc.replace + c.replace,
      import: acc.import + c.import,
      move: acc.move + c.move,
      forget: acc.forget + c.forget,
      read: acc.read + c.read,
    };
  }, zero);
}

function title(results: readonly StackResult[]): string {
  const bad = results.filter(failed).length;
  if (bad) return `## ${ICONS.error} Terraform plan failed for ${bad} of ${plural(results.length, 'stack')}`;
  if (results.some((r) => 'summary' in r && r.summary.hasChanges)) return `## ${ICONS.changes} Terraform plan: ${countsText(total(results))}`;
  return `## ${ICONS.none} Terraform plan: no changes`;
}

function status(r: StackResult): string {
  if (failed(r)) return `${ICONS.error} failed`;
  return 'summary' in r && r.summary.hasChanges ? `${ICONS.changes} changes` : `${ICONS.none} no changes`;
}

function overview(results: readonly StackResult[]): string {
  const rows = results.map((r) => {
    const c = 'summary' in r ? r.summary.counts : undefined;
    const n = (v: number | undefined, strong = false) => (v === undefined ? '–' : strong && v ? `**${v}**` : String(v));
    const drift = 'summary' in r ? r.summary.drift.length : undefined;
    return [code(r.stack), n(c?.add), n(c?.change), n(c?.destroy), n(c?.replace, true), n(drift), status(r)];
  });
  return table(['Stack', 'Add', 'Change', 'Destroy', 'Replace', 'Drift', 'Status'], ['l', 'r', 'r', 'r', 'r', 'r', 'l'], rows);
}

function list(items: readonly string[], max = ATTRIBUTES_PER_ROW): string {
  const shown = items.slice(0, max).map(code).join(', ');
  return items.length > max ? `${shown} +${items.length - max} more` : shown;
}

function details(r: ResourceRow): string {
  const parts: string[] = [];
  if (r.forcedBy.length) parts.push(`**forces replacement:** ${list(r.forcedBy)}`);
  if (r.reason) parts.push(r.reason);
  if (r.changedAttributes.length) parts.push(`changed: ${list(r.changedAttributes)}`);
  if (r.sensitiveChanges) parts.push(`${plural(r.sensitiveChanges, 'sensitive attribute')} (hidden)`);
  if (r.replaceOrder === 'create-before-destroy') parts.push('create before destroy');
  if (r.imported) parts.push('import');
  if (r.movedFrom) parts.push(`moved from ${code(r.movedFrom)}`);
  if (r.deposed) parts.push('deposed object');
  return parts.join(' · ');
}

/** Rows left to print across the whole summary (shrunk until the text fits). */
class RowBudget {
  omitted = 0;
  constructor(private left: number) {}
  take<T>(rows: readonly T[]): T[] {
    const n = Math.max(0, Math.min(rows.length, this.left));
    this.left -= n;
    this.omitted += rows.length - n;
    return rows.slice(0, n);
  }
}

function resourceTable(rows: readonly ResourceRow[], budget: RowBudget): string {
  const shown = budget.take(rows);
  if (!shown.length) return `_${plural(rows.length, 'row')} not shown._`;
  const body = table(
    ['Action', 'Resource', 'Details'],
    ['l', 'l', 'l'],
    shown.map((r) => [KIND_LABEL[r.kind], code(r.address), details(r)]),
  );
  return rows.length > shown.length ? `${body}\n\n_… ${rows.length - shown.length} more not shown._` : body;
}

function outputTable(rows: readonly OutputRow[], budget: RowBudget): string {
  const shown = budget.take(rows);
  if (!shown.length) return `_${plural(rows.length, 'row')} not shown._`;
  const body = table(
    ['Output', 'Change'],
    ['l', 'l'],
    shown.map((o) => [code(o.name), `${o.kind}${o.sensitive ? ' (sensitive)' : ''}`]),
  );
  return rows.length > shown.length ? `${body}\n\n_… ${rows.length - shown.length} more not shown._` : body;
}

function collapsible(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function stackSection(r: StackResult, budget: RowBudget): string {
  const heading = `### ${code(r.stack)}`;
  if ('error' in r) {
    const { text, cut } = tail(stripAnsi(r.error).trim(), ERROR_TEXT_MAX);
    return `${heading} — ${ICONS.error} plan failed\n\n${fenced(cut ? `…\n${text}` : text)}`;
  }
  const s = r.summary;
  const out: string[] = [];
  if (s.errored) out.push(`${heading} — ${ICONS.error} plan failed`, 'Terraform marked this plan as errored; it cannot be applied.');
  else if (s.hasChanges) out.push(`${heading} — ${countsText(s.counts)}`);
  else out.push(`${heading} — ${ICONS.none} no changes`);
  if (s.counts.replace) {
    out.push(`> [!WARNING]\n> ${plural(s.counts.replace, 'resource')} will be **replaced** (destroyed and created again); see _forces replacement_ below.`);
  }
  const changes = s.resources.filter((x) => x.kind !== 'read');
  if (changes.length) out.push(resourceTable(changes, budget));
  if (s.drift.length) {
    out.push(collapsible(`⚠️ ${plural(s.drift.length, 'resource')} changed outside Terraform (drift)`, resourceTable(s.drift, budget)));
  }
  const reads = s.resources.filter((x) => x.kind === 'read');
  if (reads.length) out.push(collapsible(`${plural(reads.length, 'data source')} read during apply`, resourceTable(reads, budget)));
  if (s.outputs.length) out.push(`**Outputs** (values not shown)\n\n${outputTable(s.outputs, budget)}`);
  return out.join('\n\n');
}

function trimNote(omitted: number | 'cut', hint: string | undefined): string {
  const what = omitted === 'cut' ? 'the rest of this summary is cut' : `${plural(omitted, 'row')} not shown`;
  const where = hint ? ` ${hint}` : '';
  return `> [!NOTE]\n> Trimmed to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: ${what}.${where}`;
}

/** Cuts at a line boundary and closes an open code fence and `<details>` blocks. */
function cutAtLine(text: string, max: number): string {
  const body = text.slice(0, Math.max(0, text.lastIndexOf('\n', max)));
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (!m) continue;
    if (fence === undefined) fence = m[1];
    else if (m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
  }
  const open = (body.match(/<details>/g) ?? []).length - (body.match(/<\/details>/g) ?? []).length;
  return `${body}${fence ? `\n${fence}` : ''}${'\n\n</details>'.repeat(Math.max(0, open))}`;
}

function compose(results: readonly StackResult[], options: RenderOptions, budget: RowBudget): string {
  const parts = [PLAN_SUMMARY_MARKER, title(results)];
  if (options.context) parts.push(options.context.replace(/\s+/g, ' ').trim());
  parts.push(overview(results));
  for (const r of results) parts.push(stackSection(r, budget));
  if (budget.omitted) parts.push(trimNote(budget.omitted, options.fullPlanHint));
  return parts.join('\n\n') + '\n';
}

function toResult(input: StackPlanInput): StackResult {
  if (input.error !== undefined) return { stack: input.stack, error: input.error };
  return { stack: input.stack, summary: summarizePlan(input.plan) };
}

/** Renders every stack's plan (or failure) into one markdown document. */
export function renderPlanSummary(stacks: readonly StackPlanInput[], options: RenderOptions = {}): string {
  const max = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const results = stacks.map(toResult);
  const full = compose(results, options, new RowBudget(Number.MAX_SAFE_INTEGER));
  if (full.length <= max) return full;

  // Largest row budget that fits (rendering is cheap; a binary search keeps it to a few passes).
  let lo = 0;
  let hi = results.reduce((n, r) => n + ('summary' in r ? r.summary.resources.length + r.summary.drift.length + r.summary.outputs.length : 0), 0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (compose(results, options, new RowBudget(mid)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  const fitted = compose(results, options, new RowBudget(lo));
  if (fitted.length <= max) return fitted;

  // Even the bare sections are too long (very many stacks or long errors): cut at a line.
  const note = `\n\n${trimNote('cut', options.fullPlanHint)}\n`;
  let room = max - note.length;
  let cut = cutAtLine(fitted, room);
  while (cut.length + note.length > max && room > 0) {
    room -= cut.length + note.length - max;
    cut = cutAtLine(fitted, room);
  }
  return `${cut}${note}`;
}
