/**
 * `talos_local_file` without Terraform: the file operations (atomic write, exact mode whatever the
 * umask, owner-only parent directories), the attribute checks, and the whole lifecycle through the
 * provider service as Terraform calls it: plan, create, refresh, drift (content, mode, removal)
 * repaired by the next plan/apply, destroy. Ownership: a file already at the path fails the plan
 * (unless adopt_existing), a link or special file is refused, destroy leaves a file changed since
 * it was written. The content never reaches a log line or a diagnostic.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeMsgpack, encodeMsgpack, isUnknown, unknown, type CtyValue } from '../../../../providers/runtime/cty';
import { createLogger } from '../../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../../providers/runtime/server/provider-service';
import { provider } from '../../../../providers/talos/provider';
import { filePathProblem, filePermissionProblem, formatFileMode, inspectFile, parseFileMode, sha256Hex, writeFileAtomic } from '../../../../providers/talos/resources/local-file/file-io';

type Obj = Record<string, CtyValue>;
const TYPE = 'talos_local_file';
const handler = provider.resources.find((r) => r.name === 'local_file')!;
const type = schemaImpliedType(handler.schema);
const dv = (v: CtyValue) => ({ msgpack: Buffer.from(encodeMsgpack(v, type)) });
const un = (d: { msgpack?: Buffer | Uint8Array | null } | undefined) => (d?.msgpack?.length ? (decodeMsgpack(d.msgpack, type) as Obj) : null);

const SECRET = 'client-key-data: c3VwZXItc2VjcmV0LWtleS1tYXRlcmlhbA==\n';
const logLines: string[] = [];
const svc = new ProviderService(
  provider,
  createLogger('test', 'trace', (line) => void logLines.push(line)),
);
let tmp: string;

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const config = (over: Obj = {}): Obj => ({ id: null, path: path.join(tmp, 'creds', 'kubeconfig'), content: SECRET, file_permission: null, adopt_existing: null, content_sha256: null, ...over });

beforeAll(async () => {
  await svc.configureProvider({ terraform_version: '1.11.4', config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(provider.schema))) } });
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-local-file-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterAll(() => {
  // Every log line of every test: paths and modes, never the content.
  expect(logLines.join('\n')).not.toContain('c3VwZXItc2VjcmV0');
});

type Step = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };
const attrOf = (d: { attribute?: { steps?: Step[] } }) => {
  const step = d.attribute?.steps?.[0];
  return step && 'attribute_name' in step ? step.attribute_name : undefined;
};

async function plan(prior: Obj | null, cfg: Obj) {
  const res = await svc.planResourceChange({ type_name: TYPE, prior_state: dv(prior), proposed_new_state: dv(cfg), config: dv(cfg) });
  const replace = (res.requires_replace ?? []).map((p) => p.steps.map((s) => Object.values(s)[0]).join('.'));
  return { planned: un(res.planned_state), replace, diagnostics: res.diagnostics };
}

async function apply(prior: Obj | null, planned: Obj | null, cfg: Obj | null) {
  const res = await svc.applyResourceChange({ type_name: TYPE, prior_state: dv(prior), planned_state: dv(planned), config: dv(cfg) });
  expect(res.diagnostics).toEqual([]);
  return un(res.new_state);
}

async function refresh(state: Obj) {
  const res = await svc.readResource({ type_name: TYPE, current_state: dv(state) });
  expect(res.diagnostics).toEqual([]);
  return un(res.new_state);
}

/** plan + apply from `prior` to `cfg`, as `terraform apply` does after its refresh. */
async function converge(prior: Obj | null, cfg: Obj) {
  const p = await plan(prior, cfg);
  expect(p.diagnostics).toEqual([]);
  return (await apply(prior, p.planned, cfg))!;
}

