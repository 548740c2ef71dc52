/**
 * Where a stack keeps its state: a local file beside the synthesized stack (the lab default),
 * or an HCP Terraform / Terraform Enterprise workspace named `<prefix>-<stack id>`. Named (not
 * tagged) workspaces, because cross-stack references read the producer's state by name.
 * Tokens never go into the configuration: Terraform reads them from TF_TOKEN_<host>.
 */
import { z } from 'zod';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from './cdk';

/** HCP Terraform's limit on workspace names. */
const WORKSPACE_NAME_MAX = 90;
const NAME = /^[A-Za-z0-9_-]+$/;
/** How the core marks backends (the same symbol in cdktf and CDK Terrain). */
const BACKEND_MARK = Symbol.for('cdktf/TerraformBackend');

export const backendChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('cloud'),
      organization: z.string().regex(NAME, 'use letters, digits, "-" and "_" (the organization name in HCP Terraform), e.g. "acme"'),
      workspacePrefix: z.string().regex(NAME, 'use letters, digits, "-" and "_", e.g. "lab"; workspaces are named <prefix>-<stack id>'),
      project: z
        .string()
        .regex(/^[A-Za-z0-9 _-]{3,40}$/, 'use 3 to 40 letters, digits, spaces, "-" and "_" (an HCP Terraform project name), e.g. "Clusters"')
        .optional(),
      hostname: z
        .string()
        .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/, 'use a bare host name without scheme or path, e.g. "app.terraform.io"')
        .optional(),
    })
    .strict(),
]);

/** `{kind:'local'}` or `{kind:'cloud', organization, workspacePrefix, project?, hostname?}`. */
export type BackendChoice = z.infer<typeof backendChoiceSchema>;
export type CloudBackendChoice = Extract<BackendChoice, { kind: 'cloud' }>;

export const LOCAL_BACKEND: BackendChoice = { kind: 'local' };

/** Validates a backend choice from configuration, naming the field and the fix. */
export function parseBackendChoice(input: unknown, where = 'backend'): BackendChoice {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`${where}: expected an object, e.g. {kind: "local"} or {kind: "cloud", organization: "acme", workspacePrefix: "lab"}`);
  }
  const res = backendChoiceSchema.safeParse(input);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = [where, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const takes = (input as { kind?: unknown }).kind === 'cloud' ? 'organization, workspacePrefix, project, hostname (tokens go in TF_TOKEN_<host>)' : 'nothing but kind';
    throw new Error(`${field}: unknown field(s) ${issue.keys.join(', ')}; a ${String((input as { kind?: unknown }).kind)} backend takes ${takes}`);
  }
  if (issue.code === 'invalid_union') throw new Error(`${where}.kind: must be "local" or "cloud"`);
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) throw new Error(`${field}: is required for a cloud backend`);
  throw new Error(`${field}: ${issue.message}`);
}

/**
 * The backend choice from the environment (for CI): PTC_BACKEND=local|cloud; for cloud
 * PTC_TFC_ORGANIZATION (or TF_CLOUD_ORGANIZATION), PTC_TFC_WORKSPACE_PREFIX,
 * PTC_TFC_PROJECT (or TF_CLOUD_PROJECT), PTC_TFC_HOSTNAME (or TF_CLOUD_HOSTNAME).
 */
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv): BackendChoice {
  const kind = env.PTC_BACKEND || 'local';
  if (kind === 'local') return LOCAL_BACKEND;
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const raw = {
    kind,
    organization: pick('PTC_TFC_ORGANIZATION', 'TF_CLOUD_ORGANIZATION'),
    workspacePrefix: pick('PTC_TFC_WORKSPACE_PREFIX'),
    project: pick('PTC_TFC_PROJECT', 'TF_CLOUD_PROJECT'),
    hostname: pick('PTC_TFC_HOSTNAME', 'TF_CLOUD_HOSTNAME'),
  };
  const fields = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  try {
    return parseBackendChoice(fields, 'environment');
  } catch (e) {
    const hint = kind === 'cloud' ? ' (set PTC_TFC_ORGANIZATION and PTC_TFC_WORKSPACE_PREFIX)' : ' (PTC_BACKEND is local or cloud)';
    throw new Error(`${(e as Error).message}${hint}`);
  }
}

/**
 * The one workspace naming: `<prefix><separator><stack id>`. The environment's choice (PTC_BACKEND)
 * joins with "-"; a definition's `workspacePrefix` is taken as written ("" joins).
 */
export function cloudWorkspaceName(prefix: string, stackId: string, separator = '-'): string {
  const name = `${prefix}${separator}${stackId}`;
  if (!NAME.test(name)) throw new Error(`workspace name "${name}": stack id "${stackId}" must use letters, digits, "-" and "_" for an HCP Terraform workspace`);
  if (name.length > WORKSPACE_NAME_MAX) {
    throw new Error(`workspace name "${name}" is ${name.length} characters; HCP Terraform allows ${WORKSPACE_NAME_MAX}: shorten workspacePrefix or the stack id`);
  }
  return name;
}

/** The local state file of a stack, relative so synthesized JSON does not depend on the machine. */
export function localStatePath(stackId: string): string {
  // cdktf reuses this path for the terraform_remote_state of cross-stack references, which runs in the
  // consuming stack's directory: going through the parent keeps it the same file from every sibling.
  return `../${stackId}/terraform.${stackId}.tfstate`;
}

/**
 * Gives `stack` the chosen backend (a stack has exactly one). A local backend the stack already has
 * stays when local is the choice; anything else is replaced.
 */
export function applyBackend(stack: TerraformStack, choice: BackendChoice): LocalBackend | CloudBackend {
  const checked = parseBackendChoice(choice);
  if (checked.kind === 'cloud') {
    const { organization, hostname, project } = checked;
    return applyCloudWorkspace(stack, { organization, hostname, project, workspace: cloudWorkspaceName(checked.workspacePrefix, stack.node.id) });
  }
  // The stacks declare their local backend themselves: it stays, so no stack's backend is made twice.
  const existing = replaceableBackend(stack);
  if (existing instanceof LocalBackend) return existing;
  if (existing) stack.node.tryRemoveChild('backend');
  return new LocalBackend(stack, { path: localStatePath(stack.node.id) });
}

/** One named HCP Terraform workspace as the stack's backend (names checked by cloudWorkspaceName). */
export function applyCloudWorkspace(stack: TerraformStack, cloud: { organization: string; hostname?: string; project?: string; workspace: string }): CloudBackend {
  if (replaceableBackend(stack)) stack.node.tryRemoveChild('backend');
  return new CloudBackend(stack, { organization: cloud.organization, hostname: cloud.hostname, workspaces: new NamedCloudWorkspace(cloud.workspace, cloud.project) });
}

/** The stack's backend, if any: every cdktf backend is the stack child with id "backend" (marked by the core's symbol). */
function replaceableBackend(stack: TerraformStack): object | undefined {
  const existing = stack.node.tryFindChild('backend');
  if (existing && !(BACKEND_MARK in existing)) throw new Error(`${stack.node.path}: a construct named "backend" is in the way of the stack's backend; rename it`);
  return existing;
}
