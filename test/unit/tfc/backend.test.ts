import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { provider as talos } from '../../../providers/bindings/talos';
import { applyBackend, backendChoiceFromEnv, cloudWorkspaceName, parseBackendChoice, type BackendChoice } from '../../../stacks/backend';
import { App, TerraformOutput, TerraformStack, Testing } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack } from '../../../stacks/talos-config-stack';
import { TalosSecrets } from '../../../stacks/constructs/talos-secrets';

const CLOUD: BackendChoice = { kind: 'cloud', organization: 'acme', workspacePrefix: 'lab', project: 'Clusters', hostname: 'tfe.example.com' };

function terraformBlock(stack: TerraformStack) {
  return JSON.parse(Testing.synth(stack)).terraform;
}

describe('applyBackend', () => {
  test('cloud: a terraform.cloud block with the named workspace <prefix>-<stack id>, no token', () => {
    const stack = new TalosConfigStack(Testing.app(), 'lab-talos', LAB_CLUSTER);
    applyBackend(stack, CLOUD);
    const tf = terraformBlock(stack);
    expect(tf.cloud).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspaces: { name: 'lab-lab-talos', project: 'Clusters' } });
    expect(tf.backend).toBeUndefined();
    expect(JSON.stringify(tf)).not.toContain('token');
  });

  test('cloud without project and hostname writes neither', () => {
    const stack = new TalosConfigStack(Testing.app(), 'lab-talos', LAB_CLUSTER);
    applyBackend(stack, { kind: 'cloud', organization: 'acme', workspacePrefix: 'prod' });
    expect(terraformBlock(stack).cloud).toEqual({ organization: 'acme', workspaces: { name: 'prod-lab-talos' } });
  });

  test("local: a relative state path, replacing the stack's own backend", () => {
    const stack = new TalosConfigStack(Testing.app(), 'lab-talos', LAB_CLUSTER);
    applyBackend(stack, CLOUD);
    applyBackend(stack, { kind: 'local' });
    const tf = terraformBlock(stack);
    expect(tf.backend).toEqual({ local: { path: '../lab-talos/terraform.lab-talos.tfstate' } });
    expect(tf.cloud).toBeUndefined();
  });

  test('a stack without a backend gets one', () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    applyBackend(stack, CLOUD);
    expect(terraformBlock(stack).cloud.workspaces.name).toBe('lab-bare');
  });

  test('a construct named "backend" that is not one is not removed', () => {
    const stack = new TerraformStack(Testing.app(), 'odd');
    new TerraformOutput(stack, 'backend', { value: 'x' });
    expect(() => applyBackend(stack, CLOUD)).toThrow(/odd: a construct named "backend" is in the way/);
  });

  test('invalid choices are refused before anything changes', () => {
    const stack = new TalosConfigStack(Testing.app(), 'lab-talos', LAB_CLUSTER);
    expect(() => applyBackend(stack, { kind: 'cloud', organization: 'a c', workspacePrefix: 'p' })).toThrow(/backend\.organization/);
    expect(terraformBlock(stack).backend).toEqual({ local: { path: '../lab-talos/terraform.lab-talos.tfstate' } });
  });

  test('cross-stack references read the producer workspace by name (full synth)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-backend-'));
    try {
      const app = new App({ outdir });
      const producer = new TerraformStack(app, 'secrets');
      new talos.TalosProvider(producer, 'talos');
      const secrets = new TalosSecrets(producer, 'cluster-secrets', { talosVersion: 'v1.13' });
      const consumer = new TerraformStack(app, 'consumer');
      new TerraformOutput(consumer, 'secrets_id', { value: secrets.secrets.id });
      applyBackend(producer, CLOUD);
      applyBackend(consumer, CLOUD);
      app.synth();
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
      const [remote] = Object.values(json.data.terraform_remote_state) as { backend: string; config: Record<string, unknown> }[];
      expect(remote).toEqual({
        backend: 'remote',
        config: { organization: 'acme', hostname: 'tfe.example.com', workspaces: { name: 'lab-secrets' } },
      });
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(manifest.stacks.consumer.dependencies).toEqual(['secrets']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('workspace names', () => {
  test("prefix-stack, within HCP Terraform's rules", () => {
    expect(cloudWorkspaceName('lab', 'lab-talos')).toBe('lab-lab-talos');
    expect(() => cloudWorkspaceName('lab', 'with.dot')).toThrow(/stack id "with\.dot" must use letters, digits/);
    expect(() => cloudWorkspaceName('p'.repeat(60), 's'.repeat(40))).toThrow(/is 101 characters; HCP Terraform allows 90/);
  });
});

describe('parseBackendChoice', () => {
  test.each([
    [null, 'backend: expected an object'],
    [{ kind: 's3' }, 'backend.kind: must be "local" or "cloud"'],
    [{ kind: 'cloud', workspacePrefix: 'lab' }, 'backend.organization: is required for a cloud backend'],
    [{ kind: 'cloud', organization: 'acme' }, 'backend.workspacePrefix: is required for a cloud backend'],
    [
      { kind: 'cloud', organization: 'acme', workspacePrefix: 'lab', token: 'x' },
      'backend: unknown field(s) token; a cloud backend takes organization, workspacePrefix, project, hostname (tokens go in TF_TOKEN_<host>)',
    ],
    [{ kind: 'local', path: '/tmp/x' }, 'backend: unknown field(s) path; a local backend takes nothing but kind'],
    [{ kind: 'cloud', organization: 'acme', workspacePrefix: 'lab.x' }, 'backend.workspacePrefix: use letters, digits'],
    [{ kind: 'cloud', organization: 'acme', workspacePrefix: 'lab', project: 'ab' }, 'backend.project: use 3 to 40'],
    [{ kind: 'cloud', organization: 'acme', workspacePrefix: 'lab', hostname: 'https://app.terraform.io' }, 'backend.hostname: use a bare host name'],
  ])('%j is refused', (input, message) => {
    expect(() => parseBackendChoice(input)).toThrow(message);
  });

  test('accepts both kinds', () => {
    expect(parseBackendChoice({ kind: 'local' })).toEqual({ kind: 'local' });
    expect(parseBackendChoice(CLOUD)).toEqual(CLOUD);
  });
});

describe('backendChoiceFromEnv', () => {
  test('local by default', () => {
    expect(backendChoiceFromEnv({})).toEqual({ kind: 'local' });
    expect(backendChoiceFromEnv({ PTC_BACKEND: 'local', PTC_TFC_ORGANIZATION: 'ignored' })).toEqual({ kind: 'local' });
  });

  test("cloud from PTC_* with Terraform's TF_CLOUD_* as fallbacks; empty values count as unset", () => {
    expect(backendChoiceFromEnv({ PTC_BACKEND: 'cloud', TF_CLOUD_ORGANIZATION: 'acme', PTC_TFC_WORKSPACE_PREFIX: 'lab', PTC_TFC_PROJECT: '', TF_CLOUD_HOSTNAME: 'tfe.example.com' })).toEqual({
      kind: 'cloud',
      organization: 'acme',
      workspacePrefix: 'lab',
      hostname: 'tfe.example.com',
    });
    expect(backendChoiceFromEnv({ PTC_BACKEND: 'cloud', PTC_TFC_ORGANIZATION: 'mine', TF_CLOUD_ORGANIZATION: 'other', PTC_TFC_WORKSPACE_PREFIX: 'p' })).toMatchObject({
      organization: 'mine',
    });
  });

  test('names the variables to set', () => {
    expect(() => backendChoiceFromEnv({ PTC_BACKEND: 'cloud' })).toThrow('environment.organization: is required for a cloud backend (set PTC_TFC_ORGANIZATION and PTC_TFC_WORKSPACE_PREFIX)');
    expect(() => backendChoiceFromEnv({ PTC_BACKEND: 'remote' })).toThrow('environment.kind: must be "local" or "cloud" (PTC_BACKEND is local or cloud)');
  });
});
