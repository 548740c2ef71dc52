/**
 * Small hand-made `terraform show -json` documents (the shapes Terraform 1.11 writes) for the
 * summary's edge cases. Values named SECRET_* must never reach a summary.
 */
import type { PlanJson, ResourceChange } from '../../../tools/plan-summary/plan-json';

export const SECRET_KEY = 'SECRET_KEY-5f1c2a9e';
export const SECRET_TOKEN = 'SECRET_TOKEN-77d0b3c4';
export const SECRET_OUTPUT = 'SECRET_OUTPUT-0a9e31f2';
/** Not sensitive, but a value: values are never printed either. */
export const PLAIN_VALUE = 'plain-value-3c6d';

export function rc(address: string, change: ResourceChange['change'], extra: Partial<ResourceChange> = {}): ResourceChange {
  const [type, name] = address.replace(/^data\./, '').split('.');
  return { address, mode: address.startsWith('data.') ? 'data' : 'managed', type, name, change, ...extra };
}

export function plan(parts: Partial<PlanJson> = {}): PlanJson {
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {}, errored: false, ...parts };
}

export const create = rc('talos_machine_secrets.this', {
  actions: ['create'],
  before: null,
  after: { talos_version: 'v1.13' },
  after_unknown: { id: true, machine_secrets: true, client_configuration: true },
  before_sensitive: false,
  after_sensitive: { machine_secrets: true, client_configuration: true },
});

export const update = rc('proxmox_virtual_environment_vm.cp1', {
  actions: ['update'],
  before: { name: 'cp-1', memory: [{ dedicated: 4096 }], tags: ['a'], password: SECRET_KEY, labels: { 'team.example/owner': PLAIN_VALUE } },
  after: { name: 'cp-1', memory: [{ dedicated: 8192 }], tags: ['a', 'b'], password: SECRET_TOKEN, labels: { 'team.example/owner': 'someone-else' } },
  after_unknown: { memory: [{}], tags: [false, false] },
  before_sensitive: { password: true },
  after_sensitive: { password: true },
});

export const replace = rc(
  'talos_machine_secrets.cluster',
  {
    actions: ['delete', 'create'],
    before: { id: 'machine_secrets', talos_version: 'v1.13', machine_secrets: { certs: { os: { key: SECRET_KEY } } } },
    after: { talos_version: 'v1.12' },
    after_unknown: { id: true, machine_secrets: true },
    before_sensitive: { machine_secrets: true },
    after_sensitive: { machine_secrets: true },
    replace_paths: [['talos_version']],
  },
  { action_reason: 'replace_because_cannot_update' },
);

export const createBeforeDestroy = rc(
  'proxmox_virtual_environment_file.image',
  {
    actions: ['create', 'delete'],
    before: { id: 'local:iso/a.iso', source_file: [{ path: 'https://example/a.iso' }] },
    after: { source_file: [{ path: 'https://example/b.iso' }] },
    after_unknown: { id: true },
    before_sensitive: {},
    after_sensitive: {},
    replace_paths: [['source_file', 0, 'path']],
  },
  { action_reason: 'replace_because_cannot_update' },
);

export const destroy = rc(
  'proxmox_virtual_environment_vm.old',
  { actions: ['delete'], before: { name: 'old', password: SECRET_KEY }, after: null, before_sensitive: { password: true }, after_sensitive: false },
  { action_reason: 'delete_because_no_resource_config' },
);

export const read = rc(
  'data.talos_machine_configuration.cp1',
  {
    actions: ['read'],
    before: null,
    after: { cluster_name: 'lab' },
    after_unknown: { machine_configuration: true },
    before_sensitive: false,
    after_sensitive: { machine_configuration: true, machine_secrets: true },
  },
  { action_reason: 'read_because_config_unknown' },
);

export const noop = rc('talos_machine_secrets.kept', {
  actions: ['no-op'],
  before: { id: 'x', machine_secrets: { key: SECRET_KEY } },
  after: { id: 'x', machine_secrets: { key: SECRET_KEY } },
  after_unknown: {},
  before_sensitive: { machine_secrets: true },
  after_sensitive: { machine_secrets: true },
});

export const imported = rc('proxmox_virtual_environment_vm.adopted', {
  actions: ['no-op'],
  before: { name: 'adopted' },
  after: { name: 'adopted' },
  after_unknown: {},
  before_sensitive: {},
  after_sensitive: {},
  importing: { id: 'pve/qemu/123' },
});

export const moved = rc(
  'proxmox_virtual_environment_vm.renamed',
  { actions: ['no-op'], before: { name: 'a' }, after: { name: 'a' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  { previous_address: 'proxmox_virtual_environment_vm.original' },
);

export const driftUpdate = rc('proxmox_virtual_environment_vm.cp1', {
  actions: ['update'],
  before: { name: 'cp-1', description: PLAIN_VALUE, password: SECRET_KEY },
  after: { name: 'cp-1', description: 'edited in the UI', password: SECRET_TOKEN },
  after_unknown: {},
  before_sensitive: { password: true },
  after_sensitive: { password: true },
});

export const driftDelete = rc('proxmox_virtual_environment_vm.gone', {
  actions: ['delete'],
  before: { name: 'gone' },
  after: null,
  before_sensitive: {},
  after_sensitive: false,
});
