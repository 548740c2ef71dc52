/**
 * When `npm start` drops the local state of an earlier lab (its VMs and nodes are gone), the
 * credential files that state's `talos_local_file` resources wrote are stale too, and the new
 * deploy would refuse to take them over (they are no longer in any state). This removes each file
 * the state recorded, but only while it still holds exactly what the state says was written (the
 * SHA-256 in private state, else of the recorded content): a file edited or replaced since is kept.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

interface StateInstance {
  readonly attributes?: { readonly path?: unknown; readonly content?: unknown };
  /** Base64 of the provider's private JSON. */
  readonly private?: unknown;
}

interface StateFile {
  readonly resources?: readonly { readonly mode?: string; readonly type?: string; readonly instances?: readonly StateInstance[] }[];
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function writtenSha(instance: StateInstance, content: string): string {
  if (typeof instance.private === 'string' && instance.private !== '') {
    try {
      const priv = JSON.parse(Buffer.from(instance.private, 'base64').toString('utf8')) as { written_sha256?: unknown };
      if (typeof priv.written_sha256 === 'string') return priv.written_sha256;
    } catch {
      // Not ours or not JSON: fall back to the recorded content.
    }
  }
  return sha256(content);
}

/**
 * Removes the files `stateFile` owns; returns what was removed and what was kept (changed since).
 * `stateJson` is the state's plain JSON when the file itself is not (OpenTofu-encrypted: what
 * `tofu state pull` decrypted).
 */
export function removeCredentialFilesOfState(stateFile: string, stateJson?: string): { removed: string[]; kept: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  let state: StateFile;
  try {
    state = JSON.parse(stateJson ?? fs.readFileSync(stateFile, 'utf8')) as StateFile;
  } catch {
    return { removed, kept };
  }
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'managed' || resource.type !== 'talos_local_file') continue;
    for (const instance of resource.instances ?? []) {
      const { path: file, content } = instance.attributes ?? {};
      if (typeof file !== 'string' || typeof content !== 'string') continue;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(file);
      } catch {
        continue;
      }
      if (!st.isFile()) {
        kept.push(file);
        continue;
      }
      let current: string;
      try {
        current = sha256(fs.readFileSync(file));
      } catch {
        kept.push(file);
        continue;
      }
      if (current !== writtenSha(instance, content)) {
        kept.push(file);
        continue;
      }
      fs.unlinkSync(file);
      removed.push(file);
    }
  }
  return { removed, kept };
}
