/**
 * `talos_local_file`: writes a credential (kubeconfig, talosconfig) to a local file the user asked
 * for, owner-only by default, and keeps it so: a file removed outside Terraform is re-created, one
 * whose content or mode changed is rewritten on the next apply. It never takes a file it did not
 * write: a file already at the path fails the plan unless `adopt_existing` is set, a symbolic link
 * or special file at the path is refused, and destroy removes the file only while it still holds
 * what was written (the SHA-256 kept in private state), else leaves it with a warning. The content
 * is sensitive and never logged; only its SHA-256 is shown.
 */
import { AttributeError, defineResource, type HandlerContext, type Model } from '../../../runtime';
import { formatFileMode, inspectFile, parseFileMode, removeFile, sha256Hex, writeFileAtomic } from './file-io';
import { targetProblem, type FileWriteError, type ReplacePolicy } from '../../../files/atomic-write';
import { schema, DEFAULT_FILE_PERMISSION } from './schema';

type State = Model<typeof schema>;

function modeOf(state: Pick<State, 'file_permission'>): number {
  return parseFileMode(state.file_permission ?? DEFAULT_FILE_PERMISSION) as number;
}

/** Private state: the SHA-256 of what this resource last wrote, its proof of ownership on destroy. */
type Ownership = { readonly written_sha256?: string };

async function write(state: State, replace: ReplacePolicy, ctx: HandlerContext<unknown>): Promise<{ state: Partial<State>; private: Ownership }> {
  try {
    await writeFileAtomic(state.path, state.content, modeOf(state), replace);
  } catch (err) {
    const e = err as FileWriteError;
    throw new AttributeError('path', e.reason === 'exists' ? existsMessage(state.path) : e.message);
  }
  ctx.log.info('wrote local file', { path: state.path, mode: formatFileMode(modeOf(state)) });
  const sha = sha256Hex(state.content);
  return { state: { id: state.path, content_sha256: sha }, private: { written_sha256: sha } };
}

function existsMessage(file: string): string {
  return (
    `${file} already exists and was not written by this resource, so it is left as it is. Move it away or choose another path; ` +
    'to take the file over (it is overwritten now and removed on destroy), set adopt_existing = true (in a cluster definition: outputs.adoptExisting: true)'
  );
}

export const localFile = defineResource<typeof schema, unknown>({
  name: 'local_file',
  schema,
  async plan({ config, prior }) {
    const computed: Partial<State> = {};
    if (typeof config.path === 'string') {
      // A new file where the prior state has none (create, or a new path): whatever is there is not ours.
      const creating = prior === null || prior.path !== config.path;
      const adopt = config.adopt_existing === true;
      const problem = targetProblem(config.path, creating && !adopt ? 'never' : 'regular-file');
      if (problem?.reason === 'exists') throw new AttributeError('path', existsMessage(config.path));
      if (problem?.reason === 'directory') throw new AttributeError('path', `${config.path} is a directory; remove it or give the path of a file in it`);
      if (problem) throw new AttributeError('path', problem.message);
      computed.id = config.path;
    }
    // Planned from the configuration: a file changed on disk (another hash in the refreshed state) plans an update.
    if (typeof config.content === 'string') computed.content_sha256 = sha256Hex(config.content);
    return { computed };
  },
  async create({ planned, ctx }) {
    // Checked again: the plan may be old, and link() refuses a file that appeared since.
    return write(planned, planned.adopt_existing === true ? 'regular-file' : 'never', ctx);
  },
  async read({ state }) {
    const facts = await inspectFile(state.path);
    if (facts.kind === 'missing') return null;
    // Something else took the path: no hash, so the plan shows a change (and refuses a link or directory).
    if (facts.kind === 'other') return { state: { content_sha256: null } };
    const file_permission = facts.mode === modeOf(state) ? state.file_permission : formatFileMode(facts.mode);
    return { state: { content_sha256: facts.sha256, file_permission } };
  },
  async update({ planned, ctx }) {
    // The path is unchanged (a new path replaces the resource): repairing our own file's drift.
    return write(planned, 'regular-file', ctx);
  },
  async delete({ prior, private: priv, ctx }) {
    const facts = await inspectFile(prior.path);
    if (facts.kind === 'missing') return;
    if (facts.kind === 'other') {
      ctx.warn(`${prior.path} is now ${facts.what}`, 'It is not the file Terraform wrote, so it is left in place.');
      return;
    }
    const written = typeof (priv as Ownership).written_sha256 === 'string' ? (priv as Ownership).written_sha256 : sha256Hex(prior.content);
    if (facts.sha256 !== written) {
      ctx.warn(
        `${prior.path} was changed after Terraform wrote it, so it is left in place`,
        facts.sha256 === null
          ? 'It cannot be read, so it cannot be shown to be the file Terraform wrote. Remove it yourself if it is no longer needed.'
          : 'Its content is no longer what Terraform wrote (edited or replaced since). Remove it yourself if it is no longer needed.',
      );
      return;
    }
    await removeFile(prior.path);
    ctx.log.info('removed local file', { path: prior.path });
  },
});
