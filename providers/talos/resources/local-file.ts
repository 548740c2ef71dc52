/**
 * `talos_local_file`: writes a credential (kubeconfig, talosconfig) to a local file the user asked
 * for, owner-only by default, and keeps it so: a file removed outside Terraform is re-created, one
 * whose content or mode changed is rewritten on the next apply, and destroy removes it. The content
 * is sensitive and never logged; only its SHA-256 is shown.
 */
import { AttributeError, attr, defineResource, defineSchema, type HandlerContext, type Model } from '../../runtime';
import {
  filePathProblem,
  filePermissionProblem,
  formatFileMode,
  inspectFile,
  parseFileMode,
  removeFile,
  sha256Hex,
  writeFileAtomic,
} from './local-file-io';

export const DEFAULT_FILE_PERMISSION = '0600';

const schema = defineSchema({
  description: 'A local file holding sensitive content (e.g. a kubeconfig), written atomically with mode 0600 and removed on destroy.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep', description: 'The path.' }),
    path: attr.string({
      mode: 'required',
      requiresReplace: true,
      description: 'Absolute path of the file; missing parent directories are created with mode 0700.',
      validators: [filePathProblem],
    }),
    content: attr.string({ mode: 'required', sensitive: true, description: 'What the file holds (UTF-8).' }),
    file_permission: attr.string({
      mode: 'optional',
      default: DEFAULT_FILE_PERMISSION,
      description: 'Octal file mode, default "0600"; the group may read, nobody else may access it.',
      validators: [filePermissionProblem],
    }),
    content_sha256: attr.string({ mode: 'computed', description: 'SHA-256 (hex) of the content on disk; a change made outside Terraform shows here.' }),
  },
});

type State = Model<typeof schema>;

function modeOf(state: Pick<State, 'file_permission'>): number {
  return parseFileMode(state.file_permission ?? DEFAULT_FILE_PERMISSION) as number;
}

async function write(state: State, ctx: HandlerContext<unknown>): Promise<Partial<State>> {
  try {
    await writeFileAtomic(state.path, state.content, modeOf(state));
  } catch (err) {
    throw new AttributeError('path', (err as Error).message);
  }
  ctx.log.info('wrote local file', { path: state.path, mode: formatFileMode(modeOf(state)) });
  return { id: state.path, content_sha256: sha256Hex(state.content) };
}

export const localFile = defineResource<typeof schema, unknown>({
  name: 'local_file',
  schema,
  async plan({ config }) {
    const computed: Partial<State> = {};
    if (typeof config.path === 'string') {
      const facts = await inspectFile(config.path);
      if (facts.kind === 'other' && facts.what === 'a directory') throw new AttributeError('path', `${config.path} is a directory; remove it or give the path of a file in it`);
      computed.id = config.path;
    }
    // Planned from the configuration: a file changed on disk (another hash in the refreshed state) plans an update.
    if (typeof config.content === 'string') computed.content_sha256 = sha256Hex(config.content);
    return { computed };
  },
  async create({ planned, ctx }) {
    return { state: await write(planned, ctx) };
  },
  async read({ state }) {
    const facts = await inspectFile(state.path);
    if (facts.kind === 'missing') return null;
    // Something else took the path: no hash, so the plan rewrites it (or names the directory in the way).
    if (facts.kind === 'other') return { state: { content_sha256: null } };
    const file_permission = facts.mode === modeOf(state) ? state.file_permission : formatFileMode(facts.mode);
    return { state: { content_sha256: facts.sha256, file_permission } };
  },
  async update({ planned, ctx }) {
    return { state: await write(planned, ctx) };
  },
  async delete({ prior, ctx }) {
    const facts = await inspectFile(prior.path);
    if (facts.kind === 'missing') return;
    if (facts.kind === 'other' && facts.what === 'a directory') {
      ctx.warn(`${prior.path} is now a directory`, 'It is not the file Terraform wrote, so it is left in place.');
      return;
    }
    await removeFile(prior.path);
    ctx.log.info('removed local file', { path: prior.path });
  },
});
