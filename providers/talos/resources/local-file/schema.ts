/** The Terraform schema of `talos_local_file`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { filePathProblem, filePermissionProblem } from './file-io';

export const DEFAULT_FILE_PERMISSION = '0600';

export const schema = defineSchema({
  description:
    'A local file holding sensitive content (e.g. a kubeconfig), written atomically with mode 0600; never replaces a file it did not write (unless adopt_existing) and removes it on destroy only while it holds what was written.',
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
    adopt_existing: attr.bool({
      mode: 'optional',
      default: false,
      description: 'Take over a file already at the path when creating (it is overwritten, and removed on destroy). Default false: an existing file fails the plan and is left as it is.',
    }),
    content_sha256: attr.string({ mode: 'computed', description: 'SHA-256 (hex) of the content on disk; a change made outside Terraform shows here.' }),
  },
});
