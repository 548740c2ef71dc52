/**
 * The cluster credentials a definition asks for as local files (`outputs.kubeconfig`,
 * `outputs.talosconfig`): one `talos_local_file` each, mode 0600, written by the Talos stage on
 * apply, repaired when changed or removed outside Terraform, removed on destroy while it still
 * holds what was written. A file already at the path fails the plan unless `adoptExisting` is set.
 * The content is a reference to the sensitive attribute that holds it, so the synthesized JSON
 * never holds it.
 */
import { Construct } from 'constructs';
import * as path from 'node:path';
import { localFile } from '../../providers/bindings/talos';
import { Token } from '../cdk';
import { fieldError } from '../../providers/kernel/validation';

export interface CredentialFile {
  /** Absolute: Terraform runs in the stack's directory, not where the app was synthesized. */
  readonly path: string;
  /** A reference to a sensitive attribute (e.g. talos_cluster_kubeconfig.kubeconfig_raw), never a literal. */
  readonly content: string;
  /** Take over a file already at the path (overwritten now, removed on destroy). @default false: such a file fails the plan */
  readonly adoptExisting?: boolean;
}

export interface TalosCredentialFilesProps {
  /** The admin kubeconfig's file. @default none written */
  readonly kubeconfig?: CredentialFile;
  /** The talosconfig's file. @default none written */
  readonly talosconfig?: CredentialFile;
}

export const CREDENTIAL_FILE_PERMISSION = '0600';

export class TalosCredentialFiles extends Construct {
  /** Per credential that was asked for. */
  readonly files: Readonly<Partial<Record<keyof TalosCredentialFilesProps, localFile.LocalFile>>>;

  constructor(scope: Construct, id: string, props: TalosCredentialFilesProps) {
    super(scope, id);
    const files: Partial<Record<keyof TalosCredentialFilesProps, localFile.LocalFile>> = {};
    const seen = new Map<string, string>();
    for (const key of ['kubeconfig', 'talosconfig'] as const) {
      const file = props[key];
      if (!file) continue;
      if (!path.isAbsolute(file.path)) {
        throw fieldError(this.node.path, `${key}.path`, `"${file.path}" is relative; resolve it first (Terraform runs in cdktf.out/stacks/<stack>), e.g. ${path.resolve(file.path)}`);
      }
      if (!Token.isUnresolved(file.content)) {
        throw fieldError(this.node.path, `${key}.content`, `is a literal string; pass the sensitive attribute that holds it so the secret stays out of the synthesized JSON`);
      }
      const other = seen.get(path.normalize(file.path));
      if (other) throw fieldError(this.node.path, `${key}.path`, `"${file.path}" is also the ${other} file; give each its own path`);
      seen.set(path.normalize(file.path), key);
      files[key] = new localFile.LocalFile(this, key, {
        path: path.normalize(file.path),
        content: file.content,
        filePermission: CREDENTIAL_FILE_PERMISSION,
        ...(file.adoptExisting ? { adoptExisting: true } : {}),
      });
    }
    this.files = files;
  }
}
