/**
 * Local state is readable by its owner only, with real terraform: the state directory synth
 * prepares (0700) protects what `terraform apply` writes there with the umask's mode, and the next
 * synth tightens the files themselves (0600, `.backup` too). When the test runs as root, another
 * user's read is attempted for real (setpriv), not only inferred from mode bits.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localStatePath } from '../../stacks/backend';
import { terraformBinary } from '../../tools/build/engine';
import { protectLocalStates } from '../../stacks/local-state-permissions';

const STACK = 'perm-talos';
let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-state-perm-'));
  // mkdtemp makes 0700; open it like a checkout, so only the state directory's own mode counts.
  fs.chmodSync(outdir, 0o755);
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function terraform(dir: string, args: string[]): void {
  const res = spawnSync(terraformBinary(), args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }, timeout: 120_000 });
  if (res.status !== 0) throw new Error(`terraform ${args.join(' ')}: ${res.stderr}`);
}

/** Whether uid 65534 (nobody) can read `file`; undefined when not root (cannot switch users). */
function otherUserCanRead(file: string): boolean | undefined {
  if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', file]).status === 0;
}

test('terraform apply writes state into a 0700 directory; synth makes state and backup 0600', () => {
  // Control: another user does read a 0644 file in an open directory here (when the check can run).
  const control = path.join(outdir, 'control.txt');
  fs.writeFileSync(control, 'public', { mode: 0o644 });
  expect(otherUserCanRead(control)).not.toBe(false);
  const [dir] = protectLocalStates(outdir, [STACK]).map((p) => p.dir);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  // The backend path the stacks synthesize, a resource that needs no provider download.
  const config = {
    terraform: { backend: { local: { path: localStatePath(STACK) } } },
    resource: { terraform_data: { secret: { input: 'state-only-value-0123456789' } } },
  };
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
  const oldUmask = process.umask(0o022);
  try {
    terraform(dir, ['init', '-input=false', '-no-color']);
    terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
    // A second apply makes terraform write its .backup.
    config.resource.terraform_data.secret.input = 'state-only-value-9876543210';
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
    terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
  } finally {
    process.umask(oldUmask);
  }
  const state = path.join(dir, `terraform.${STACK}.tfstate`);
  const backup = `${state}.backup`;
  expect(fs.readFileSync(state, 'utf8')).toContain('state-only-value-9876543210');
  expect(fs.existsSync(backup)).toBe(true);
  // Whatever mode terraform chose, the directory keeps others out.
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  expect(otherUserCanRead(state)).not.toBe(true);

  const [again] = protectLocalStates(outdir, [STACK]);
  for (const f of [state, backup]) expect({ f, mode: fs.statSync(f).mode & 0o777 }).toEqual({ f, mode: 0o600 });
  expect(again.tightened.every((f) => f === state || f === backup)).toBe(true);
  // Even with the directory opened up, the files alone keep others out.
  fs.chmodSync(dir, 0o755);
  expect(otherUserCanRead(state)).not.toBe(true);
  protectLocalStates(outdir, [STACK]);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
}, 240_000);
