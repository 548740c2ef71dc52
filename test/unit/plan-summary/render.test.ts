import { GITHUB_COMMENT_LIMIT, PLAN_SUMMARY_MARKER, renderPlanSummary } from '../../../tools/plan-summary/render';
import * as f from './plan-fixtures';

const everything = f.plan({
  resource_changes: [f.create, f.update, f.replace, f.createBeforeDestroy, f.destroy, f.read, f.noop, f.imported, f.moved],
  resource_drift: [f.driftUpdate, f.driftDelete],
  output_changes: {
    talosconfig: { actions: ['update'], before: f.SECRET_OUTPUT, after_unknown: true, before_sensitive: true, after_sensitive: true },
    endpoint: { actions: ['create'], before: null, after: f.PLAIN_VALUE, after_unknown: false, before_sensitive: false, after_sensitive: false },
  },
});

/** The markdown row of a resource address. */
function row(md: string, address: string): string {
  const line = md.split('\n').find((l) => l.includes(`\`${address}\``) && l.startsWith('| '));
  if (!line) throw new Error(`no row for ${address} in:\n${md}`);
  return line;
}

describe('renderPlanSummary', () => {
  test('starts with the hidden marker, then a ✅ title with Terraform-style counts', () => {
    const md = renderPlanSummary([{ stack: 'lab-talos', plan: everything }]);
    expect(md.split('\n')[0]).toBe(PLAN_SUMMARY_MARKER);
    expect(md).toContain('## ✅ Terraform plan: 3 to add, 1 to change, 3 to destroy, **2 replacements**, 1 to import, 1 moved');
  });

  test('replacements are highlighted with the attributes that force them', () => {
    const md = renderPlanSummary([{ stack: 'lab-talos', plan: everything }]);
    expect(md).toContain('> [!WARNING]\n> 2 resources will be **replaced**');
    expect(row(md, 'talos_machine_secrets.cluster')).toBe(
      '| 🔴 **replace** | `talos_machine_secrets.cluster` | **forces replacement:** `talos_version` · cannot be updated in place · changed: `id` · 1 sensitive attribute (hidden) |',
    );
    expect(row(md, 'proxmox_virtual_environment_file.image')).toContain('**forces replacement:** `source_file[0].path`');
    expect(row(md, 'proxmox_virtual_environment_file.image')).toContain('create before destroy');
  });

  test('every kind of change gets its row; reads and drift are folded away', () => {
    const md = renderPlanSummary([{ stack: 'lab-talos', plan: everything }]);
    expect(row(md, 'talos_machine_secrets.this')).toMatch(/^\| 🟢 create \|/);
    expect(row(md, 'proxmox_virtual_environment_vm.cp1')).toBe(
      '| 🟡 update | `proxmox_virtual_environment_vm.cp1` | changed: `labels[*]`, `memory[0].dedicated`, `tags` · 1 sensitive attribute (hidden) |',
    );
    expect(row(md, 'proxmox_virtual_environment_vm.old')).toBe('| 🔴 destroy | `proxmox_virtual_environment_vm.old` | no longer in the configuration |');
    expect(row(md, 'proxmox_virtual_environment_vm.adopted')).toContain('import');
    expect(row(md, 'proxmox_virtual_environment_vm.renamed')).toContain('moved from `proxmox_virtual_environment_vm.original`');
    expect(md).not.toContain('talos_machine_secrets.kept');
    expect(md).toContain('<details><summary>⚠️ 2 resources changed outside Terraform (drift)</summary>');
    expect(md).toContain('<details><summary>1 data source read during apply</summary>');
    expect(row(md, 'proxmox_virtual_environment_vm.gone')).toMatch(/^\| 🔴 destroy \|/);
    expect(md).toContain('| `talosconfig` | update (sensitive) |');
    expect(md).toContain('| `endpoint` | create |');
  });

  test('no attribute value appears, sensitive or not', () => {
    const md = renderPlanSummary([{ stack: 'lab-talos', plan: everything }]);
    for (const value of [f.SECRET_KEY, f.SECRET_TOKEN, f.SECRET_OUTPUT, f.PLAIN_VALUE, 'someone-else', 'v1.12', 'v1.13', '8192', 'pve/qemu/123', 'edited in the UI']) {
      expect(md).not.toContain(value);
    }
  });

  test('no changes: 🟰, with drift still listed', () => {
    const md = renderPlanSummary([
      { stack: 'a', plan: f.plan({ resource_changes: [f.noop, f.read] }) },
      { stack: 'b', plan: f.plan({ resource_drift: [f.driftUpdate] }) },
    ]);
    expect(md).toContain('## 🟰 Terraform plan: no changes');
    expect(md).toContain('### `a` — 🟰 no changes');
    expect(md).toContain('| `b` | 0 | 0 | 0 | 0 | 1 | 🟰 no changes |');
    expect(md).toContain('changed outside Terraform (drift)');
  });

  test('a failed stack: ❌ title, its diagnostics fenced (ANSI stripped, fence longer than any backticks inside)', () => {
    const md = renderPlanSummary([
      { stack: 'net', plan: f.plan({ resource_changes: [f.create] }) },
      { stack: 'nodes', error: 'terraform plan failed (exit 1)\n\x1b[31mError:\x1b[0m bad ``` value\n  on cdk.tf.json line 3' },
    ]);
    expect(md).toContain('## ❌ Terraform plan failed for 1 of 2 stacks');
    expect(md).toContain('| `nodes` | – | – | – | – | – | ❌ failed |');
    expect(md).toContain('````text\nterraform plan failed (exit 1)\nError: bad ``` value\n  on cdk.tf.json line 3\n````');
    expect(md).not.toContain('\x1b');
  });

  test('an errored plan document is a failure too', () => {
    const md = renderPlanSummary([{ stack: 'x', plan: f.plan({ errored: true, resource_changes: [f.create] }) }]);
    expect(md).toContain('## ❌ Terraform plan failed for 1 of 1 stack');
    expect(md).toContain('Terraform marked this plan as errored');
  });

  test('long diagnostics keep their end', () => {
    const error = `${'noise line\n'.repeat(2000)}Error: the real cause`;
    const md = renderPlanSummary([{ stack: 'x', error }]);
    expect(md).toContain('Error: the real cause');
    expect(md.length).toBeLessThan(6000);
  });

  test('table cells stay cells: pipes and backticks in addresses are escaped', () => {
    const odd = f.rc('null_resource.x["a|b`c"]', { actions: ['create'], before: null, after: {}, after_unknown: {} });
    const md = renderPlanSummary([{ stack: 's', plan: f.plan({ resource_changes: [odd] }) }]);
    expect(md).toContain('| 🟢 create | `` null_resource.x["a\\|b`c"] `` |  |');
  });

  test('context line is one line', () => {
    const md = renderPlanSummary([{ stack: 's', plan: f.plan() }], { context: 'Planned abc\nmerged into main' });
    expect(md).toContain('\n\nPlanned abc merged into main\n\n');
  });

  describe('GitHub comment limit', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      f.rc(`proxmox_virtual_environment_vm.node_${String(i).padStart(4, '0')}`, { actions: ['create'], before: null, after: {}, after_unknown: { id: true } }),
    );
    const big = f.plan({ resource_changes: many });

    test('trimmed to 65,536 characters with a note; counts stay complete', () => {
      const md = renderPlanSummary([{ stack: 'big', plan: big }], { fullPlanHint: 'See the artifacts.' });
      expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 500);
      expect(md.startsWith(PLAN_SUMMARY_MARKER)).toBe(true);
      expect(md).toContain('## ✅ Terraform plan: 3000 to add');
      const shown = md.split('\n').filter((l) => l.startsWith('| 🟢 create')).length;
      expect(md).toContain(`_… ${3000 - shown} more not shown._`);
      expect(md).toMatch(new RegExp(`Trimmed to fit GitHub's 65,536-character comment limit: ${3000 - shown} rows not shown\\. See the artifacts\\.`));
    });

    test('a tiny limit still yields valid, closed markdown with the marker', () => {
      const md = renderPlanSummary(
        [
          { stack: 'big', plan: f.plan({ resource_changes: [f.read, f.read], resource_drift: [f.driftUpdate] }) },
          { stack: 'err', error: 'E'.repeat(5000) },
        ],
        { maxLength: 1500 },
      );
      expect(md.length).toBeLessThanOrEqual(1500);
      expect(md.startsWith(PLAN_SUMMARY_MARKER)).toBe(true);
      expect(md).toContain('the rest of this summary is cut');
      expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
      expect((md.match(/^`{3,}/gm) ?? []).length % 2).toBe(0);
    });
  });
});
