import { actionKind, changedAttributes, formatPath, summarizePlan } from '../../../tools/plan-summary/changes';
import * as f from './plan-fixtures';

describe('actionKind', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['read'], 'read'],
    [['no-op'], 'no-op'],
    [['forget'], 'forget'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
  ] as const)('%j is %s', (actions, kind) => expect(actionKind(actions)).toBe(kind));

  test('fails on an action list Terraform does not write', () => {
    expect(() => actionKind(['update', 'delete'])).toThrow(/unknown action list \[update, delete\]/);
  });
});

describe('changedAttributes', () => {
  test('names changed non-sensitive attributes down to list elements; counts sensitive ones', () => {
    expect(changedAttributes(f.update.change)).toEqual({ paths: ['labels[*]', 'memory[0].dedicated', 'tags'], sensitive: 1 });
  });

  test('an attribute becoming unknown counts as changed', () => {
    const res = changedAttributes({ before: { id: 'a', ip: '10.0.0.1' }, after: { id: 'a' }, after_unknown: { ip: true } });
    expect(res).toEqual({ paths: ['ip'], sensitive: 0 });
  });

  test('sensitive subtree: a change is counted, never named below the sensitive attribute', () => {
    const res = changedAttributes({
      before: { config: { user: 'root', key: 'a' } },
      after: { config: { user: 'root', key: 'b' } },
      before_sensitive: { config: { key: true } },
      after_sensitive: { config: { key: true } },
    });
    expect(res).toEqual({ paths: [], sensitive: 1 });
  });

  test('an unchanged sensitive attribute is not counted', () => {
    expect(changedAttributes(f.noop.change)).toEqual({ paths: [], sensitive: 0 });
  });

  test('null and a missing attribute are the same', () => {
    expect(changedAttributes({ before: { a: null, b: 1 }, after: { b: 1 } })).toEqual({ paths: [], sensitive: 0 });
  });

  test('deep changes are reported at depth 4', () => {
    const res = changedAttributes({ before: { a: { b: { c: { d: { e: 1 } } } } }, after: { a: { b: { c: { d: { e: 2 } } } } } });
    expect(res.paths).toEqual(['a.b.c.d']);
  });

  test('map keys (data, not schema names) are masked', () => {
    expect(formatPath(['labels', 'app.kubernetes.io/name'])).toBe('labels[*]');
    expect(formatPath(['disk', 0, 'size'])).toBe('disk[0].size');
    expect(formatPath([])).toBe('(all)');
  });
});

describe('summarizePlan', () => {
  test('counts like Terraform: a replacement is one add and one destroy', () => {
    const s = summarizePlan(f.plan({ resource_changes: [f.create, f.update, f.replace, f.destroy, f.read, f.noop] }));
    expect(s.counts).toEqual({ add: 2, change: 1, destroy: 2, replace: 1, import: 0, move: 0, forget: 0, read: 1 });
    expect(s.hasChanges).toBe(true);
    expect(s.resources.map((r) => r.kind)).toEqual(['replace', 'delete', 'update', 'create', 'read']);
  });

  test('replacement: forcing attributes, reason and order', () => {
    const [r] = summarizePlan(f.plan({ resource_changes: [f.replace] })).resources;
    expect(r).toMatchObject({
      kind: 'replace',
      forcedBy: ['talos_version'],
      reason: 'cannot be updated in place',
      replaceOrder: 'destroy-before-create',
      changedAttributes: ['id'],
      sensitiveChanges: 1,
    });
    const [cbd] = summarizePlan(f.plan({ resource_changes: [f.createBeforeDestroy] })).resources;
    expect(cbd).toMatchObject({ forcedBy: ['source_file[0].path'], replaceOrder: 'create-before-destroy', changedAttributes: ['id'] });
  });

  test('plain no-ops are left out; imports and moves stay and count', () => {
    const s = summarizePlan(f.plan({ resource_changes: [f.noop, f.imported, f.moved] }));
    expect(s.resources.map((r) => r.address)).toEqual(['proxmox_virtual_environment_vm.adopted', 'proxmox_virtual_environment_vm.renamed']);
    expect(s.counts).toMatchObject({ import: 1, move: 1, add: 0 });
    expect(s.resources[1].movedFrom).toBe('proxmox_virtual_environment_vm.original');
    expect(s.hasChanges).toBe(true);
  });

  test('reads alone are not changes', () => {
    expect(summarizePlan(f.plan({ resource_changes: [f.read, f.noop] })).hasChanges).toBe(false);
  });

  test('drift is listed apart from the changes', () => {
    const s = summarizePlan(f.plan({ resource_changes: [f.noop], resource_drift: [f.driftUpdate, f.driftDelete] }));
    expect(s.hasChanges).toBe(false);
    expect(s.drift.map((d) => [d.address, d.kind, d.changedAttributes, d.sensitiveChanges])).toEqual([
      ['proxmox_virtual_environment_vm.cp1', 'update', ['description'], 1],
      ['proxmox_virtual_environment_vm.gone', 'delete', [], 0],
    ]);
  });

  test('outputs: created, updated, deleted; sensitivity kept; unchanged updates dropped', () => {
    const s = summarizePlan(
      f.plan({
        output_changes: {
          kubeconfig: { actions: ['create'], before: null, after_unknown: true, before_sensitive: true, after_sensitive: true },
          endpoint: { actions: ['update'], before: 'a', after: 'b', after_unknown: false, before_sensitive: false, after_sensitive: false },
          same: { actions: ['update'], before: 'a', after: 'a', after_unknown: false },
          old: { actions: ['delete'], before: 'x', after: null },
          kept: { actions: ['no-op'], before: 'x', after: 'x' },
        },
      }),
    );
    expect(s.outputs).toEqual([
      { name: 'endpoint', kind: 'update', sensitive: false },
      { name: 'kubeconfig', kind: 'create', sensitive: true },
      { name: 'old', kind: 'delete', sensitive: false },
    ]);
    expect(s.hasChanges).toBe(true);
  });

  test('an errored plan has no changes to apply', () => {
    const s = summarizePlan(f.plan({ errored: true, resource_changes: [f.create] }));
    expect(s).toMatchObject({ errored: true, hasChanges: false });
  });
});
