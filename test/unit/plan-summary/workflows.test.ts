/**
 * The GitHub Actions workflows cannot run here, so their structure is checked and their inline
 * scripts are run: shell steps through `bash -n`, github-script steps against a fake GitHub API.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { PLAN_SUMMARY_MARKER } from '../../../tools/plan-summary/render';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | boolean | number>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  'runs-on': string;
  permissions: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[] }>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(name: string): Workflow {
  return parse(fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

const plan = load('plan.yml');
const apply = load('apply.yml');
const planJob = plan.jobs.plan;
const applyJob = apply.jobs.apply;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function step(job: Job, pred: (s: Step) => boolean, what: string): Step {
  const s = job.steps.find(pred);
  if (!s) throw new Error(`no step ${what}`);
  return s;
}
const index = (job: Job, pred: (s: Step) => boolean) => job.steps.findIndex(pred);
const runs = (text: string) => (s: Step) => (s.run ?? '').includes(text);
const uses = (action: string) => (s: Step) => (s.uses ?? '').startsWith(`${action}@`);

describe.each([
  ['plan.yml', plan, planJob],
  ['apply.yml', apply, applyJob],
])('%s', (_name, wf, job) => {
  test('least privilege: nothing at the top, read-only contents in the job', () => {
    expect(wf.permissions).toEqual({});
    expect(job.permissions.contents).toBe('read');
    expect(Object.values(job.permissions).every((p) => p === 'read' || p === 'write')).toBe(true);
  });

  test('every action is pinned to an exact release tag', () => {
    for (const s of job.steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
  });

  test('Node 22/24 and the pinned Terraform without its output wrapper', () => {
    expect(['22', '24']).toContain(wf.env.NODE_VERSION);
    expect(step(job, uses('actions/setup-node'), 'setup-node').with).toEqual({ 'node-version': '${{ env.NODE_VERSION }}' });
    expect(step(job, uses('hashicorp/setup-terraform'), 'setup-terraform').with).toEqual({
      terraform_version: '${{ env.TERRAFORM_VERSION }}',
      terraform_wrapper: false,
    });
    expect(wf.env.TERRAFORM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('checkout keeps no credentials; install, providers, synth in order', () => {
    expect(step(job, uses('actions/checkout'), 'checkout').with).toEqual({ 'persist-credentials': false });
    const order = [uses('actions/checkout'), runs('npm install'), runs('npm run build:providers'), runs('npm run synth'), runs('tools/plan-summary/')];
    const at = order.map((p) => index(job, p));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('referenced npm scripts and repository files exist', () => {
    for (const s of job.steps.filter((x) => x.run)) {
      for (const [, script] of s.run!.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(script);
      for (const [file] of s.run!.matchAll(/providers\/[\w/.-]+\.ts/g)) expect(fs.existsSync(path.join(REPO_ROOT, file))).toBe(true);
    }
  });

  test('no expression is spliced into a shell script; secrets reach steps only through env', () => {
    for (const s of job.steps) {
      expect(s.run ?? '').not.toContain('${{');
      expect(JSON.stringify(s.with ?? {})).not.toContain('secrets.');
    }
  });

  test('shell steps parse (bash -n)', () => {
    for (const s of job.steps.filter((x) => x.run)) {
      expect(() => execFileSync('bash', ['-n'], { input: s.run, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
    }
  });

  test('Terraform talks to the filesystem mirror and the plan key is a secret', () => {
    const tf = step(job, runs('tools/plan-summary/'), 'plan/apply');
    expect(tf.env).toMatchObject({ TF_CLI_CONFIG_FILE: '${{ github.workspace }}/dist/terraformrc', PTC_PLAN_KEY: '${{ secrets.PTC_PLAN_KEY }}' });
  });
});

test('both workflows pin the same Terraform, Node and action versions', () => {
  expect(apply.env.TERRAFORM_VERSION).toBe(plan.env.TERRAFORM_VERSION);
  expect(apply.env.NODE_VERSION).toBe(plan.env.NODE_VERSION);
  const versions = (job: Job) => Object.fromEntries(job.steps.filter((s) => s.uses).map((s) => s.uses!.split('@')));
  const a = versions(applyJob);
  for (const [action, v] of Object.entries(versions(planJob))) if (a[action]) expect(a[action]).toBe(v);
});

describe('plan.yml', () => {
  test('runs on pull requests, same-repository only, one run per pull request', () => {
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(planJob.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(planJob.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(plan.concurrency).toEqual({ group: 'terraform-plan-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  test('plans with a summary file and a sealed bundle, which is uploaded', () => {
    const planStep = step(planJob, runs('tools/plan-summary/main.ts'), 'plan');
    expect(planStep.run).toMatch(/--out plan-summary\.md/);
    expect(planStep.run).toMatch(/--bundle reviewed-plan\.sealed/);
    const upload = step(planJob, uses('actions/upload-artifact'), 'upload');
    expect(upload.with).toMatchObject({ path: 'reviewed-plan.sealed', 'if-no-files-found': 'error' });
    expect(upload.if).toBeUndefined();
  });

  test('the summary is posted even when planning failed', () => {
    const comment = step(planJob, uses('actions/github-script'), 'comment');
    expect(comment.if).toBe("${{ !cancelled() && hashFiles('plan-summary.md') != '' }}");
    expect(index(planJob, uses('actions/github-script'))).toBeGreaterThan(index(planJob, runs('plan-summary/main.ts')));
  });
});

describe('apply.yml', () => {
  test('runs on pushes to main, one at a time, never cancelled', () => {
    expect(apply.on).toEqual({ push: { branches: ['main'] } });
    expect(apply.concurrency).toEqual({ group: 'terraform-apply', 'cancel-in-progress': false });
    expect(applyJob.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'read' });
  });

  test('downloads the artifact the lookup found and applies the bundle inside it', () => {
    const find = index(applyJob, (s) => s.id === 'reviewed');
    const download = step(applyJob, uses('actions/download-artifact'), 'download');
    expect(index(applyJob, uses('actions/download-artifact'))).toBeGreaterThan(find);
    expect(download.with).toEqual({
      name: '${{ steps.reviewed.outputs.artifact }}',
      'run-id': '${{ steps.reviewed.outputs.run-id }}',
      'github-token': '${{ github.token }}',
      path: 'reviewed-plan',
    });
    expect(step(applyJob, runs('plan-summary/apply.ts'), 'apply').run).toContain('--bundle reviewed-plan/reviewed-plan.sealed');
  });
});

// --- github-script steps, run against a fake API ------------------------------------------

type Fn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => Fn;

function script(job: Job, id: (s: Step) => boolean): Fn {
  const s = step(job, (x) => uses('actions/github-script')(x) && id(x), 'github-script');
  return new AsyncFunction('require', 'github', 'context', 'core', String(s.with!.script));
}

function fakeCore() {
  const out: Record<string, string> = {};
  const failures: string[] = [];
  return { out, failures, core: { setOutput: (k: string, v: string) => (out[k] = v), setFailed: (m: string) => failures.push(m), info: () => undefined } };
}

describe('plan.yml comment script', () => {
  const run = script(planJob, () => true);
  const body = `${PLAN_SUMMARY_MARKER}\n## ✅ Terraform plan: 1 to add\n`;
  const fakeRequire = (text: string) => (m: string) => (m === 'node:fs' ? { readFileSync: () => text } : require(m));

  function github(comments: { id: number; user: { login: string }; body: string }[]) {
    const calls: { op: string; args: Record<string, unknown> }[] = [];
    const api = {
      paginate: async (fn: unknown, args: Record<string, unknown>) => {
        expect(fn).toBe(api.rest.issues.listComments);
        expect(args).toMatchObject({ owner: 'o', repo: 'r', issue_number: 12 });
        return comments;
      },
      rest: {
        issues: {
          listComments: () => undefined,
          updateComment: async (args: Record<string, unknown>) => calls.push({ op: 'update', args }),
          createComment: async (args: Record<string, unknown>) => {
            calls.push({ op: 'create', args });
            return { data: { id: 99 } };
          },
        },
      },
    };
    return { api, calls };
  }
  const context = { repo: { owner: 'o', repo: 'r' }, payload: { pull_request: { number: 12 } } };

  test("the script looks for the renderer's marker", () => {
    expect(String(step(planJob, uses('actions/github-script'), 'comment').with!.script)).toContain(`'${PLAN_SUMMARY_MARKER}'`);
  });

  test('updates its own earlier comment', async () => {
    const { api, calls } = github([
      { id: 1, user: { login: 'someone' }, body: 'looks good' },
      { id: 2, user: { login: 'github-actions[bot]' }, body: `${PLAN_SUMMARY_MARKER}\nold` },
    ]);
    await run(fakeRequire(body), api, context, fakeCore().core);
    expect(calls).toEqual([{ op: 'update', args: { owner: 'o', repo: 'r', comment_id: 2, body } }]);
  });

  test('creates one when only others quoted the marker', async () => {
    const { api, calls } = github([{ id: 3, user: { login: 'someone' }, body: `${PLAN_SUMMARY_MARKER} quoted` }]);
    await run(fakeRequire(body), api, context, fakeCore().core);
    expect(calls).toEqual([{ op: 'create', args: { owner: 'o', repo: 'r', issue_number: 12, body } }]);
  });

  test('refuses a file that is not a summary', async () => {
    const { api, calls } = github([]);
    await expect(run(fakeRequire('# something else'), api, context, fakeCore().core)).rejects.toThrow(/does not start with the summary marker/);
    expect(calls).toEqual([]);
  });
});

describe('apply.yml lookup script', () => {
  const run = script(applyJob, (s) => s.id === 'reviewed');
  const merge = 'f00d'.repeat(10);
  const head = 'beef'.repeat(10);
  /** The artifact name plan.yml gives, from its template. */
  const uploaded = (pr: number, sha: string) =>
    String(step(planJob, uses('actions/upload-artifact'), 'upload').with!.name)
      .replace('${{ github.event.pull_request.number }}', String(pr))
      .replace('${{ github.event.pull_request.head.sha }}', sha);

  function github(opts: { pulls: unknown[]; runs: { id: number; created_at: string }[]; artifacts: { name: string; expired: boolean }[] }) {
    const seen: Record<string, unknown>[] = [];
    const api = {
      paginate: async (fn: unknown, args: Record<string, unknown>) => {
        expect(fn).toBe(api.rest.actions.listWorkflowRuns);
        seen.push(args);
        return opts.runs;
      },
      rest: {
        repos: {
          listPullRequestsAssociatedWithCommit: async (args: Record<string, unknown>) => {
            expect(args).toEqual({ owner: 'o', repo: 'r', commit_sha: merge });
            return { data: opts.pulls };
          },
        },
        actions: {
          listWorkflowRuns: () => undefined,
          listWorkflowRunArtifacts: async (args: Record<string, unknown>) => {
            seen.push(args);
            return { data: { artifacts: opts.artifacts } };
          },
        },
      },
    };
    return { api, seen };
  }
  const context = { repo: { owner: 'o', repo: 'r' }, sha: merge };
  const pr = { number: 7, merged_at: '2026-01-02T00:00:00Z', merge_commit_sha: merge, head: { sha: head } };

  test('finds the newest successful plan run of the merged pull request and its artifact', async () => {
    const { api, seen } = github({
      pulls: [{ number: 5, merged_at: null, merge_commit_sha: 'x', head: { sha: 'y' } }, pr],
      runs: [
        { id: 100, created_at: '2026-01-01T10:00:00Z' },
        { id: 101, created_at: '2026-01-01T11:00:00Z' },
      ],
      artifacts: [{ name: uploaded(7, head), expired: false }],
    });
    const c = fakeCore();
    await run(require, api, context, c.core);
    expect(c.failures).toEqual([]);
    expect(c.out).toEqual({ pr: '7', 'run-id': '101', artifact: uploaded(7, head) });
    expect(seen[0]).toMatchObject({ workflow_id: 'plan.yml', event: 'pull_request', head_sha: head, status: 'success' });
    expect(seen[1]).toMatchObject({ run_id: 101, name: uploaded(7, head) });
  });

  test.each([
    ['a direct push', { pulls: [], runs: [], artifacts: [] }, /is not the merge of a pull request: nothing was reviewed/],
    ['no successful plan', { pulls: [pr], runs: [], artifacts: [] }, /pull request #7: no successful plan\.yml run/],
    ['an expired artifact', { pulls: [pr], runs: [{ id: 1, created_at: 'x' }], artifacts: [{ name: uploaded(7, head), expired: true }] }, /has no \(unexpired\) artifact/],
  ])('fails on %s, with no outputs', async (_name, opts, message) => {
    const { api } = github(opts);
    const c = fakeCore();
    await run(require, api, context, c.core);
    expect(c.failures).toEqual([expect.stringMatching(message)]);
    expect(c.out).toEqual({});
  });
});