describe('file operations', () => {
  test('atomic write: exact mode whatever the umask, new parent directories 0700, no temporary file left', async () => {
    const file = path.join(tmp, 'a', 'b', 'talosconfig');
    const old = process.umask(0o000);
    try {
      await writeFileAtomic(file, 'one', 0o600);
    } finally {
      process.umask(old);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('one');
    expect(mode(file)).toBe(0o600);
    expect(mode(path.join(tmp, 'a'))).toBe(0o700);
    expect(mode(path.join(tmp, 'a', 'b'))).toBe(0o700);

    // A rewrite replaces the file (a new inode: readers never see half a file) and sets the new mode.
    const before = fs.statSync(file).ino;
    await writeFileAtomic(file, 'two', 0o640);
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.statSync(file).ino).not.toBe(before);
    expect(mode(file)).toBe(0o640);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['talosconfig']);
  });

  test('an existing parent directory keeps its mode', async () => {
    fs.chmodSync(tmp, 0o755);
    await writeFileAtomic(path.join(tmp, 'f'), 'x', 0o600);
    expect(mode(tmp)).toBe(0o755);
  });

  test('a directory in the way or a parent that is a file: clear error, nothing left behind', async () => {
    fs.mkdirSync(path.join(tmp, 'dir'));
    await expect(writeFileAtomic(path.join(tmp, 'dir'), SECRET, 0o600)).rejects.toThrow(`${path.join(tmp, 'dir')} is a directory; remove it or choose another path`);
    fs.writeFileSync(path.join(tmp, 'plain'), 'x');
    await expect(writeFileAtomic(path.join(tmp, 'plain', 'kubeconfig'), SECRET, 0o600)).rejects.toThrow(/cannot create the directory .*plain: part of it is a file/);
    expect(fs.readdirSync(tmp).sort()).toEqual(['dir', 'plain']);
    expect(fs.readdirSync(path.join(tmp, 'dir'))).toEqual([]);
  });

  test('inspect: missing, file (hash and mode), directory, symbolic link', async () => {
    const file = path.join(tmp, 'f');
    expect(await inspectFile(file)).toEqual({ kind: 'missing' });
    expect(await inspectFile(path.join(file, 'below-a-missing-dir'))).toEqual({ kind: 'missing' });
    fs.writeFileSync(file, 'abc', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    expect(await inspectFile(file)).toEqual({ kind: 'file', mode: 0o640, sha256: sha256Hex('abc') });
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await inspectFile(tmp)).toEqual({ kind: 'other', what: 'a directory' });
    fs.symlinkSync(file, path.join(tmp, 'link'));
    expect(await inspectFile(path.join(tmp, 'link'))).toEqual({ kind: 'other', what: 'a symbolic link' });
  });

  test.each([
    ['0600', undefined],
    ['600', undefined],
    ['0400', undefined],
    ['0640', undefined],
    ['0700', undefined],
    ['0644', /gives access to other users/],
    ['0604', /gives access to other users/],
    ['0660', /lets the group write/],
    ['0200', /does not let the owner read/],
    ['0777', /gives access to other users/],
    ['rw-------', /not an octal file mode; use four octal digits such as "0600"/],
    ['0800', /not an octal file mode/],
    ['00600', /not an octal file mode/],
    ['', /not an octal file mode/],
  ])('file_permission %j', (text, problem) => {
    const found = filePermissionProblem(text);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  test('modes: parse and format', () => {
    expect(parseFileMode('0640')).toBe(0o640);
    expect(parseFileMode('640')).toBe(0o640);
    expect(parseFileMode('0x1')).toBeUndefined();
    expect(formatFileMode(0o600)).toBe('0600');
    expect(formatFileMode(0o100644)).toBe('0644');
    expect(formatFileMode(0o40)).toBe('0040');
  });

  test.each([
    ['/home/me/.kube/lab.kubeconfig', undefined],
    ['.lab/kubeconfig', /"\.lab\/kubeconfig" is relative, and Terraform runs in the stack's directory; give an absolute path/],
    ['kubeconfig', /is relative/],
    ['/home/me/.kube/', /names a directory; give the file's path, e.g. \/home\/me\/.kube\/kubeconfig/],
    ['/home/me/..', /names a directory/],
    ['/tmp/a\0b', /NUL/],
  ])('path %j', (text, problem) => {
    const found = filePathProblem(text);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('talos_local_file through the provider service', () => {
  test('bad path and permission: diagnostics on the attribute, before anything is written', async () => {
    const res = await svc.validateResourceConfig({ type_name: TYPE, config: dv(config({ path: 'out/kubeconfig', file_permission: '0644' })) });
    const byAttr = Object.fromEntries(res.diagnostics.map((d) => [attrOf(d), `${d.summary}: ${d.detail}`]));
    expect(Object.keys(byAttr).sort()).toEqual(['file_permission', 'path']);
    expect(byAttr.path).toMatch(/^Invalid value for path: "out\/kubeconfig" is relative/);
    expect(byAttr.file_permission).toMatch(/^Invalid value for file_permission: "0644" gives access to other users/);
    expect(JSON.stringify(res.diagnostics)).not.toContain('c3VwZXItc2VjcmV0');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('an existing directory at the path fails the plan, naming the attribute', async () => {
    fs.mkdirSync(path.join(tmp, 'creds', 'kubeconfig'), { recursive: true });
    const { diagnostics } = await plan(null, config());
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].summary).toBe(`talos_local_file plan: path: ${path.join(tmp, 'creds', 'kubeconfig')} is a directory; remove it or give the path of a file in it`);
    expect(attrOf(diagnostics[0])).toBe('path');
  });

  test('create plans the hash of known content; unknown content leaves it unknown', async () => {
    const known = await plan(null, config());
    expect(known.planned).toMatchObject({ id: config().path, file_permission: '0600', content_sha256: sha256Hex(SECRET) });
    // Terraform plans again at apply time, once the content is known.
    const later = await plan(null, config({ content: unknown() }));
    expect(isUnknown(later.planned!.content_sha256)).toBe(true);
    expect(later.planned!.id).toBe(config().path);
  });

  test('create, refresh, empty plan; drift in content, mode and existence is repaired; destroy removes it', async () => {
    const cfg = config();
    const file = cfg.path as string;
    let state = await converge(null, cfg);
    expect(state).toEqual({ ...cfg, id: file, file_permission: '0600', adopt_existing: false, content_sha256: sha256Hex(SECRET) });
    expect(fs.readFileSync(file, 'utf8')).toBe(SECRET);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);

    // Nothing changed: refresh keeps the state, the plan is the prior state itself (no-op).
    expect(await refresh(state)).toEqual(state);
    expect((await plan(state, cfg)).planned).toEqual(state);

    // Content changed outside Terraform: refresh shows the file's hash, the plan an in-place update back.
    fs.writeFileSync(file, 'edited by hand\n');
    let refreshed = (await refresh(state))!;
    expect(refreshed.content_sha256).toBe(sha256Hex('edited by hand\n'));
    let p = await plan(refreshed, cfg);
    expect(p.replace).toEqual([]);
    expect(p.planned!.content_sha256).toBe(sha256Hex(SECRET));
    state = (await apply(refreshed, p.planned, cfg))!;
    expect(fs.readFileSync(file, 'utf8')).toBe(SECRET);

    // Mode changed: refresh reports it, the plan sets it back.
    fs.chmodSync(file, 0o644);
    refreshed = (await refresh(state))!;
    expect(refreshed.file_permission).toBe('0644');
    p = await plan(refreshed, cfg);
    expect(p.planned!.file_permission).toBe('0600');
    state = (await apply(refreshed, p.planned, cfg))!;
    expect(mode(file)).toBe(0o600);
    expect(await refresh(state)).toEqual(state);

    // Removed: refresh says it is gone (Terraform plans a create), and the create writes it again.
    fs.rmSync(file);
    expect(await refresh(state)).toBeNull();
    state = await converge(null, cfg);
    expect(fs.readFileSync(file, 'utf8')).toBe(SECRET);

    // New content from the configuration: in place, no replacement.
    p = await plan(state, config({ content: 'rotated\n' }));
    expect(p.replace).toEqual([]);
    state = (await apply(state, p.planned, config({ content: 'rotated\n' })))!;
    expect(fs.readFileSync(file, 'utf8')).toBe('rotated\n');

    // Destroy removes the file; a file already gone is fine.
    expect(await apply(state, null, null)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    expect(await apply(state, null, null)).toBeNull();
  });

  test('another path replaces the resource; a permission written as "600" does not drift', async () => {
    const cfg = config({ file_permission: '600' });
    const state = await converge(null, cfg);
    expect(await refresh(state)).toEqual(state);
    const moved = await plan(state, config({ file_permission: '600', path: path.join(tmp, 'other') }));
    expect(moved.replace).toEqual(['path']);
  });

  test('group-readable 0640 when asked', async () => {
    const state = await converge(null, config({ file_permission: '0640' }));
    expect(mode(state.path as string)).toBe(0o640);
  });
});

describe('talos_local_file never takes or removes a file it did not write', () => {
  const USER = "apiVersion: v1\nkind: Config\n# the user's own kubeconfig\n";

  async function applyRaw(prior: Obj | null, planned: Obj | null, cfg: Obj | null, priv?: Buffer) {
    const res = await svc.applyResourceChange({ type_name: TYPE, prior_state: dv(prior), planned_state: dv(planned), config: dv(cfg), planned_private: priv });
    return { state: un(res.new_state), private: res.private as Buffer | undefined, diagnostics: res.diagnostics };
  }

  test('an existing file not written by the resource fails the plan, naming the path and the fix; the file is untouched', async () => {
    const cfg = config();
    const file = cfg.path as string;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, USER, { mode: 0o644 });
    const { diagnostics, planned } = await plan(null, cfg);
    expect(planned).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(attrOf(diagnostics[0])).toBe('path');
    expect(diagnostics[0].summary).toContain(`${file} already exists and was not written by this resource, so it is left as it is`);
    expect(diagnostics[0].summary).toContain('adopt_existing = true');
    expect(diagnostics[0].summary).toContain('outputs.adoptExisting: true');
    expect(fs.readFileSync(file, 'utf8')).toBe(USER);
    expect(mode(file)).toBe(0o644);
  });

  test('a file that appears between plan and apply is not overwritten: the create fails and the file is kept', async () => {
    const cfg = config();
    const file = cfg.path as string;
    const p = await plan(null, cfg);
    expect(p.diagnostics).toEqual([]);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, USER);
    const res = await applyRaw(null, p.planned, cfg);
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0].summary).toContain(`${file} already exists and was not written by this resource`);
    expect(fs.readFileSync(file, 'utf8')).toBe(USER);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['kubeconfig']);
  });

  test('adopt_existing takes the file over: planned, overwritten with mode 0600, and removed on destroy', async () => {
    const cfg = config({ adopt_existing: true });
    const file = cfg.path as string;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, USER, { mode: 0o644 });
    const state = await converge(null, cfg);
    expect(state.adopt_existing).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(SECRET);
    expect(mode(file)).toBe(0o600);
    expect(await apply(state, null, null)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a new path (replacement) onto an existing file fails the plan as a create does', async () => {
    const state = await converge(null, config());
    const other = path.join(tmp, 'other');
    fs.writeFileSync(other, USER);
    // Terraform plans the create half of a replacement with no prior state.
    const { diagnostics } = await plan(null, config({ path: other }));
    expect(diagnostics[0].summary).toContain(`${other} already exists and was not written by this resource`);
    const moved = await plan(state, config({ path: other }));
    expect(moved.diagnostics[0].summary).toContain(`${other} already exists`);
    expect(fs.readFileSync(other, 'utf8')).toBe(USER);
  });

  test('a symbolic link at the path is refused at plan, on create and after our file was replaced by one; its target is untouched', async () => {
    const target = path.join(tmp, 'target');
    fs.writeFileSync(target, USER);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(target, link);
    for (const adopt of [null, true]) {
      const { diagnostics } = await plan(null, config({ path: link, adopt_existing: adopt }));
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0].summary).toMatch(new RegExp(`path: ${link} is a symbolic link \\(to ${target}\\); links are never written through or replaced`));
    }
    // Our file, later replaced by a link: refresh shows a change, the plan refuses to write through it.
    const cfg = config();
    const file = cfg.path as string;
    const state = await converge(null, cfg);
    fs.rmSync(file);
    fs.symlinkSync(target, file);
    const refreshed = (await refresh(state))!;
    const p = await plan(refreshed, cfg);
    expect(p.diagnostics[0].summary).toContain(`${file} is a symbolic link`);
    // Destroy leaves the link (it is not the file Terraform wrote) and warns.
    const res = await applyRaw(refreshed, null, null);
    expect(res.diagnostics.map((d) => d.summary)).toEqual([`talos_local_file: ${file} is now a symbolic link`]);
    expect(fs.readlinkSync(file)).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toBe(USER);
  });

  test('a FIFO at the path and a path under /proc are refused at plan', async () => {
    const fifo = path.join(tmp, 'fifo');
    require('node:child_process').execFileSync('mkfifo', [fifo]);
    expect((await plan(null, config({ path: fifo, adopt_existing: true }))).diagnostics[0].summary).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
    expect((await plan(null, config({ path: '/proc/ptc-kubeconfig' }))).diagnostics[0].summary).toContain('/proc/ptc-kubeconfig is under /proc');
  });

  test('destroy leaves a file edited after it was written, with a warning; an unchanged one is removed', async () => {
    const cfg = config();
    const file = cfg.path as string;
    const p = await plan(null, cfg);
    const created = await applyRaw(null, p.planned, cfg);
    expect(created.diagnostics).toEqual([]);
    // The SHA-256 of what was written travels in private state.
    expect(JSON.parse(Buffer.from(created.private!).toString('utf8'))).toEqual({ written_sha256: sha256Hex(SECRET) });
    fs.appendFileSync(file, '# my own context\n');
    const refreshed = (await refresh(created.state!))!;
    const res = await applyRaw(refreshed, null, null, created.private);
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0].severity).toBe('WARNING');
    expect(res.diagnostics[0].summary).toBe(`talos_local_file: ${file} was changed after Terraform wrote it, so it is left in place`);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${SECRET}# my own context\n`);
    expect(JSON.stringify(res.diagnostics)).not.toContain('c3VwZXItc2VjcmV0');

    // Put back as written: now it is ours again, and destroy removes it.
    fs.writeFileSync(file, SECRET);
    const again = await applyRaw(created.state, null, null, created.private);
    expect(again.diagnostics).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a file replaced by another content of the same path is repaired by update (our file), not adopted anew', async () => {
    const cfg = config();
    const file = cfg.path as string;
    const state = await converge(null, cfg);
    fs.writeFileSync(file, 'changed by hand\n');
    const refreshed = (await refresh(state))!;
    const p = await plan(refreshed, cfg);
    expect(p.diagnostics).toEqual([]);
    await apply(refreshed, p.planned, cfg);
    expect(fs.readFileSync(file, 'utf8')).toBe(SECRET);
  });
});
